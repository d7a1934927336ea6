using System.Collections.Generic;
using static AwsPatch.Reports.ReportValues;

namespace AwsPatch.Reports
{
    /// <summary>
    /// The columns of each kind of report table, in order; the headers are the objects' property names so a CSV
    /// reads back with Import-Csv into the same names. Columns marked <c>inHtml: false</c> are in the CSV only.
    /// </summary>
    internal static class ReportColumns
    {
        public static readonly IReadOnlyList<ReportColumn<PatchCompliance>> Compliance = new[]
        {
            Text<PatchCompliance>("InstanceId", c => c.InstanceId),
            Text<PatchCompliance>("Environment", c => c.Environment),
            Text<PatchCompliance>("PatchGroup", c => c.PatchGroup),
            Text<PatchCompliance>("ComplianceState", c => c.ComplianceState),
            Count<PatchCompliance>("MissingCount", c => c.MissingCount),
            Count<PatchCompliance>("FailedCount", c => c.FailedCount),
            Count<PatchCompliance>("InstalledPendingRebootCount", c => c.InstalledPendingRebootCount),
            Count<PatchCompliance>("CriticalNonCompliantCount", c => c.CriticalNonCompliantCount),
            Count<PatchCompliance>("SecurityNonCompliantCount", c => c.SecurityNonCompliantCount),
            Count<PatchCompliance>("OtherNonCompliantCount", c => c.OtherNonCompliantCount, inHtml: false),
            Count<PatchCompliance>("InstalledCount", c => c.InstalledCount, inHtml: false),
            Count<PatchCompliance>("InstalledOtherCount", c => c.InstalledOtherCount, inHtml: false),
            Count<PatchCompliance>("InstalledRejectedCount", c => c.InstalledRejectedCount, inHtml: false),
            Count<PatchCompliance>("NotApplicableCount", c => c.NotApplicableCount, inHtml: false),
            Text<PatchCompliance>("BaselineId", c => c.BaselineId, inHtml: false),
            Text<PatchCompliance>("Operation", c => c.Operation),
            Text<PatchCompliance>("OperationStartTime", c => Time(c.OperationStartTime), inHtml: false),
            Text<PatchCompliance>("OperationEndTime", c => Time(c.OperationEndTime)),
            Text<PatchCompliance>("RebootOption", c => c.RebootOption, inHtml: false),
            Text<PatchCompliance>("AccountId", c => c.AccountId, inHtml: false),
            Text<PatchCompliance>("Region", c => c.Region),
        };

        public static readonly IReadOnlyList<ReportColumn<PatchFinding>> Findings = new[]
        {
            Text<PatchFinding>("Severity", f => f.Severity),
            Text<PatchFinding>("Title", f => f.Title),
            Text<PatchFinding>("VulnerabilityId", f => f.VulnerabilityId),
            Text<PatchFinding>("ResourceId", f => f.ResourceId),
            Text<PatchFinding>("ResourceType", f => f.ResourceType, inHtml: false),
            Text<PatchFinding>("InstanceId", f => f.InstanceId, inHtml: false),
            Text<PatchFinding>("Environment", f => Tag(f.ResourceTags, "Environment")),
            Decimal<PatchFinding>("InspectorScore", f => f.InspectorScore),
            Decimal<PatchFinding>("EpssScore", f => f.EpssScore),
            Text<PatchFinding>("ExploitAvailable", f => Flag(f.ExploitAvailable)),
            Text<PatchFinding>("FixAvailable", f => f.FixAvailable),
            Text<PatchFinding>("VendorSeverity", f => f.VendorSeverity, inHtml: false),
            Text<PatchFinding>("PackageName", f => f.PackageName),
            Text<PatchFinding>("InstalledVersion", f => f.InstalledVersion, inHtml: false),
            Text<PatchFinding>("FixedInVersion", f => f.FixedInVersion),
            Text<PatchFinding>("PackageNames", f => List(f.PackageNames), inHtml: false),
            Text<PatchFinding>("Remediation", f => f.Remediation, inHtml: false),
            Text<PatchFinding>("FindingType", f => f.FindingType, inHtml: false),
            Text<PatchFinding>("Status", f => f.Status),
            Text<PatchFinding>("FirstObservedAt", f => Time(f.FirstObservedAt), inHtml: false),
            Text<PatchFinding>("LastObservedAt", f => Time(f.LastObservedAt)),
            Text<PatchFinding>("UpdatedAt", f => Time(f.UpdatedAt), inHtml: false),
            Text<PatchFinding>("AccountId", f => f.AccountId, inHtml: false),
            Text<PatchFinding>("Region", f => f.Region),
            Text<PatchFinding>("FindingArn", f => f.FindingArn, inHtml: false),
            Text<PatchFinding>("ResourceTags", f => ReportValues.Tags(f.ResourceTags), inHtml: false),
        };

