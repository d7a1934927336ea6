using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Remediation;

namespace AwsPatch.Rollouts
{
    public sealed partial class PatchRolloutService
    {
        /// <summary>Polls of the remediation gate are at least this far apart: Inspector rescans in minutes, and each poll reads every instance's findings.</summary>
        private static readonly TimeSpan RemediationPoll = TimeSpan.FromMinutes(1);

        /// <summary>
        /// The remediation gate (-RemediationGate): assesses the wave's instances against each one's install end (the
        /// wave's run results, not the gate Scan after it) until every finding open before the install is Closed or
        /// StillOpen for an explained reason (PendingReboot, NoFixAvailable, PackageNotInBaseline), or the deadline passes.
        /// An instance fails with a finding still NotRescannedYet at the deadline, one open for no known reason (Unknown),
        /// or findings that could not be assessed. New findings are not the install's to close and do not count.
        /// </summary>
        private async Task RemediationGateAsync(AwsSession session, WaveRun run, TimeSpan deadline, RolloutOptions options, CancellationToken cancellationToken)
        {
            var installedAt = run.Healthy().Where(id => run.Results[id].CompletedAt != null)
                .ToDictionary(id => id, id => run.Results[id].CompletedAt!.Value, StringComparer.Ordinal);
            foreach (var id in run.Healthy().Where(id => !installedAt.ContainsKey(id)))
                run.FailGate(id, WaveStates.RemediationGate, "its install's end time is unknown, so its findings cannot be assessed");
            var until = _clock.UtcNow + deadline;
            var poll = options.Wait.PollInterval > RemediationPoll ? options.Wait.PollInterval : RemediationPoll;
            while (true)
            {
                var notRescanned = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                var unexplained = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                var failed = new Dictionary<string, string>(StringComparer.Ordinal);
                await foreach (var outcome in _remediation.AssessAsync(session, installedAt.Keys.ToList(), cancellationToken, installedAt).ConfigureAwait(false))
                {
                    if (outcome.Failure is { } failure)
                        failed[failure.TargetId] = $"its findings could not be assessed: {failure.Message}";
                    else if (outcome.Value is { Outcome: RemediationOutcomes.StillOpen } open && open.Reason == RemediationOutcomes.NotRescannedYet)
                        Collect(notRescanned, open.InstanceId, open.VulnerabilityId ?? open.FindingArn);
                    else if (outcome.Value is { Outcome: RemediationOutcomes.StillOpen, Reason: RemediationOutcomes.Unknown } unknown)
                        Collect(unexplained, unknown.InstanceId, unknown.VulnerabilityId ?? unknown.FindingArn);
                }

                if (notRescanned.Count == 0 || _clock.UtcNow >= until)
                {
                    foreach (var id in installedAt.Keys)
                    {
                        var why = new List<string>();
                        if (failed.TryGetValue(id, out var error)) why.Add(error);
                        if (notRescanned.TryGetValue(id, out var waiting))
                            why.Add($"Inspector did not rescan it within {deadline.TotalMinutes:0.#} minute(s), so {Few(waiting)} it targeted may still be open");
                        if (unexplained.TryGetValue(id, out var open))
                            why.Add($"{Few(open)} it targeted stayed open after the rescan for no known reason (see Get-PatchRemediation's ReasonDetail)");
                        if (why.Count > 0)
                            run.FailGate(id, WaveStates.RemediationGate, string.Join("; ", why));
                    }
                    return;
                }
                await _clock.DelayAsync(poll, cancellationToken).ConfigureAwait(false);
            }
        }

        private static void Collect(Dictionary<string, List<string>> into, string instanceId, string finding)
        {
            if (!into.TryGetValue(instanceId, out var list))
                into[instanceId] = list = new List<string>();
            list.Add(finding);
        }

        private static string Few(List<string> findings) =>
            $"{findings.Count} finding(s) ({string.Join(", ", findings.Take(3))}{(findings.Count > 3 ? ", …" : string.Empty)})";
    }
}
