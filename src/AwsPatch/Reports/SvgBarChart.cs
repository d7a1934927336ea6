using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AwsPatch.Reports
{
    /// <summary>
    /// A horizontal bar chart as inline SVG (no script, no external resource): one row per bar, stacked segments,
    /// the count after each bar, a tooltip per segment and a legend for stacked bars. Every label
    /// is HTML-escaped; the geometry is computed here, in invariant culture.
    /// </summary>
    internal static class SvgBarChart
    {
        internal const int Width = 540;
        internal const int LabelWidth = 170;
        private const int BarArea = 300;
        internal const int RowHeight = 26;
        internal const int BarHeight = 18;
        internal const int Top = 8;
        private const int MaxLabel = 20;

        public static void Write(TextWriter w, string id, string title, IReadOnlyList<ChartBar> bars)
        {
            var series = bars.SelectMany(b => b.Segments).GroupBy(s => s.Series).Select(g => g.First()).ToList();
            var legendHeight = bars.Any(b => b.Segments.Count > 1) ? RowHeight : 0;
            var height = Top + (bars.Count * RowHeight) + legendHeight + 4;
            var max = Math.Max(1, bars.Count == 0 ? 0 : bars.Max(b => b.Total));

            Open(w, id, title, height);

            for (var i = 0; i < bars.Count; i++)
                WriteBar(w, bars[i], Top + (i * RowHeight), max);

            if (legendHeight > 0)
                WriteLegend(w, series, Top + (bars.Count * RowHeight) + 4);
            w.Write("</svg></figure>\n");
        }

        /// <summary>Opens the chart's figure (its caption) and its svg element, <see cref="Width"/> wide; the caller closes both.</summary>
        internal static void Open(TextWriter w, string id, string title, int height)
        {
            w.Write("<figure class=\"chart\"");
            Attribute(w, "id", id);
            w.Write("><figcaption>");
            HtmlText.Write(w, title);
            w.Write("</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"");
            Attribute(w, "width", N(Width));
            Attribute(w, "height", N(height));
            Attribute(w, "viewBox", "0 0 " + N(Width) + " " + N(height));
            Attribute(w, "aria-label", title);
            w.Write(">\n");
        }

        private static void WriteBar(TextWriter w, ChartBar bar, int y, int max)
        {
            w.Write("<g class=\"bar\"");
            Attribute(w, "data-label", bar.Label);
            Attribute(w, "data-total", N(bar.Total));
            w.Write(">");
            Text(w, LabelWidth - 8, y + 13, Shorten(bar.Label), tooltip: bar.Label, anchorEnd: true);

            double x = LabelWidth;
            foreach (var segment in bar.Segments)
            {
                var width = (double)segment.Value / max * BarArea;
                w.Write("<rect");
                Attribute(w, "data-series", segment.Series);
                Attribute(w, "data-value", N(segment.Value));
                Rect(w, x, y, width, BarHeight, segment.Color);
                w.Write("><title>");
                HtmlText.Write(w, bar.Label + " · " + segment.Series + ": " + N(segment.Value));
                w.Write("</title></rect>");
                x += width;
            }

            Text(w, x + 6, y + 13, string.Join(" / ", bar.Segments.Select(s => N(s.Value))));
            w.Write("</g>\n");
        }

        private static void WriteLegend(TextWriter w, IReadOnlyList<ChartSegment> series, int y)
        {
            var x = LabelWidth;
            w.Write("<g class=\"legend\">");
            foreach (var s in series)
            {
                w.Write("<rect");
                Rect(w, x, y + 3, 12, 12, s.Color);
                w.Write("></rect>");
                Text(w, x + 16, y + 13, s.Series);
                x += 130;
            }
            w.Write("</g>\n");
        }

        internal static void Rect(TextWriter w, double x, int y, double width, int height, string color)
        {
            Attribute(w, "x", D(x));
            Attribute(w, "y", N(y));
            Attribute(w, "width", D(width));
            Attribute(w, "height", N(height));
            Attribute(w, "fill", color);
        }

        internal static void Text(TextWriter w, double x, int y, string text, string? tooltip = null, bool anchorEnd = false)
        {
            w.Write("<text");
            Attribute(w, "x", D(x));
            Attribute(w, "y", N(y));
            if (anchorEnd)
                Attribute(w, "text-anchor", "end");
            w.Write(">");
            HtmlText.Write(w, text);
            if (tooltip != null)
            {
                w.Write("<title>");
                HtmlText.Write(w, tooltip);
                w.Write("</title>");
            }
            w.Write("</text>");
        }

        /// <summary>Writes <c> name="value"</c> with the value escaped.</summary>
        internal static void Attribute(TextWriter w, string name, string value)
        {
            w.Write(' ');
            w.Write(name);
            w.Write("=\"");
            HtmlText.Write(w, value);
            w.Write('"');
        }

        /// <summary>Long labels are cut for display (the tooltip has the whole label); cut before escaping, never inside an entity.</summary>
        private static string Shorten(string label) => label.Length <= MaxLabel ? label : label.Substring(0, MaxLabel - 1) + "…";

        internal static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

        internal static string D(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