        public static readonly IReadOnlyList<ReportColumn<PatchPriority>> Priorities = new[]
        {
            Count<PatchPriority>("Rank", p => p.Rank),
            Text<PatchPriority>("InstanceId", p => p.InstanceId),
            Decimal<PatchPriority>("RiskScore", p => p.RiskScore),
            Count<PatchPriority>("CriticalCount", p => p.CriticalCount),
            Count<PatchPriority>("HighCount", p => p.HighCount),
            Count<PatchPriority>("MediumCount", p => p.MediumCount),
            Count<PatchPriority>("LowCount", p => p.LowCount),
            Count<PatchPriority>("OtherCount", p => p.OtherCount, inHtml: false),
            Count<PatchPriority>("FindingCount", p => p.FindingCount, inHtml: false),
            Count<PatchPriority>("FixableCount", p => p.FixableCount),
            Count<PatchPriority>("ExploitAvailableCount", p => p.ExploitAvailableCount),
            Decimal<PatchPriority>("MaxInspectorScore", p => p.MaxInspectorScore, inHtml: false),
            Decimal<PatchPriority>("MaxEpssScore", p => p.MaxEpssScore, inHtml: false),
            Text<PatchPriority>("Environment", p => p.Environment),
            Text<PatchPriority>("PatchGroup", p => p.PatchGroup),
            Text<PatchPriority>("InternetFacing", p => Flag(p.InternetFacing)),
            Text<PatchPriority>("TopVulnerabilityIds", p => List(p.TopVulnerabilityIds)),
            Text<PatchPriority>("FindingArns", p => List(p.FindingArns), inHtml: false),
            Text<PatchPriority>("AccountId", p => p.AccountId, inHtml: false),
            Text<PatchPriority>("Region", p => p.Region),
        };

        public static readonly IReadOnlyList<ReportColumn<PatchRun>> RunSummaries = new[]
        {
            Text<PatchRun>("RunId", r => r.RunId),
            Text<PatchRun>("Operation", r => r.Operation),
            Text<PatchRun>("Status", r => r.Status),
            Count<PatchRun>("InstanceCount", r => r.InstanceCount),
            Count<PatchRun>("CompletedCount", r => r.CompletedCount),
            Count<PatchRun>("ErrorCount", r => r.ErrorCount),
            Text<PatchRun>("RequestedAt", r => Time(r.RequestedAt)),
            Text<PatchRun>("CommandIds", r => List(r.CommandIds), inHtml: false),
            Text<PatchRun>("Region", r => r.Region),
        };

        public static readonly IReadOnlyList<ReportColumn<PatchRunResult>> Runs = new[]
        {
            Text<PatchRunResult>("RunId", r => r.RunId),
            Text<PatchRunResult>("InstanceId", r => r.InstanceId),
            Text<PatchRunResult>("Operation", r => r.Operation),
            Text<PatchRunResult>("Status", r => r.Status),
            Text<PatchRunResult>("StatusDetails", r => r.StatusDetails),
            Text<PatchRunResult>("CommandId", r => r.CommandId, inHtml: false),
            Text<PatchRunResult>("RequestedAt", r => Time(r.RequestedAt), inHtml: false),
            Text<PatchRunResult>("StartedAt", r => Time(r.StartedAt), inHtml: false),
            Text<PatchRunResult>("CompletedAt", r => Time(r.CompletedAt)),
            Text<PatchRunResult>("PendingReboot", r => Flag(r.PendingReboot)),
            Text<PatchRunResult>("SnapshotIds", r => List(r.SnapshotIds), inHtml: false),
            Text<PatchRunResult>("Error", r => r.Error),
            Text<PatchRunResult>("OutputExcerpt", r => r.OutputExcerpt, inHtml: false),
            Text<PatchRunResult>("StandardOutputUrl", r => r.StandardOutputUrl, inHtml: false),
            Text<PatchRunResult>("IsComplete", r => Flag(r.IsComplete), inHtml: false),
            Text<PatchRunResult>("Region", r => r.Region),
        };

        private static ReportColumn<T> Text<T>(string header, System.Func<T, string?> value, bool inHtml = true) =>
            new ReportColumn<T>(header, value, inHtml);

        private static ReportColumn<T> Count<T>(string header, System.Func<T, int> value, bool inHtml = true) =>
            new ReportColumn<T>(header, item => Number(value(item)), inHtml, numeric: true);

        private static ReportColumn<T> Decimal<T>(string header, System.Func<T, double?> value, bool inHtml = true) =>
            new ReportColumn<T>(header, item => Number(value(item)), inHtml, numeric: true);
    }
}
