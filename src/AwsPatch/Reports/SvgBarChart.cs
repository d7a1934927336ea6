using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AwsPatch.Reports
{
    /// <summary>
    /// A horizontal bar chart as inline SVG (no script, no external resource): one row per bar, stacked segments,
    /// the count after each bar, a tooltip per segment and a legend when there is more than one series. Every label
    /// is HTML-escaped; the geometry is computed here, in invariant culture.
    /// </summary>
    internal static class SvgBarChart
    {
        private const int Width = 520;
        private const int LabelWidth = 150;
        private const int BarArea = 300;
        private const int RowHeight = 26;
        private const int BarHeight = 18;
        private const int Top = 8;
        private const int MaxLabel = 22;

        public static void Write(TextWriter w, string id, string title, IReadOnlyList<ChartBar> bars)
        {
            var series = bars.SelectMany(b => b.Segments).GroupBy(s => s.Series).Select(g => g.First()).ToList();
            var legendHeight = series.Count > 1 ? RowHeight : 0;
            var height = Top + (bars.Count * RowHeight) + legendHeight + 4;
            var max = Math.Max(1, bars.Count == 0 ? 0 : bars.Max(b => b.Total));

            w.Write("<figure class=\"chart\" id=\"");
            HtmlText.Write(w, id);
            w.Write("\"><figcaption>");
            HtmlText.Write(w, title);
            w.Write("</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"");
            w.Write(N(Width));
            w.Write("\" height=\"");
            w.Write(N(height));
            w.Write("\" viewBox=\"0 0 ");
            w.Write(N(Width));
            w.Write(' ');
            w.Write(N(height));
            w.Write("\" aria-label=\"");
            HtmlText.Write(w, title);
            w.Write("\">\n");

            for (var i = 0; i < bars.Count; i++)
                WriteBar(w, bars[i], Top + (i * RowHeight), max);

            if (legendHeight > 0)
                WriteLegend(w, series, Top + (bars.Count * RowHeight) + 4);
            w.Write("</svg></figure>\n");
        }

        private static void WriteBar(TextWriter w, ChartBar bar, int y, int max)
        {
            w.Write("<g class=\"bar\" data-label=\"");
            HtmlText.Write(w, bar.Label);
            w.Write("\" data-total=\"");
            w.Write(N(bar.Total));
            w.Write("\"><text x=\"");
            w.Write(N(LabelWidth - 8));
            w.Write("\" y=\"");
            w.Write(N(y + 13));
            w.Write("\" text-anchor=\"end\">");
            HtmlText.Write(w, Shorten(bar.Label));
            w.Write("<title>");
            HtmlText.Write(w, bar.Label);
            w.Write("</title></text>");

            double x = LabelWidth;
            foreach (var segment in bar.Segments)
            {
                var width = (double)segment.Value / max * BarArea;
                w.Write("<rect data-series=\"");
                HtmlText.Write(w, segment.Series);
                w.Write("\" data-value=\"");
                w.Write(N(segment.Value));
                w.Write("\" x=\"");
                w.Write(D(x));
                w.Write("\" y=\"");
                w.Write(N(y));
                w.Write("\" width=\"");
                w.Write(D(width));
                w.Write("\" height=\"");
                w.Write(N(BarHeight));
                w.Write("\" fill=\"");
                w.Write(segment.Color);
                w.Write("\"><title>");
                HtmlText.Write(w, bar.Label + " · " + segment.Series + ": " + N(segment.Value));
                w.Write("</title></rect>");
                x += width;
            }

            w.Write("<text class=\"count\" x=\"");
            w.Write(D(x + 6));
            w.Write("\" y=\"");
            w.Write(N(y + 13));
            w.Write("\">");
            w.Write(string.Join(" / ", bar.Segments.Select(s => N(s.Value))));
            w.Write("</text></g>\n");
        }

        private static void WriteLegend(TextWriter w, IReadOnlyList<ChartSegment> series, int y)
        {
            var x = LabelWidth;
            w.Write("<g class=\"legend\">");
            foreach (var s in series)
            {
                w.Write("<rect x=\"");
                w.Write(N(x));
                w.Write("\" y=\"");
                w.Write(N(y + 3));
                w.Write("\" width=\"12\" height=\"12\" fill=\"");
                w.Write(s.Color);
                w.Write("\"></rect><text x=\"");
                w.Write(N(x + 16));
                w.Write("\" y=\"");
                w.Write(N(y + 13));
                w.Write("\">");
                HtmlText.Write(w, s.Series);
                w.Write("</text>");
                x += 130;
            }
            w.Write("</g>\n");
        }

        /// <summary>Long labels are cut for display (the tooltip has the whole label); cut before escaping, never inside an entity.</summary>
        private static string Shorten(string label) => label.Length <= MaxLabel ? label : label.Substring(0, MaxLabel - 1) + "…";

        private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string D(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
