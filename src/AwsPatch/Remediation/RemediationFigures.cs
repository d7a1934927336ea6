using System;
using System.Collections.Generic;
using System.Linq;
using AwsPatch.Planning;

namespace AwsPatch.Remediation
{
    /// <summary>
    /// Whether the patching strategy works, from <see cref="PatchRemediation"/> results: how many findings closed and
    /// why the others stay open, time to remediate (first observed to closed; median and 90th percentile, nearest
    /// rank) overall, by severity and by environment, the share of closed-or-open findings closed within their due
    /// period (Critical and High: <see cref="DueDatePolicy.CriticalHigh"/>; the rest: <see cref="DueDatePolicy.Routine"/>,
    /// from first observed), the instances and packages with the most findings still open, and the trend: the same
    /// counts per rollout, per run outside a rollout, and per install day for findings joined to no run
    /// (<see cref="Trend"/>), oldest first.
    /// </summary>
    public sealed class RemediationFigures
    {
        public int Closed { get; private set; }
        public int StillOpen { get; private set; }
        public int New { get; private set; }

        /// <summary>StillOpen findings per reason.</summary>
        public IReadOnlyDictionary<string, int> OpenByReason { get; private set; } = new Dictionary<string, int>();

        public TimeSpan? MedianTimeToRemediate { get; private set; }
        public TimeSpan? P90TimeToRemediate { get; private set; }

        /// <summary>(median, p90) per severity and per environment ("(none)" without an Environment tag).</summary>
        public IReadOnlyDictionary<string, (TimeSpan Median, TimeSpan P90)> BySeverity { get; private set; } = new Dictionary<string, (TimeSpan, TimeSpan)>();
        public IReadOnlyDictionary<string, (TimeSpan Median, TimeSpan P90)> ByEnvironment { get; private set; } = new Dictionary<string, (TimeSpan, TimeSpan)>();

        /// <summary>Closed within the due period / (Closed + StillOpen); null with neither.</summary>
        public double? ClosedWithinDueShare { get; private set; }
        public int DueMet { get; private set; }
        public int DueMissed { get; private set; }

        /// <summary>Instances with the most StillOpen findings, most first (ties by id), at most five.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> WorstInstances { get; private set; } = Array.Empty<KeyValuePair<string, int>>();

        /// <summary>Packages (Windows: KB ids) with the most StillOpen findings, most first (ties by name), at most five.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> WorstPackages { get; private set; } = Array.Empty<KeyValuePair<string, int>>();

        /// <summary>Per rollout and per run (per install day when no run is known), oldest first: is each round of patching closing more?</summary>
        public IReadOnlyList<RemediationTrendPoint> Trend { get; private set; } = Array.Empty<RemediationTrendPoint>();

        /// <summary>The due period of a finding of <paramref name="severity"/>.</summary>
        public static TimeSpan DuePeriod(string severity, DueDatePolicy policy) =>
            severity is "Critical" or "High" ? policy.CriticalHigh : policy.Routine;

        /// <summary>Nearest-rank percentile (<paramref name="percent"/> in 1..100) of sorted values.</summary>
        public static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, int percent)
        {
            if (sorted.Count == 0) throw new ArgumentException("No values.", nameof(sorted));
            var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
            return sorted[Math.Max(rank, 1) - 1];
        }

