using System.Collections.Generic;

namespace AwsPatch.Reports
{
    /// <summary>
    /// What one report holds: the compliance, finding, priority and run-result objects it was given, in arrival
    /// order, one section per kind. The charts and tiles are computed from these; the tables are written from them.
    /// </summary>
    internal sealed class ReportContent
    {
        public ReportSection<PatchCompliance> Compliance { get; } = new ReportSection<PatchCompliance>("compliance", "Compliance", ReportColumns.Compliance);

        public ReportSection<PatchFinding> Findings { get; } = new ReportSection<PatchFinding>("findings", "Findings", ReportColumns.Findings);

        public ReportSection<PatchPriority> Priorities { get; } = new ReportSection<PatchPriority>("priorities", "Priorities", ReportColumns.Priorities);

        public ReportSection<PatchRunResult> Runs { get; } = new ReportSection<PatchRunResult>("runs", "Patch runs", ReportColumns.Runs);

        /// <summary>Every section, in the order the report shows them (also the ones with no objects).</summary>
        public IReadOnlyList<IReportSection> Sections => new IReportSection[] { Compliance, Findings, Priorities, Runs };

        /// <summary>Adds an object of a kind reports show; false (and nothing added) for anything else.</summary>
        public bool TryAdd(object? item)
        {
            switch (item)
            {
                case PatchCompliance compliance: Compliance.Add(compliance); return true;
                case PatchFinding finding: Findings.Add(finding); return true;
                case PatchPriority priority: Priorities.Add(priority); return true;
                case PatchRunResult run: Runs.Add(run); return true;
                default: return false;
            }
        }
    }
}
