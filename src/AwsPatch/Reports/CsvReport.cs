using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AwsPatch.Reports
{
    /// <summary>
    /// Writes a report as CSV files, one per kind of object present: <c>&lt;base&gt;.compliance.csv</c>,
    /// <c>&lt;base&gt;.findings.csv</c>, <c>&lt;base&gt;.priorities.csv</c>, <c>&lt;base&gt;.runs.csv</c>, where the base
    /// is the path without a <c>.csv</c> extension. Each has a header row and every column of its kind.
    /// </summary>
    internal static class CsvReport
    {
        /// <summary>The file each section with objects goes to, in section order.</summary>
        public static IReadOnlyList<(IReportSection Section, string Path)> Files(ReportContent content, string path)
        {
            var basePath = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? path.Substring(0, path.Length - 4) : path;
            return content.Sections.Where(s => s.Count > 0).Select(s => (s, basePath + "." + s.Key + ".csv")).ToList();
        }

        public static void Write(TextWriter w, IReportSection section)
        {
            CsvText.WriteRecord(w, section.Headers(html: false));
            foreach (var row in section.Rows(html: false))
                CsvText.WriteRecord(w, row);
        }
    }
}
