using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Compliance;

namespace AwsPatch.Remediation
{
    /// <summary>
    /// Did patching fix what Inspector found? Per instance: its patch state (the last Install's end is the patch time and
    /// its pending-reboot count the reboot question), Inspector's last scan of it (ListCoverage) and its package findings
    /// (ListFindings by resource id, every page). Each finding open before the patch comes out Closed (Inspector closed
    /// it after the patch) or StillOpen with the first reason that applies: NoFixAvailable, PendingReboot,
    /// NotRescannedYet, PackageNotInBaseline; a finding first observed after the patch is New. Windows findings name
    /// their KB (<see cref="PatchRemediation.KbId"/>). An instance with no completed install is a <c>NotPatched</c> failure.
    /// </summary>
    public sealed class RemediationService
    {
        private const int FindingsPageSize = 100;
        private static readonly Regex Kb = new Regex(@"\bKB\d{6,8}\b", RegexOptions.CultureInvariant);

        private readonly IAwsGateways _gateways;
        private readonly ComplianceService _compliance;

        public RemediationService(IAwsGateways gateways, ComplianceService compliance)
        {
            _gateways = gateways;
            _compliance = compliance;
        }

        public async IAsyncEnumerable<Outcome<PatchRemediation>> AssessAsync(AwsSession session, IReadOnlyList<string> instanceIds, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var targets = instanceIds.Distinct(StringComparer.Ordinal).Select(id => new ComplianceTarget(id)).ToList();
            if (targets.Count == 0) yield break;
            var inspector = _gateways.Inspector(session);
            await foreach (var state in _compliance.GetAsync(session, new ComplianceQuery { Instances = targets }, cancellationToken).ConfigureAwait(false))
            {
                if (state.Value == null)
                {
                    yield return Outcome<PatchRemediation>.Failed(state.Failure!);
                    continue;
                }

                var patch = state.Value;
                if (patch.Operation != "Install" || patch.OperationEndTime == null)
                {
                    yield return Outcome<PatchRemediation>.Failed(new ItemFailure(patch.InstanceId, "NotPatched", AwsErrorKind.NotFound,
                        $"Instance {patch.InstanceId} has no completed patch install to assess (its last patch operation: {patch.Operation ?? "none"}).",
                        "Install patches first (Invoke-PatchRun -Operation Install), then run Get-PatchRemediation."));
                    continue;
                }

                var id = patch.InstanceId;
                var coverage = (await inspector.ListCoverageAsync(new[] { id }, null, cancellationToken).ConfigureAwait(false)).Items.FirstOrDefault();
                var filter = new FindingFilter { ResourceIds = new[] { id }, Statuses = new[] { "ACTIVE", "CLOSED" } };
                await foreach (var finding in Pages.AllAsync(token => inspector.ListFindingsAsync(filter, FindingsPageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                {
                    if (Assess(finding, patch, coverage?.LastScannedAt) is { } assessed)
                        yield return Outcome<PatchRemediation>.Success(assessed);
                }
            }
        }

        /// <summary>What became of one finding after the install <paramref name="patch"/> records; null when it is not about that install.</summary>
        public static PatchRemediation? Assess(PatchFinding finding, PatchCompliance patch, DateTime? lastScannedAt)
        {
            if (finding.FindingType != "PackageVulnerability" || patch.OperationEndTime is not DateTime patchedAt) return null;
            string outcome;
            string? reason = null;
            DateTime? closedAt = null;
            if (finding.FirstObservedAt > patchedAt)
            {
                outcome = RemediationOutcomes.New;
            }
            else if (finding.Status == "Closed")
            {
                // Closed before the patch: not something this install was to fix.
                if (finding.UpdatedAt is not DateTime updated || updated < patchedAt) return null;
                outcome = RemediationOutcomes.Closed;
                closedAt = updated;
            }
            else if (finding.Status == "Active")
            {
                outcome = RemediationOutcomes.StillOpen;
                reason = finding.FixAvailable == "No" || string.IsNullOrEmpty(finding.FixedInVersion) || finding.FixedInVersion == "NotAvailable" ? RemediationOutcomes.NoFixAvailable
                    : patch.InstalledPendingRebootCount > 0 ? RemediationOutcomes.PendingReboot
                    : lastScannedAt is not DateTime scanned || scanned <= patchedAt ? RemediationOutcomes.NotRescannedYet
                    : RemediationOutcomes.PackageNotInBaseline;
            }
            else
            {
                return null;
            }

            return new PatchRemediation
            {
                InstanceId = patch.InstanceId,
                Region = finding.Region.Length > 0 ? finding.Region : patch.Region,
                FindingArn = finding.FindingArn,
                VulnerabilityId = finding.VulnerabilityId,
                Severity = finding.Severity,
                PackageName = finding.PackageName,
                KbId = finding.Remediation is { } text && Kb.Match(text) is { Success: true } kb ? kb.Value : null,
                Environment = finding.ResourceTags.TryGetValue("Environment", out var environment) ? environment : patch.Environment,
                Outcome = outcome,
                Reason = reason,
                PatchedAt = patchedAt,
                FirstObservedAt = finding.FirstObservedAt,
                ClosedAt = closedAt,
                LastScannedAt = lastScannedAt,
            };
        }
    }
}
