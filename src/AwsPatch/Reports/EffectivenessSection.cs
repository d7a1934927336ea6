using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AwsPatch.Planning;
using AwsPatch.Remediation;

namespace AwsPatch.Reports
{
    /// <summary>
    /// The report's effectiveness section: <see cref="RemediationFigures"/> over the remediation objects it was given,
    /// one row per figure (closed vs still open with reasons, time to remediate, due dates met and missed, the worst
    /// offenders, then the trend: one row per rollout, per run outside a rollout, and per install day for findings no
    /// AwsPatch run could be joined to, oldest first). Due dates follow the default <see cref="DueDatePolicy"/>, measured at the latest time the results know.
    /// </summary>
    internal sealed class EffectivenessSection : IReportSection
    {
        private readonly ReportSection<PatchRemediation> _results;

        public EffectivenessSection(ReportSection<PatchRemediation> results) => _results = results;

        public string Key => "effectiveness";

        public string Heading => "Effectiveness";

        public int Count => _results.Count == 0 ? 0 : Figures().Count;

        public IReadOnlyList<string> Headers(bool html) => new[] { "Figure", "Value" };

        public IReadOnlyList<bool> NumericColumns(bool html) => new[] { false, false };

        public IEnumerable<IReadOnlyList<string?>> Rows(bool html) => _results.Count == 0 ? Enumerable.Empty<IReadOnlyList<string?>>() : Figures();

        private List<IReadOnlyList<string?>> Figures()
        {
            var items = _results.Items;
            var asOf = items.SelectMany(r => new[] { r.PatchedAt, r.ClosedAt, r.LastScannedAt, r.FirstObservedAt }).Where(t => t != null).Select(t => t!.Value).DefaultIfEmpty(DateTime.UtcNow).Max();
            var f = RemediationFigures.Compute(items, new DueDatePolicy(), asOf);
            var rows = new List<IReadOnlyList<string?>>
            {
                Row("Closed", ReportValues.Number(f.Closed)),
                Row("Still open", ReportValues.Number(f.StillOpen)),
            };
            rows.AddRange(f.OpenByReason.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => Row("Still open: " + p.Key, ReportValues.Number(p.Value))));
            rows.Add(Row("New after patching", ReportValues.Number(f.New)));
            rows.Add(Row("Time to remediate, median", Days(f.MedianTimeToRemediate)));
            rows.Add(Row("Time to remediate, 90th percentile", Days(f.P90TimeToRemediate)));
            rows.AddRange(f.BySeverity.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Row($"Time to remediate, {p.Key} (median / p90)", Days(p.Value.Median) + " / " + Days(p.Value.P90))));
            rows.AddRange(f.ByEnvironment.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Row($"Time to remediate, {p.Key} (median / p90)", Days(p.Value.Median) + " / " + Days(p.Value.P90))));
            rows.Add(Row("Due dates met / missed", ReportValues.Number(f.DueMet) + " / " + ReportValues.Number(f.DueMissed)));
            rows.Add(Row("Closed within due date", f.ClosedWithinDueShare is double share ? share.ToString("0%", CultureInfo.InvariantCulture) : null));
            rows.Add(Row("Most open findings, instances", string.Join(", ", f.WorstInstances.Select(p => $"{p.Key} ({p.Value})"))));
            rows.Add(Row("Most open findings, packages", string.Join(", ", f.WorstPackages.Select(p => $"{p.Key} ({p.Value})"))));
            rows.AddRange(f.Trend.Select(t => Row(
                "Trend, " + (t.RolloutId != null ? "rollout " + t.RolloutId : t.RunId != null ? "run " + t.RunId
                    : "installs of " + t.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " (no AwsPatch run found)"),
                $"{ReportValues.Number(t.Instances)} instances: {ReportValues.Number(t.Closed)} closed / {ReportValues.Number(t.StillOpen)} open"
                + (t.ClosedShare is double share ? " (" + share.ToString("0%", CultureInfo.InvariantCulture) + " closed)" : string.Empty)
                + $", {ReportValues.Number(t.New)} new" + (t.MedianTimeToRemediate is { } median ? ", median " + Days(median) + " / p90 " + Days(t.P90TimeToRemediate) : string.Empty))));
            return rows;
        }

        private static IReadOnlyList<string?> Row(string figure, string? value) => new[] { figure, value };

        /// <summary>Days with one decimal; under a day, hours (a fix rolled out the day it was released).</summary>
        private static string? Days(TimeSpan? value) => value is not TimeSpan time ? null
            : time.TotalDays >= 1 ? time.TotalDays.ToString("0.#", CultureInfo.InvariantCulture) + " d"
            : time.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h";
    }
}
