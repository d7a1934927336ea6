using System;
using System.Collections.Generic;
using System.Linq;

namespace AwsPatch.Reports
{
    /// <summary>A report's objects of type <typeparamref name="T"/> and the columns they show.</summary>
    internal sealed class ReportSection<T> : IReportSection
    {
        private readonly List<T> _items = new List<T>();
        private readonly IReadOnlyList<ReportColumn<T>> _columns;
        private readonly Comparison<T>? _order;

        /// <param name="order">The order rows are written in; null: arrival order.</param>
        public ReportSection(string key, string heading, IReadOnlyList<ReportColumn<T>> columns, Comparison<T>? order = null)
        {
            Key = key;
            Heading = heading;
            _columns = columns;
            _order = order;
        }

        public string Key { get; }

        public string Heading { get; }

        public int Count => _items.Count;

        public IReadOnlyList<T> Items => _items;

        public void Add(T item) => _items.Add(item);

        public IReadOnlyList<string> Headers(bool html) => Columns(html).Select(c => c.Header).ToList();

        public IReadOnlyList<bool> NumericColumns(bool html) => Columns(html).Select(c => c.Numeric).ToList();

        public IEnumerable<IReadOnlyList<string?>> Rows(bool html)
        {
            var columns = Columns(html);
            var items = _order == null ? (IEnumerable<T>)_items : _items.OrderBy(x => x, Comparer<T>.Create(_order));   // OrderBy is stable
            foreach (var item in items)
                yield return columns.Select(c => c.Value(item)).ToList();
        }

        private List<ReportColumn<T>> Columns(bool html) => _columns.Where(c => html ? c.InHtml : c.InCsv).ToList();
    }
}
