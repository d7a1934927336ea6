using System.Collections.Generic;
using System.Globalization;

namespace AwsPatch.Reports
{
    /// <summary>The columns of the report's per-finding remediation table (Get-PatchRemediation objects).</summary>
    internal static class RemediationColumns
    {
        public static readonly IReadOnlyList<ReportColumn<PatchRemediation>> All = new[]
        {
            new ReportColumn<PatchRemediation>("InstanceId", r => r.InstanceId),
            new ReportColumn<PatchRemediation>("VulnerabilityId", r => r.VulnerabilityId),
            new ReportColumn<PatchRemediation>("Severity", r => r.Severity),
            new ReportColumn<PatchRemediation>("PackageName", r => r.PackageName),
            new ReportColumn<PatchRemediation>("KbId", r => r.KbId),
            new ReportColumn<PatchRemediation>("Environment", r => r.Environment),
            new ReportColumn<PatchRemediation>("Outcome", r => r.Outcome),
            new ReportColumn<PatchRemediation>("Reason", r => r.Reason),
            new ReportColumn<PatchRemediation>("ReasonDetail", r => r.ReasonDetail, inHtml: false),
            new ReportColumn<PatchRemediation>("PatchedAt", r => ReportValues.Time(r.PatchedAt), inHtml: false),
            new ReportColumn<PatchRemediation>("FirstObservedAt", r => ReportValues.Time(r.FirstObservedAt), inHtml: false),
            new ReportColumn<PatchRemediation>("ClosedAt", r => ReportValues.Time(r.ClosedAt)),
            new ReportColumn<PatchRemediation>("LastScannedAt", r => ReportValues.Time(r.LastScannedAt), inHtml: false),
            new ReportColumn<PatchRemediation>("DaysToRemediate", r => r.TimeToRemediate?.TotalDays.ToString("0.#", CultureInfo.InvariantCulture), numeric: true),
            new ReportColumn<PatchRemediation>("RunId", r => r.RunId, inHtml: false),
            new ReportColumn<PatchRemediation>("RolloutId", r => r.RolloutId, inHtml: false),
            new ReportColumn<PatchRemediation>("Region", r => r.Region, inHtml: false),
        };
    }
}
