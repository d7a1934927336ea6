using System;

namespace AwsPatch.Reports
{
    /// <summary>One column of a report table: its header (the property name), how a cell shows the value, and whether the HTML table shows it too (CSV files carry every column).</summary>
    internal sealed class ReportColumn<T>
    {
        public ReportColumn(string header, Func<T, string?> value, bool inHtml = true, bool numeric = false, bool inCsv = true)
        {
            InCsv = inCsv;
            Header = header;
            Value = value;
            InHtml = inHtml;
            Numeric = numeric;
        }

        public string Header { get; }

        public Func<T, string?> Value { get; }

        public bool InHtml { get; }

        /// <summary>False for an HTML-only shortening of a value another column carries in full in the CSV file.</summary>
        public bool InCsv { get; }

        /// <summary>Right-aligned in HTML.</summary>
        public bool Numeric { get; }
    }
}
