using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static AwsPatch.Reports.SvgBarChart;

namespace AwsPatch.Reports
{
    /// <summary>
    /// One rollout's waves on a timeline as inline SVG: one row per wave in wave order, a bar from the wave's start to
    /// its end on a scale from the rollout's start to its last wave's end, coloured by the wave's state, and the state
    /// after it. Each bar's tooltip has the times and the gate outcomes. Every label is HTML-escaped.
    /// </summary>
    internal static class SvgRolloutTimeline
    {
        /// <summary>Narrower than the bar chart's: room for the state after a bar that ends at the scale's end.</summary>
        private const int BarArea = 260;

        private static readonly Dictionary<string, string> StateColors = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Succeeded"] = "#2e7d32", ["Failed"] = "#c62828", ["InProgress"] = "#1565c0",
        };

        public static void Write(TextWriter w, string id, PatchRollout rollout)
        {
            var waves = rollout.Waves.OrderBy(x => x.Wave).ToList();
            var started = waves.Where(x => x.StartedAt.HasValue).Select(x => x.StartedAt!.Value).ToList();
            var origin = rollout.StartedAt ?? (started.Count > 0 ? started.Min() : DateTime.MinValue);
            var end = waves.Select(x => x.CompletedAt ?? x.StartedAt).Where(t => t.HasValue).Select(t => t!.Value).DefaultIfEmpty(origin).Max();
            var span = Math.Max(1.0, (end - origin).TotalSeconds);
            var height = Top + (waves.Count * RowHeight) + 4;
            var title = "Rollout " + rollout.RolloutId + " (" + rollout.State + ")";

            Open(w, id, title, height);
            for (var i = 0; i < waves.Count; i++)
            {
                var wave = waves[i];
                var y = Top + (i * RowHeight);
                w.Write("<g class=\"wave\"");
                Attribute(w, "data-wave", N(wave.Wave));
                Attribute(w, "data-state", wave.State);
                w.Write(">");
                var label = N(wave.Wave) + " " + wave.Name;
                Text(w, LabelWidth - 8, y + 13, label.Length <= 20 ? label : label.Substring(0, 19) + "…", tooltip: label, anchorEnd: true);
                var x = LabelWidth + 0.0;
                if (wave.StartedAt is DateTime from)
                {
                    var to = wave.CompletedAt ?? from;
                    x = LabelWidth + ((from - origin).TotalSeconds / span * BarArea);
                    var width = Math.Max(2.0, (to - from).TotalSeconds / span * BarArea);
                    w.Write("<rect");
                    Rect(w, x, y, width, BarHeight, StateColors.TryGetValue(wave.State, out var color) ? color : "#9e9e9e");
                    w.Write("><title>");
                    HtmlText.Write(w, label + " · " + wave.State + ": " + ReportValues.Time(wave.StartedAt) + " – " + (ReportValues.Time(wave.CompletedAt) ?? "…")
                        + (wave.GateOutcomes.Count > 0 ? " · " + ReportValues.List(wave.GateOutcomes) : string.Empty));
                    w.Write("</title></rect>");
                    x += width;
                }
                Text(w, x + 6, y + 13, wave.State);
                w.Write("</g>\n");
            }
            w.Write("</svg></figure>\n");
        }
    }
}
