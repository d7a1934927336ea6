using System.Collections.Generic;

namespace AwsPatch.Reports
{
    /// <summary>The objects of one kind in a report, as a table: what the HTML table and the CSV file of that kind show.</summary>
    internal interface IReportSection
    {
        /// <summary>compliance, findings, priorities or runs: the HTML anchor and the CSV file name's middle part.</summary>
        string Key { get; }

        string Heading { get; }

        int Count { get; }

        IReadOnlyList<string> Headers(bool html);

        /// <summary>Which of <see cref="Headers"/> are numbers (right-aligned in HTML).</summary>
        IReadOnlyList<bool> NumericColumns(bool html);

        /// <summary>Each row's cells, in header order, produced as they are written.</summary>
        IEnumerable<IReadOnlyList<string?>> Rows(bool html);
    }
}
