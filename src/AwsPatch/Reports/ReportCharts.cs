using System;
using System.Collections.Generic;
using System.Linq;

namespace AwsPatch.Reports
{
    /// <summary>The figures a report shows above its tables: the summary tiles and the bars of each chart.</summary>
    internal static class ReportCharts
    {
        public const string Compliant = "Compliant";
        public const string NotCompliant = "Not compliant";
        public const string NoEnvironment = "(no Environment)";
        private const string OtherColor = "#5c6bc0";

        private static readonly (string Name, string Color)[] States =
        {
            ("Compliant", "#2e7d32"), ("NonCompliant", "#c62828"), ("PendingReboot", "#f9a825"), ("Stale", "#8d6e63"), ("NotScanned", "#9e9e9e"),
        };

        private static readonly (string Name, string Color)[] Severities =
        {
            ("Critical", "#b71c1c"), ("High", "#e65100"), ("Medium", "#f9a825"), ("Low", "#1565c0"), ("Informational", "#78909c"), ("Untriaged", "#9e9e9e"),
        };

        private static readonly (string Name, string Color)[] Statuses =
        {
            ("Success", "#2e7d32"), ("Failed", "#c62828"), ("TimedOut", "#ad1457"), ("Undeliverable", "#6a1b9a"), ("Cancelled", "#757575"),
            ("Cancelling", "#757575"), ("InProgress", "#1565c0"), ("Pending", "#64b5f6"), ("Delayed", "#ffb300"),
        };

        /// <summary>Run results that did not patch their instance (Cancelled is the operator's choice, not a failure).</summary>
        public static readonly IReadOnlyCollection<string> FailedStatuses = new[] { "Failed", "TimedOut", "Undeliverable" };

        public static IReadOnlyList<ChartBar> ComplianceByState(IEnumerable<PatchCompliance> items) => Counted(items.Select(c => c.ComplianceState), States);

        public static IReadOnlyList<ChartBar> FindingsBySeverity(IEnumerable<PatchFinding> items) => Counted(items.Select(f => f.Severity), Severities);

        public static IReadOnlyList<ChartBar> RunsByStatus(IEnumerable<PatchRunResult> items) => Counted(items.Select(r => r.Status), Statuses);

        /// <summary>Per Environment tag (instances without one together, last): compliant vs. every other state.</summary>
        public static IReadOnlyList<ChartBar> ComplianceByEnvironment(IEnumerable<PatchCompliance> items) =>
            items.GroupBy(c => string.IsNullOrEmpty(c.Environment) ? null : c.Environment, StringComparer.Ordinal)
                .OrderBy(g => g.Key == null ? 1 : 0).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                .Select(g => new ChartBar(g.Key ?? NoEnvironment, new[]
                {
                    new ChartSegment(Compliant, g.Count(IsCompliant), States[0].Color),
                    new ChartSegment(NotCompliant, g.Count(c => !IsCompliant(c)), States[1].Color),
                }))
                .ToList();

        public static bool IsCompliant(PatchCompliance compliance) => string.Equals(compliance.ComplianceState, Compliant, StringComparison.OrdinalIgnoreCase);

        /// <summary>One bar per value: the known ones in their fixed order (only those present), then any others by name.</summary>
        private static IReadOnlyList<ChartBar> Counted(IEnumerable<string> values, (string Name, string Color)[] known)
        {
            var counts = values.GroupBy(v => v ?? string.Empty, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
            var bars = new List<ChartBar>();
            foreach (var (name, color) in known)
            {
                if (counts.TryGetValue(name, out var count))
                {
                    bars.Add(Bar(name, count, color));
                    counts.Remove(name);
                }
            }
            bars.AddRange(counts.OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase).Select(c => Bar(c.Key.Length == 0 ? "(none)" : c.Key, c.Value, OtherColor)));
            return bars;
        }

        private static ChartBar Bar(string name, int count, string color) => new ChartBar(name, new[] { new ChartSegment(name, count, color) });
    }
}
