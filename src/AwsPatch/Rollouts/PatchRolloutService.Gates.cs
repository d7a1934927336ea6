using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Compliance;
using AwsPatch.Instances;
using AwsPatch.Runs;

namespace AwsPatch.Rollouts
{
    /// <summary>A wave's gates: recovery, the Compliance Scan, the tested set, the alarm, the health checks.</summary>
    public sealed partial class PatchRolloutService
    {
        /// <summary>Runs every gate on the instances whose install succeeded; each gate sees only those that passed the ones before.</summary>
        private async Task GateAsync(AwsSession session, WaveRun run, RolloutOptions options, IRolloutSink sink, CancellationToken cancellationToken)
        {
            if (!string.IsNullOrEmpty(run.Record.AlarmName))
                await AlarmGateAsync(session, run, cancellationToken).ConfigureAwait(false);
            if (run.Healthy().Count == 0)
                return;
            run.GatesRun.Add(WaveStates.RecoveryGate);
            var notBack = await RecoveredAsync(session, run.Healthy(), options, sink, run.Platforms, cancellationToken).ConfigureAwait(false);
            foreach (var pair in notBack)
                run.FailGate(pair.Key, WaveStates.RecoveryGate, pair.Value);

            // Once the instances are back, what they installed is final: the TestedSet gate's reads (one instance a call)
            // go while the Compliance gate's Scan runs, and the gate then judges those that passed it.
            using var readAhead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var installed = run.Healthy().Count > 0 && run.Wave.Wave > RolloutPlatform.TestWaves(run.Record.Waves)
                ? InstalledInWaveAsync(session, run.Healthy(), run.StartedAt, sink, readAhead.Token)
                : null;
            try
            {
                if (run.Healthy().Count > 0)
                {
                    run.GatesRun.Add(WaveStates.ComplianceGate);
                    await ComplianceGateAsync(session, run, options, sink, cancellationToken).ConfigureAwait(false);
                }
                if (installed != null && run.Healthy().Count > 0)
                {
                    run.GatesRun.Add(WaveStates.TestedSetGate);
                    await TestedSetGateAsync(session, run, await installed.ConfigureAwait(false), sink, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                // Left unread when the gate stopped or every instance failed before it: cancelled, drained, observed.
                if (installed != null)
                    await AbandonedWork.CancelAndDrainAsync(readAhead, new Task?[] { installed }).ConfigureAwait(false);
            }
            if (options.RemediationDeadline is { } deadline && run.Healthy().Count > 0)
            {
                run.GatesRun.Add(WaveStates.RemediationGate);
                sink.WavePhase(run.Wave, run.Record.Waves.Count, "remediation");
                await RemediationGateAsync(session, run, deadline, options, cancellationToken).ConfigureAwait(false);
            }
            if (options.HealthCheck != null && run.Healthy().Count > 0)
            {
                run.GatesRun.Add(WaveStates.HealthGate);
                sink.WavePhase(run.Wave, run.Record.Waves.Count, "health check");
                run.HealthFailure = await options.HealthCheck(run.Wave, run.Healthy(), cancellationToken).ConfigureAwait(false);
            }
            if (options.HealthCheckDocument != null && run.Healthy().Count > 0)
            {
                if (!run.GatesRun.Contains(WaveStates.HealthGate))
                    run.GatesRun.Add(WaveStates.HealthGate);
                sink.WavePhase(run.Wave, run.Record.Waves.Count, $"health check {options.HealthCheckDocument}");
                await HealthDocumentGateAsync(session, run, options, sink, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// The health check document: one SendCommand per 50 of the wave's healthy instances (comment
        /// <c>AwsPatch health check &lt;RunId&gt;</c>), followed like the install (same poll and timeout); an instance
        /// whose invocation does not end Success, or that it could not be sent to, fails its HealthCheck gate.
        /// </summary>
        private async Task HealthDocumentGateAsync(AwsSession session, WaveRun run, RolloutOptions options, IRolloutSink sink, CancellationToken cancellationToken)
        {
            var document = options.HealthCheckDocument!;
            var ids = run.Healthy();
            var gateway = _gateways.RunCommand(session);
            var commands = new List<SentCommand>();
            for (var start = 0; start < ids.Count; start += RunCommandLimits.InstanceIdsPerSend)
            {
                var batch = ids.Skip(start).Take(RunCommandLimits.InstanceIdsPerSend).ToList();
                try
                {
                    var sent = await gateway.SendCommandAsync(new RunCommandSpec
                    {
                        DocumentName = document,
                        Parameters = options.HealthCheckParameters,
                        InstanceIds = batch,
                        Comment = $"AwsPatch health check {run.Wave.RunId}",
                    }, cancellationToken).ConfigureAwait(false);
                    commands.Add(new SentCommand { CommandId = sent.CommandId, RunId = run.Wave.RunId, Operation = $"Health check {document}", RequestedAt = sent.RequestedDateTime, InstanceIds = batch });
                }
                catch (AwsCallException ex)
                {
                    foreach (var id in batch)
                        run.FailGate(id, WaveStates.HealthGate, $"health check document {document} was not sent to it: {ex.Message}");
                }
            }
            if (commands.Count == 0)
                return;
            sink.Verbose($"Health check of wave {run.Wave.Wave} ({run.Wave.Name}): {document} sent to {commands.Sum(c => c.InstanceIds.Count)} instance(s) (command {string.Join(", ", commands.Select(c => c.CommandId))}).");
            var finished = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var result in _runs.WaitAsync(session, commands, options.Wait, sink.RunProgress, sink, cancellationToken).ConfigureAwait(false))
            {
                if (!InvocationStatus.IsTerminal(result.Status))
                    continue;
                finished.Add(result.InstanceId);
                if (result.Status != InvocationStatus.Success)
                    run.FailGate(result.InstanceId, WaveStates.HealthGate, $"health check document {document} ended {result.Status} (command {result.CommandId})");
            }
            foreach (var id in commands.SelectMany(c => c.InstanceIds).Where(id => !finished.Contains(id)))
                run.FailGate(id, WaveStates.HealthGate, $"health check document {document} did not finish within {options.Wait.Timeout.TotalMinutes:0.#} minute(s)");
        }

        /// <summary>
        /// The alarm gate: Systems Manager stops a command whose AlarmConfiguration alarm goes to ALARM (what has not
        /// finished ends Cancelled) and lists the alarm in the command's TriggeredAlarms; any of the wave's install
        /// commands stopped that way fails the whole wave. One ListCommands per command of the wave.
        /// </summary>
        private async Task AlarmGateAsync(AwsSession session, WaveRun run, CancellationToken cancellationToken)
        {
            var commandIds = run.Results.Values.Select(r => r.CommandId).Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal).ToList();
            if (commandIds.Count == 0)
                return;
            run.GatesRun.Add(WaveStates.AlarmGate);
            var (commands, unknown) = await _runs.FindCommandsAsync(session, commandIds, cancellationToken).ConfigureAwait(false);
            var stopped = commands.Where(c => c.TriggeredAlarms.Count > 0).ToList();
            if (stopped.Count > 0)
                run.WaveFailures[WaveStates.AlarmGate] = $"CloudWatch alarm {string.Join(", ", stopped.SelectMany(c => c.TriggeredAlarms).Distinct(StringComparer.Ordinal))} went to ALARM, "
                    + $"and Systems Manager stopped the wave's install command {string.Join(", ", stopped.Select(c => c.CommandId))}";
            else if (unknown.Count > 0)
                run.WaveFailures[WaveStates.AlarmGate] = $"the install command {string.Join(", ", unknown.Select(f => f.TargetId))} could not be read back to see whether alarm {run.Record.AlarmName} stopped it";
        }

        /// <summary>
        /// The TestedSet gate: each instance may have installed (in this wave) only patches that the testing waves'
        /// instances of its own platform have installed. The platforms come from the recovery gate's reads (an instance
        /// listing only for what it did not read); what each instance installed was read by <see cref="InstalledInWaveAsync"/>.
        /// </summary>
        private async Task TestedSetGateAsync(AwsSession session, WaveRun run, InstalledInWave installed, IOperationReporter reporter, CancellationToken cancellationToken)
        {
            var ids = run.Healthy();
            var platforms = await PlatformsAsync(session, ids, run.Platforms, reporter, cancellationToken).ConfigureAwait(false);
            foreach (var id in ids.Where(id => !platforms.ContainsKey(id)))
                run.FailGate(id, WaveStates.TestedSetGate, "its platform could not be read, so what it installed cannot be checked against the tested set");
            var tested = run.Tested.ToDictionary(p => p.Key, p => new HashSet<string>(p.Value, StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
            foreach (var id in ids)
            {
                if (installed.Patches.TryGetValue(id, out var patches) && platforms.TryGetValue(id, out var platform))
                {
                    foreach (var patch in patches)
                    {
                        if (!tested.TryGetValue(platform, out var set))
                            run.FailGate(id, WaveStates.TestedSetGate, $"it installed {patch}, but no instance running {platform} passed the first wave, so nothing was tested on that platform");
                        else if (!set.Contains(patch))
                            run.FailGate(id, WaveStates.TestedSetGate, $"it installed {patch}, which no instance running {platform} in the first wave installed, so it was never tested on that platform");
                    }
                }
                // As the listing streams: what was read before a failure is judged, and the failure has the last word.
                if (installed.Failures.TryGetValue(id, out var failure))
                    run.FailGate(id, WaveStates.TestedSetGate, $"its installed patches could not be read: {failure}");
            }
        }

        /// <summary>
        /// What each instance installed since <paramref name="since"/> (Installed or InstalledPendingReboot, by KB id or
        /// title, in list order), and why an instance's list could not be read. Only those patches are kept, not the
        /// instance's whole installed list, so a 1,000-instance wave holds a few names an instance while it reads.
        /// </summary>
        private async Task<InstalledInWave> InstalledInWaveAsync(AwsSession session, IReadOnlyList<string> instanceIds, DateTime since, IOperationReporter reporter, CancellationToken cancellationToken)
        {
            var result = new InstalledInWave();
            await foreach (var outcome in _compliance.GetPatchesAsync(session, new PatchQuery { InstanceIds = instanceIds, States = InstalledStates }, reporter, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Failure != null)
                {
                    result.Failures[outcome.Failure.TargetId] = outcome.Failure.Message;
                    continue;
                }
                if (outcome.Value is not { } patch || patch.InstalledTime < since)
                    continue;
                if (!result.Patches.TryGetValue(patch.InstanceId, out var names))
                    result.Patches[patch.InstanceId] = names = new List<string>();
                names.Add(PatchName(patch));
            }
            return result;
        }

        /// <summary>What <see cref="InstalledInWaveAsync"/> read: instance → patches installed in the wave; instance → why its list could not be read.</summary>
        private sealed class InstalledInWave
        {
            public Dictionary<string, List<string>> Patches { get; } = new Dictionary<string, List<string>>(StringComparer.Ordinal);

            public Dictionary<string, string> Failures { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        /// <summary>
        /// Each instance's platform (<see cref="RolloutPlatform"/>): from <paramref name="known"/> (what this wave's
        /// recovery gate read, or the record) where it is there, the rest read in one instance listing; an instance that could not be read is absent.
        /// </summary>
        private async Task<Dictionary<string, string>> PlatformsAsync(AwsSession session, IReadOnlyList<string> instanceIds, IReadOnlyDictionary<string, string> known, IOperationReporter reporter, CancellationToken cancellationToken)
        {
            var platforms = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var id in instanceIds)
            {
                if (known.TryGetValue(id, out var platform))
                    platforms[id] = platform;
            }
            var unread = instanceIds.Where(id => !platforms.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
            if (unread.Count == 0)
                return platforms;
            await foreach (var outcome in _instances.GetAsync(session, new InstanceQuery { InstanceIds = unread }, reporter, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Value is { } instance)
                    platforms[instance.InstanceId] = RolloutPlatform.Of(instance);
            }
            return platforms;
        }

        private static readonly IReadOnlyList<string> InstalledStates = new[] { "Installed", "InstalledPendingReboot" };

        private static string PatchName(PatchMissing patch) => string.IsNullOrEmpty(patch.KBId) ? patch.Title : patch.KBId!;

        /// <summary>
        /// A fresh Scan with the pinned SnapshotId (a run of its own, <c>-scan</c>, sent without checking the instances
        /// again: the recovery gate just did), then each instance's compliance: nothing Missing, Failed or
        /// InstalledPendingReboot. A resumed Scan that finished while no process followed it is read back, not sent again.
        /// </summary>
        private async Task ComplianceGateAsync(AwsSession session, WaveRun run, RolloutOptions options, IRolloutSink sink, CancellationToken cancellationToken)
        {
            var ids = run.Healthy();
            var scanRunId = RolloutIds.ScanRunId(run.Record.RolloutId, run.Wave.Wave);
            var scan = _runs.Start(new PatchRunPlan
            {
                Request = new PatchRunRequest { RunId = scanRunId, Operation = "Scan", RebootOption = "NoReboot", SnapshotId = run.Record.PatchSnapshotId },
                Wait = true,
                WaitOptions = options.Wait,
                AlreadyChecked = ids,   // the recovery gate has just found them running, managed and Online
                CallerFollowsResume = true,
            });
            var scanned = new HashSet<string>(StringComparer.Ordinal);
            void Judge(PatchRunResult result)
            {
                if (result.Status == InvocationStatus.Success)
                    scanned.Add(result.InstanceId);
                else if (InvocationStatus.IsTerminal(result.Status))
                    run.FailGate(result.InstanceId, WaveStates.ComplianceGate, $"its gate Scan ended {result.Status}");
            }
            async Task Take(IAsyncEnumerable<Outcome<PatchRunResult>> outcomes)
            {
                await foreach (var outcome in outcomes.ConfigureAwait(false))
                {
                    if (outcome.Value is { } result)
                        Judge(result);
                    else if (ids.Contains(outcome.Failure!.TargetId))
                        run.FailGate(outcome.Failure.TargetId, WaveStates.ComplianceGate, $"its gate Scan was not run: {outcome.Failure.Message}");
                }
            }
            var query = new InstanceQuery { InstanceIds = ids };
            var resumed = run.Resume && (await _runs.FindRunAsync(session, scanRunId, cancellationToken).ConfigureAwait(false)).Count > 0;
            var launch = resumed
                ? scan.ResumeAsync(session, ids, AlreadyApproved, sink, cancellationToken)
                : scan.LaunchAsync(session, query, AlreadyApproved, sink, cancellationToken);
            await Take(launch).ConfigureAwait(false);
            await Take(scan.FinishAsync(sink, cancellationToken)).ConfigureAwait(false);
            // A Scan that finished (or went on) while no process followed it: its results are read back, not sent again.
            var unread = ids.Where(id => !scanned.Contains(id) && !run.GateFailures.ContainsKey(id)).ToList();
            if (resumed && unread.Count > 0)
            {
                var (readBack, _) = await ReadBackAsync(session, scanRunId, unread, options, sink, cancellationToken).ConfigureAwait(false);
                sink.Verbose($"Gate Scan {scanRunId} of wave {run.Wave.Wave} ({run.Wave.Name}): the results of {readBack.Count} instance(s) were read back from Systems Manager.");
                foreach (var result in readBack)
                    Judge(result);
            }
            foreach (var id in ids.Where(id => !scanned.Contains(id) && !run.GateFailures.ContainsKey(id)))
                run.FailGate(id, WaveStates.ComplianceGate, "its gate Scan did not finish");

            var targets = ids.Where(scanned.Contains).Select(id => new ComplianceTarget(id)).ToList();
            if (targets.Count == 0)
                return;
            await foreach (var outcome in _compliance.GetAsync(session, new ComplianceQuery { Instances = targets }, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Failure != null)
                {
                    run.FailGate(outcome.Failure.TargetId, WaveStates.ComplianceGate, $"its compliance could not be read: {outcome.Failure.Message}");
                    continue;
                }
                var state = outcome.Value!;
                if (state.MissingCount + state.FailedCount + state.InstalledPendingRebootCount > 0)
                    run.FailGate(state.InstanceId, WaveStates.ComplianceGate,
                        $"after the install a Scan finds {state.MissingCount} missing, {state.FailedCount} failed and {state.InstalledPendingRebootCount} pending-reboot patch(es)");
            }
        }

        /// <summary>
        /// Waits (on the wait clock) until each instance's agent is Online and its EC2 status checks are ok, at most
        /// <see cref="RolloutOptions.RecoveryTimeout"/>; the ones that did not get there, with why. A poll reads the
        /// instances still pending once (DescribeInstances per 200 ids and DescribeInstanceInformation per 50, as a run's
        /// check does) while their DescribeInstanceStatus calls (100 ids each) go at the same time, not after it. Each
        /// instance's platform, read on the way, lands in <paramref name="platforms"/> so later gates need not read it again.
        /// </summary>
        private async Task<Dictionary<string, string>> RecoveredAsync(AwsSession session, IReadOnlyList<string> instanceIds, RolloutOptions options, IOperationReporter reporter,
            Dictionary<string, string> platforms, CancellationToken cancellationToken)
        {
            var deadline = _clock.UtcNow + options.RecoveryTimeout;
            var pending = instanceIds.ToList();
            var why = new Dictionary<string, string>(StringComparer.Ordinal);
            var ec2 = _gateways.Ec2(session);
            while (true)
            {
                why.Clear();
                var polled = pending;
                var statusReads = Enumerable.Range(0, (polled.Count + Ec2InstanceStatusRecord.IdsPerCall - 1) / Ec2InstanceStatusRecord.IdsPerCall)
                    .Select(n => StatusesAsync(ec2, polled.Skip(n * Ec2InstanceStatusRecord.IdsPerCall).Take(Ec2InstanceStatusRecord.IdsPerCall).ToList(), cancellationToken))
                    .ToList();
                var listing = OnlineAsync(session, polled, reporter, platforms, cancellationToken);
                await Task.WhenAll(statusReads.Select(read => (Task)read).Append(listing)).ConfigureAwait(false);
                var online = await listing.ConfigureAwait(false);
                foreach (var id in polled.Where(id => !online.Contains(id)))
                    why[id] = "its SSM agent is not Online";
                foreach (var read in statusReads)
                {
                    var (batch, statuses, failure) = await read.ConfigureAwait(false);
                    foreach (var id in batch)
                    {
                        if (failure != null)
                            Add(why, id, $"its EC2 status could not be read ({failure.Message})");
                        else if (!statuses!.TryGetValue(id, out var status))
                            Add(why, id, "EC2 reports no status for it");
                        else if (!status.IsOk)
                            Add(why, id, $"its EC2 status checks are {status.InstanceStatus}/{status.SystemStatus} (instance/system), not ok");
                    }
                }
                pending = pending.Where(why.ContainsKey).ToList();
                if (pending.Count == 0 || _clock.UtcNow >= deadline)
                    break;
                await _clock.DelayAsync(options.Wait.PollInterval, cancellationToken).ConfigureAwait(false);
            }
            return why.ToDictionary(p => p.Key, p => $"{p.Value} {options.RecoveryTimeout.TotalMinutes:0.#} minute(s) after its install", StringComparer.Ordinal);
        }

        /// <summary>Which of the instances are managed with their agent Online (a run's check: <see cref="InstanceCheck.Admit"/>), each one's platform recorded on the way.</summary>
        private async Task<HashSet<string>> OnlineAsync(AwsSession session, IReadOnlyList<string> instanceIds, IOperationReporter reporter, Dictionary<string, string> platforms, CancellationToken cancellationToken)
        {
            var online = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var outcome in _instances.GetAsync(session, new InstanceQuery { InstanceIds = instanceIds }, reporter, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Value is not { } instance)
                    continue;
                platforms[instance.InstanceId] = RolloutPlatform.Of(instance);
                var check = new InstanceCheck();
                check.Admit(instance);
                if (check.Ready.Count == 1)
                    online.Add(instance.InstanceId);
            }
            return online;
        }

        /// <summary>One DescribeInstanceStatus batch: the statuses by instance, or the transient failure that kept them unread (any other failure is thrown).</summary>
        private static async Task<(List<string> Batch, Dictionary<string, Ec2InstanceStatusRecord>? Statuses, AwsCallException? Failure)> StatusesAsync(IEc2Gateway ec2, List<string> batch, CancellationToken cancellationToken)
        {
            try
            {
                var statuses = (await ec2.DescribeInstanceStatusAsync(batch, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.InstanceId, StringComparer.Ordinal);
                return (batch, statuses, null);
            }
            catch (AwsCallException ex) when (WaitRetry.IsTransient(ex))
            {
                return (batch, null, ex);
            }
        }

        private static void Add(Dictionary<string, string> why, string id, string reason) =>
            why[id] = why.TryGetValue(id, out var before) ? $"{before}, and {reason}" : reason;

        /// <summary>
        /// The tested set per platform: for each platform of <paramref name="instanceIds"/>, the patches installed on its
        /// instances (Installed or InstalledPendingReboot), whenever installed, by KB id or title. Every platform of an
        /// instance that could be read is present, with no patch when none is installed.
        /// </summary>
        private async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> TestedSetAsync(RolloutSessions sessions, IReadOnlyList<string> instanceIds, IReadOnlyDictionary<string, string> known, IOperationReporter reporter, CancellationToken cancellationToken)
        {
            // The testers of every account-region together: a platform's set is what its instances installed, wherever they live.
            var names = new Dictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var (session, ids) in sessions.Group(instanceIds))
            {
                var platforms = await PlatformsAsync(session, ids, known, reporter, cancellationToken).ConfigureAwait(false);
                foreach (var platform in platforms.Values.Distinct(StringComparer.OrdinalIgnoreCase).Where(p => !names.ContainsKey(p)))
                    names[platform] = new SortedSet<string>(StringComparer.Ordinal);
                if (platforms.Count == 0)
                    continue;
                await foreach (var outcome in _compliance.GetPatchesAsync(session, new PatchQuery { InstanceIds = platforms.Keys.ToList(), States = InstalledStates }, reporter, cancellationToken).ConfigureAwait(false))
                {
                    if (outcome.Value is { } patch && platforms.TryGetValue(patch.InstanceId, out var platform))
                        names[platform].Add(PatchName(patch));
                }
            }
            return names.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToList(), StringComparer.OrdinalIgnoreCase);
        }
    }
}
