using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
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
    /// NotRescannedYet; past those, the instance's patch baseline (GetPatchBaseline, once per baseline) decides
    /// between PackageNotInBaseline and Unknown (<see cref="BaselineApproval"/>), and
    /// <see cref="PatchRemediation.ReasonDetail"/> says what was checked. A finding first observed after the patch is
    /// New. Windows findings name their KB (<see cref="PatchRemediation.KbId"/>). An instance with no completed install
    /// is a <c>NotPatched</c> failure.
    /// </summary>
    public sealed class RemediationService
    {
        private const int FindingsPageSize = 100;

        private readonly IAwsGateways _gateways;
        private readonly ComplianceService _compliance;

        public RemediationService(IAwsGateways gateways, ComplianceService compliance)
        {
            _gateways = gateways;
            _compliance = compliance;
        }

        /// <param name="installedAt">
        /// When known, when each instance's install ended (a rollout wave's run results): findings are measured against it
        /// whatever the patch state's last operation is (a rollout's gate Scan comes after its install).
        /// </param>
        /// <param name="findRuns">
        /// Join each finding to the AwsPatch run (and rollout) of its install (<see cref="InstallRuns"/>: one ListCommands
        /// listing and the rollout records, per call), for <see cref="PatchRemediation.RunId"/> and the trend per run.
        /// </param>
        public async IAsyncEnumerable<Outcome<PatchRemediation>> AssessAsync(AwsSession session, IReadOnlyList<string> instanceIds, [EnumeratorCancellation] CancellationToken cancellationToken,
            IReadOnlyDictionary<string, DateTime>? installedAt = null, bool findRuns = false)
        {
            InstallRuns? runs = findRuns ? null : InstallRuns.None;
            var targets = instanceIds.Distinct(StringComparer.Ordinal).Select(id => new ComplianceTarget(id)).ToList();
            if (targets.Count == 0) yield break;
            var inspector = _gateways.Inspector(session);
            var baselines = new Dictionary<string, BaselineEvidence>(StringComparer.Ordinal);
            await foreach (var state in _compliance.GetAsync(session, new ComplianceQuery { Instances = targets }, cancellationToken).ConfigureAwait(false))
            {
                if (state.Value == null)
                {
                    yield return Outcome<PatchRemediation>.Failed(state.Failure!);
                    continue;
                }

                var patch = state.Value;
                DateTime? patchedAt = installedAt != null && installedAt.TryGetValue(patch.InstanceId, out var known) ? known
                    : patch.Operation == "Install" ? patch.OperationEndTime : null;
                if (patchedAt == null)
                {
                    yield return Outcome<PatchRemediation>.Failed(new ItemFailure(patch.InstanceId, "NotPatched", AwsErrorKind.NotFound,
                        $"Instance {patch.InstanceId} has no completed patch install to assess (its last patch operation: {patch.Operation ?? "none"}).",
                        "Install patches first (Invoke-PatchRun -Operation Install), then run Get-PatchRemediation; when a Scan followed the install (a rollout's gate Scan), give the install's end with -InstalledAt (the CompletedAt of its Install run result)."));
                    continue;
                }

                var id = patch.InstanceId;
                var coverage = (await inspector.ListCoverageAsync(new[] { id }, null, cancellationToken).ConfigureAwait(false)).Items.FirstOrDefault();
                var filter = new FindingFilter { ResourceIds = new[] { id }, Statuses = new[] { "ACTIVE", "CLOSED" } };
                await foreach (var finding in Pages.AllAsync(token => inspector.ListFindingsAsync(filter, FindingsPageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                {
                    var evidence = WaitsOnBaseline(finding, patch, patchedAt.Value, coverage?.LastScannedAt)
                        ? await BaselineAsync(session, patch.BaselineId, baselines, cancellationToken).ConfigureAwait(false)
                        : null;
                    runs ??= await InstallRuns.LoadAsync(_gateways.RunCommand(session), _gateways.Parameters(session), cancellationToken).ConfigureAwait(false);
                    if (Assess(finding, patch, coverage?.LastScannedAt, evidence, patchedAt, runs) is { } assessed)
                        yield return Outcome<PatchRemediation>.Success(assessed);
                }
            }
        }

        /// <summary>The instance's baseline, read once per baseline id per call.</summary>
        private async Task<BaselineEvidence> BaselineAsync(AwsSession session, string? baselineId, Dictionary<string, BaselineEvidence> known, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(baselineId)) return BaselineEvidence.Missing("the patch state names no baseline.");
            if (known.TryGetValue(baselineId!, out var evidence)) return evidence;
            try
            {
                evidence = BaselineEvidence.Of(await _gateways.PatchStates(session).GetPatchBaselineAsync(baselineId!, cancellationToken).ConfigureAwait(false));
            }
            catch (AwsCallException e)
            {
                evidence = BaselineEvidence.Missing($"GetPatchBaseline {baselineId} failed ({e.ErrorCode ?? e.Kind.ToString()}): {e.Message}");
            }

            known[baselineId!] = evidence;
            return evidence;
        }

        /// <summary>Whether the finding is open after the install with no other explanation, so only the baseline can say why.</summary>
        private static bool WaitsOnBaseline(PatchFinding finding, PatchCompliance patch, DateTime patchedAt, DateTime? lastScannedAt) =>
            finding.FindingType == "PackageVulnerability" && finding.Status == "Active"
            && finding.FirstObservedAt <= patchedAt && OpenReason(finding, patch, patchedAt, lastScannedAt) == null;

        /// <summary>NoFixAvailable, PendingReboot or NotRescannedYet with its detail, the first that applies; null when none does.</summary>
        private static (string Reason, string Detail)? OpenReason(PatchFinding finding, PatchCompliance patch, DateTime patchedAt, DateTime? lastScannedAt)
        {
            if (finding.FixAvailable == "No" || string.IsNullOrEmpty(finding.FixedInVersion) || finding.FixedInVersion == "NotAvailable")
                return (RemediationOutcomes.NoFixAvailable, "Inspector reports no fixed-in version for the package.");
            if (patch.InstalledPendingRebootCount > 0)
                return (RemediationOutcomes.PendingReboot, $"The patch state counts {patch.InstalledPendingRebootCount} patch(es) installed pending reboot; reboot the instance.");
            if (lastScannedAt is not DateTime scanned || scanned <= patchedAt)
                return (RemediationOutcomes.NotRescannedYet, lastScannedAt is DateTime at
                    ? $"Inspector last scanned the instance at {at:u}, not after the install ended at {patchedAt:u}."
                    : "Inspector's coverage shows no scan of the instance.");
            return null;
        }

        /// <summary>
        /// What became of one finding after the install <paramref name="patch"/> records; null when it is not about that
        /// install. <paramref name="baseline"/>: the instance's patch baseline, which decides a finding no other reason
        /// explains; without it such a finding is Unknown. <paramref name="installedAt"/>: when the install ended, if not
        /// the patch state's operation end.
        /// </summary>
        /// <param name="runs">The runs that installed on the instance, to name the finding's <see cref="PatchRemediation.RunId"/>.</param>
        public static PatchRemediation? Assess(PatchFinding finding, PatchCompliance patch, DateTime? lastScannedAt, BaselineEvidence? baseline = null, DateTime? installedAt = null,
            InstallRuns? runs = null)
        {
            if (finding.FindingType != "PackageVulnerability" || (installedAt ?? patch.OperationEndTime) is not DateTime patchedAt) return null;
            string outcome;
            string? reason = null;
            string? detail = null;
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
                (reason, detail) = OpenReason(finding, patch, patchedAt, lastScannedAt)
                    ?? BaselineApproval.Judge(finding, baseline ?? BaselineEvidence.Missing("it was not read."));
            }
            else
            {
                return null;
            }

            var (runId, rolloutId) = (runs ?? InstallRuns.None).At(patch.InstanceId, closedAt ?? patchedAt);
            return new PatchRemediation
            {
                RunId = runId,
                RolloutId = rolloutId,
                InstanceId = patch.InstanceId,
                Region = finding.Region.Length > 0 ? finding.Region : patch.Region,
                FindingArn = finding.FindingArn,
                VulnerabilityId = finding.VulnerabilityId,
                Severity = finding.Severity,
                PackageName = finding.PackageName,
                KbId = BaselineApproval.KbOf(finding),
                Environment = finding.ResourceTags.TryGetValue("Environment", out var environment) ? environment : patch.Environment,
                Outcome = outcome,
                Reason = reason,
                ReasonDetail = detail,
                PatchedAt = patchedAt,
                FirstObservedAt = finding.FirstObservedAt,
                ClosedAt = closedAt,
                LastScannedAt = lastScannedAt,
            };
        }
    }
}
