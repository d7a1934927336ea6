using System.Collections.Generic;
using System.Linq;

namespace AwsPatch.Reports
{
    /// <summary>
    /// What one report holds: the compliance, finding, priority, run and run-result objects it was given, in arrival
    /// order, one section per kind. The charts and tiles are computed from these; the tables are written from them.
    /// </summary>
    internal sealed class ReportContent
    {
        public ReportSection<PatchCompliance> Compliance { get; } = new ReportSection<PatchCompliance>("compliance", "Compliance", ReportColumns.Compliance);

        public ReportSection<PatchFinding> Findings { get; } = new ReportSection<PatchFinding>("findings", "Findings", ReportColumns.Findings);

        public ReportSection<PatchPriority> Priorities { get; } = new ReportSection<PatchPriority>("priorities", "Priorities", ReportColumns.Priorities);

        /// <summary>Whole runs as Get-PatchRun lists them (one row per run; the per-instance results are <see cref="Runs"/>).</summary>
        public ReportSection<PatchRun> RunSummaries { get; } = new ReportSection<PatchRun>("run-summaries", "Run summaries", ReportColumns.RunSummaries);

        public ReportSection<PatchRunResult> Runs { get; } = new ReportSection<PatchRunResult>("runs", "Patch runs", ReportColumns.Runs);

        /// <summary>New-PatchPlan output: instances at risk of missing their due date first.</summary>
        public ReportSection<PatchPlan> Plan { get; } = new ReportSection<PatchPlan>("plan", "Patch plan", ScheduleColumns.Plan, ScheduleColumns.AtRiskFirst);

        /// <summary>Get-PatchWindow output: the upcoming maintenance windows, soonest first.</summary>
        public ReportSection<PatchWindow> Windows { get; } = new ReportSection<PatchWindow>("windows", "Maintenance windows", ScheduleColumns.Windows, ScheduleColumns.SoonestFirst);

        /// <summary>Get-PatchRemediation results: what became of each finding after patching.</summary>
        public ReportSection<PatchRemediation> Remediation { get; } = new ReportSection<PatchRemediation>("remediation", "Remediation", RemediationColumns.All);

        /// <summary>Every section, in the order the report shows them (also the ones with no objects).</summary>
        public IReadOnlyList<IReportSection> Sections => new IReportSection[] { Compliance, Findings, Priorities, RunSummaries, Runs, Plan, Windows, new EffectivenessSection(Remediation), Remediation };

        /// <summary>True when no section has an object: such a report says nothing and is not written.</summary>
        public bool IsEmpty => Sections.All(s => s.Count == 0);

        /// <summary>Adds an object of a kind reports show; false (and nothing added) for anything else.</summary>
        public bool TryAdd(object? item)
        {
            switch (item)
            {
                case PatchCompliance compliance: Compliance.Add(compliance); return true;
                case PatchFinding finding: Findings.Add(finding); return true;
                case PatchPriority priority: Priorities.Add(priority); return true;
                case PatchRun run: RunSummaries.Add(run); return true;
                case PatchRunResult result: Runs.Add(result); return true;
                case PatchPlan plan: Plan.Add(plan); return true;
                case PatchWindow window: Windows.Add(window); return true;
                case PatchRemediation remediation: Remediation.Add(remediation); return true;
                default: return false;
            }
        }
    }
}