        /// <param name="asOf">AWS's time now: a still-open finding older than its due period has missed it.</param>
        public static RemediationFigures Compute(IEnumerable<PatchRemediation> results, DueDatePolicy policy, DateTime asOf)
        {
            var all = results.ToList();
            var closed = all.Where(r => r.Outcome == RemediationOutcomes.Closed && r.TimeToRemediate != null).ToList();
            var open = all.Where(r => r.Outcome == RemediationOutcomes.StillOpen).ToList();
            var figures = new RemediationFigures
            {
                Closed = all.Count(r => r.Outcome == RemediationOutcomes.Closed),
                StillOpen = open.Count,
                New = all.Count(r => r.Outcome == RemediationOutcomes.New),
                OpenByReason = open.GroupBy(r => r.Reason ?? string.Empty).ToDictionary(g => g.Key, g => g.Count()),
                BySeverity = Spread(closed, r => r.Severity),
                ByEnvironment = Spread(closed, r => string.IsNullOrEmpty(r.Environment) ? "(none)" : r.Environment!),
                WorstInstances = Worst(open, r => r.InstanceId),
                WorstPackages = Worst(open, r => r.KbId ?? r.PackageName),
                Trend = TrendOf(all),
            };
            var times = closed.Select(r => r.TimeToRemediate!.Value).OrderBy(t => t).ToList();
            if (times.Count > 0)
            {
                figures.MedianTimeToRemediate = Percentile(times, 50);
                figures.P90TimeToRemediate = Percentile(times, 90);
            }

            figures.DueMet = closed.Count(r => r.TimeToRemediate <= DuePeriod(r.Severity, policy));
            figures.DueMissed = closed.Count - figures.DueMet
                + open.Count(r => r.FirstObservedAt is DateTime first && asOf - first > DuePeriod(r.Severity, policy));
            var judged = closed.Count + open.Count;
            figures.ClosedWithinDueShare = judged == 0 ? (double?)null : (double)figures.DueMet / judged;
            return figures;
        }

        /// <summary>One point per rollout, per run outside a rollout, and per install day of the findings joined to neither; oldest first.</summary>
        private static IReadOnlyList<RemediationTrendPoint> TrendOf(List<PatchRemediation> all) =>
            all.Where(r => r.PatchedAt != null)
                .GroupBy(r => r.RolloutId != null ? "rollout " + r.RolloutId : r.RunId != null ? "run " + r.RunId : "day " + r.PatchedAt!.Value.ToUniversalTime().Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal)
                .Select(g =>
                {
                    var first = g.Min(r => r.PatchedAt!.Value.ToUniversalTime());
                    var closed = g.Count(r => r.Outcome == RemediationOutcomes.Closed);
                    var open = g.Count(r => r.Outcome == RemediationOutcomes.StillOpen);
                    var times = g.Where(r => r.Outcome == RemediationOutcomes.Closed && r.TimeToRemediate != null).Select(r => r.TimeToRemediate!.Value).OrderBy(t => t).ToList();
                    var sample = g.First();
                    return new RemediationTrendPoint
                    {
                        RolloutId = sample.RolloutId,
                        RunId = sample.RolloutId == null ? sample.RunId : null,
                        Day = DateTime.SpecifyKind(first.Date, DateTimeKind.Utc),
                        FirstPatchedAt = first,
                        Instances = g.Select(r => r.InstanceId).Distinct(StringComparer.Ordinal).Count(),
                        Closed = closed,
                        StillOpen = open,
                        New = g.Count(r => r.Outcome == RemediationOutcomes.New),
                        ClosedShare = closed + open == 0 ? (double?)null : (double)closed / (closed + open),
                        MedianTimeToRemediate = times.Count == 0 ? (TimeSpan?)null : Percentile(times, 50),
                        P90TimeToRemediate = times.Count == 0 ? (TimeSpan?)null : Percentile(times, 90),
                    };
                })
                .OrderBy(p => p.FirstPatchedAt).ThenBy(p => p.RolloutId ?? p.RunId ?? string.Empty, StringComparer.Ordinal).ToList();

        private static IReadOnlyDictionary<string, (TimeSpan Median, TimeSpan P90)> Spread(List<PatchRemediation> closed, Func<PatchRemediation, string> key) =>
            closed.GroupBy(key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g =>
            {
                var sorted = g.Select(r => r.TimeToRemediate!.Value).OrderBy(t => t).ToList();
                return (Percentile(sorted, 50), Percentile(sorted, 90));
            }, StringComparer.OrdinalIgnoreCase);

        private static IReadOnlyList<KeyValuePair<string, int>> Worst(List<PatchRemediation> open, Func<PatchRemediation, string?> key) =>
            open.Where(r => !string.IsNullOrEmpty(key(r))).GroupBy(r => key(r)!, StringComparer.Ordinal)
                .Select(g => new KeyValuePair<string, int>(g.Key, g.Count()))
                .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(5).ToList();
    }
}
