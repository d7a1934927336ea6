using System.Collections.Generic;
using System.Linq;

namespace AwsPatch.Reports
{
    /// <summary>
    /// What one report holds: the compliance, finding, priority, run, run-result, plan, window, remediation and rollout objects it was given, in arrival
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

        /// <summary>Get-PatchRollout output: each rollout, its state and its pinned tested patch set.</summary>
        public ReportSection<PatchRollout> Rollouts { get; } = new ReportSection<PatchRollout>("rollouts", "Rollouts", RolloutColumns.Rollouts);

        /// <summary>The waves of the rollouts given, in order on a timeline, with their gate outcomes.</summary>
        public ReportSection<RolloutWaveRow> RolloutWaves { get; } = new ReportSection<RolloutWaveRow>("rollout-waves", "Rollout waves", RolloutColumns.Waves, RolloutColumns.InOrder);

        /// <summary>Invoke-PatchRollout and Resume-PatchRollout output: one row per instance per wave.</summary>
        public ReportSection<PatchRolloutResult> RolloutResults { get; } = new ReportSection<PatchRolloutResult>("rollout-results", "Rollout results", RolloutColumns.Results, RolloutColumns.ByWave);

        /// <summary>The rollout results whose instance was restored from its pre-patch snapshot.</summary>
        public ReportSection<PatchRolloutResult> Rollbacks { get; } = new ReportSection<PatchRolloutResult>("rollbacks", "Rollbacks", RolloutColumns.Rollbacks, RolloutColumns.ByWave);

        /// <summary>
        /// Every section, in the order the report shows them (also the ones with no objects); first, when the objects span
        /// more than one account or region, their breakdown by account and region (<see cref="AccountRegionSection"/>).
        /// </summary>
        public IReadOnlyList<IReportSection> Sections
        {
            get
            {
                var sections = new List<IReportSection> { Compliance, Findings, Priorities, RunSummaries, Runs, Plan, Windows, new EffectivenessSection(Remediation), Remediation, Rollouts, RolloutWaves, RolloutResults, Rollbacks };
                var byAccount = new AccountRegionSection(this);
                if (byAccount.Count > 0)
                    sections.Insert(0, byAccount);
                return sections;
            }
        }

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
                case PatchRollout rollout: AddRollout(rollout); return true;
                case PatchRolloutResult rolloutResult: AddRolloutResult(rolloutResult); return true;
                default: return false;
            }
        }

        private void AddRollout(PatchRollout rollout)
        {
            Rollouts.Add(rollout);
            foreach (var wave in rollout.Waves)
                RolloutWaves.Add(new RolloutWaveRow(rollout, wave));
        }

        private void AddRolloutResult(PatchRolloutResult result)
        {
            RolloutResults.Add(result);
            if (result.RolledBack)
                Rollbacks.Add(result);
        }
    }
}
