using System.Collections.Generic;
using System.IO;

namespace AwsPatch.Reports
{
    /// <summary>
    /// CSV as RFC 4180 writes it (comma separated, CRLF after every record, a field holding a comma, quote, CR or
    /// LF is quoted with its quotes doubled), plus a formula-injection guard: a field that starts with = + - @,
    /// a tab or a CR gets a leading apostrophe, so a spreadsheet shows it as text instead of evaluating it.
    /// </summary>
    internal static class CsvText
    {
        public static void WriteRecord(TextWriter writer, IEnumerable<string?> fields)
        {
            var first = true;
            foreach (var field in fields)
            {
                if (!first)
                    writer.Write(',');
                first = false;
                WriteField(writer, field);
            }
            writer.Write("\r\n");
        }

        public static void WriteField(TextWriter writer, string? field)
        {
            var value = Guard(field ?? string.Empty);
            if (value.IndexOfAny(MustQuote) < 0)
            {
                writer.Write(value);
                return;
            }
            writer.Write('"');
            writer.Write(value.Replace("\"", "\"\""));
            writer.Write('"');
        }

        /// <summary>Prefixes an apostrophe to a value a spreadsheet would read as a formula.</summary>
        public static string Guard(string value) =>
            value.Length > 0 && FormulaStart.IndexOf(value[0]) >= 0 ? "'" + value : value;

        private const string FormulaStart = "=+-@\t\r";
        private static readonly char[] MustQuote = { ',', '"', '\r', '\n' };
    }
}
