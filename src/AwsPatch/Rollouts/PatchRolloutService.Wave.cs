using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Compliance;
using AwsPatch.Instances;
using AwsPatch.Runs;

namespace AwsPatch.Rollouts
{
    public sealed partial class PatchRolloutService
    {
        private static readonly Func<string, PatchRunRequest, bool, Task<bool>> AlreadyApproved = (_, _, _) => Task.FromResult(true);

        /// <summary>
        /// One wave: its run (launched, or resumed when the wave started before), then the gates on the instances that
        /// installed (agent Online and status checks ok, a fresh Scan with the pinned SnapshotId compliant, only tested
        /// patches installed, the user's health check), then rollback when it failed and the rollout asks for it.
        /// A wave whose instances live in several account-regions runs as one part per account-region, each through the
        /// same steps in its own session, all parts at once and in step (install, then gates, then rollback); the wave
        /// passes only when no part failed a wave-level gate and its failed instances, all parts together, are within
        /// its MaxErrors. The record is written in the home session only.
        /// </summary>
        private async IAsyncEnumerable<Outcome<PatchRolloutResult>> WaveAsync(RolloutSessions sessions, WaveRun run, RolloutOptions options, IRolloutSink sink, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var record = run.Record;
            var wave = run.Wave;
            var store = Store(sessions.Home);
            run.StartedAt = record.Started.TryGetValue(wave.Wave, out var earlier) ? earlier : _gateways.Clock(sessions.Home).UtcNow;
            await store.StartedAsync(record.RolloutId, wave.Wave, run.StartedAt, cancellationToken).ConfigureAwait(false);
            sink.WavePhase(wave, record.Waves.Count, run.Resume ? "resuming the install" : "installing");
            var parts = Parts(sessions, run);
            var partSink = parts.Count == 1 ? sink : new SerialRolloutSink(sink);

            var failures = parts.Select(_ => new List<ItemFailure>()).ToList();
            await EachPartAsync(parts, (part, n) => RunWaveAsync(part.Session, part.Run, options, partSink, failures[n], cancellationToken)).ConfigureAwait(false);
            foreach (var failure in failures.SelectMany(f => f))
                yield return Outcome<PatchRolloutResult>.Failed(failure);

            sink.WavePhase(wave, record.Waves.Count, "gates");
            await EachPartAsync(parts, (part, _) => GateAsync(part.Session, part.Run, options, partSink, cancellationToken)).ConfigureAwait(false);

            var allowed = WavePlanner.AllowedErrors(wave.MaxErrors, wave.InstanceCount);
            run.Passed = parts.All(p => p.Run.WaveFailures.Count == 0) && parts.Sum(p => p.Run.FailedIds().Count) <= allowed;
            if (!run.Passed && record.RollbackOnFailure)
            {
                sink.WavePhase(wave, record.Waves.Count, "rolling back");
                await EachPartAsync(parts, (part, _) => RollbackAsync(part.Session, part.Run, part.Run.FailedIds(), options, partSink, cancellationToken)).ConfigureAwait(false);
                foreach (var part in parts.Where(p => !ReferenceEquals(p.Run, run)))
                    run.RolledBackIds.UnionWith(part.Run.RolledBackIds);
            }
            if (run.Passed && wave.Wave == RolloutPlatform.TestWaves(record.Waves))
            {
                // The first wave (with its canary) has passed: every patch now installed on its instances — by this
                // rollout or before it (a fleet whose instances differ in what they miss) — is the tested set of the
                // instance's platform; a later wave's instance is held to its own platform's set, whichever account it is in.
                // Only instances that passed count: an earlier wave's (the canary's) as its record says, never one that failed within MaxErrors.
                var testers = record.Waves.Where(w => w.Wave < wave.Wave).SelectMany(w => PassedOf(record, w, sink)).Concat(parts.SelectMany(p => p.Run.Healthy())).ToList();
                var known = parts.SelectMany(p => p.Run.Platforms).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                foreach (var pair in record.Platforms.Where(p => !known.ContainsKey(p.Key)))
                    known[pair.Key] = pair.Value;
                run.Tested = await TestedSetAsync(sessions, testers, known, sink, cancellationToken).ConfigureAwait(false);
                await store.TestedAsync(record.RolloutId, run.Tested, cancellationToken).ConfigureAwait(false);
                foreach (var platform in run.Tested.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
                    sink.Verbose($"Tested patch set of rollout {record.RolloutId} for {platform.Key} (installed on its first wave{(wave.Wave > 1 ? " and canary" : string.Empty)}): {platform.Value.Count} patch(es){(platform.Value.Count > 0 ? ": " + string.Join(", ", platform.Value.Take(20)) : string.Empty)}.");
            }

            run.Gates.Add(GateLine(WaveStates.InvocationsGate, parts.Sum(p => p.Run.Wave.InstanceIds.Count(id => !p.Run.Succeeded(id))), allowed));
            foreach (var gate in parts.SelectMany(p => p.Run.GatesRun).Distinct(StringComparer.Ordinal).ToList())
            {
                var waveFailures = parts.Where(p => p.Run.WaveFailures.ContainsKey(gate))
                    .Select(p => parts.Count == 1 ? p.Run.WaveFailures[gate] : $"{RolloutTarget.Of(p.Session)}: {p.Run.WaveFailures[gate]}").ToList();
                run.Gates.Add(waveFailures.Count > 0
                    ? $"{gate}: Failed ({string.Join("; ", waveFailures)})"
                    : GateLine(gate, parts.Sum(p => p.Run.GateFailures.Count(f => f.Value.ContainsKey(gate))), allowed));
            }
            // A wave-level gate that failed in any part fails every instance of the wave.
            var passed = new HashSet<string>(parts.Any(p => p.Run.WaveFailures.Count > 0) ? new List<string>() : parts.SelectMany(p => p.Run.Healthy()), StringComparer.Ordinal);
            run.Result = new WaveResult
            {
                State = run.Passed ? WaveStates.Succeeded : WaveStates.Failed,
                Gates = run.Gates,
                RolledBack = run.RolledBack,
                CompletedAt = _gateways.Clock(sessions.Home).UtcNow,
                // As planned: an instance refused before the send did not pass either.
                FailedIds = record.Waves.First(w => w.Wave == wave.Wave).InstanceIds.Where(id => !passed.Contains(id)).ToList(),
            };
            await store.FinishedAsync(record.RolloutId, wave.Wave, run.Result, CancellationToken.None).ConfigureAwait(false);

            foreach (var id in wave.InstanceIds)
            {
                var part = parts.First(p => p.Run.Wave.InstanceIds.Contains(id));
                yield return Outcome<PatchRolloutResult>.Success(ResultOf(part.Session, part.Run, id));
            }
        }

        /// <summary>
        /// The wave's parts, one per account-region its instances live in: the wave's own run when they are all in one
        /// (a single-session rollout is exactly one part), else a run of the same wave (number, name, RunId, rate
        /// control) over each account-region's instances.
        /// </summary>
        private static List<(AwsSession Session, WaveRun Run)> Parts(RolloutSessions sessions, WaveRun run)
        {
            var groups = sessions.Group(run.Wave.InstanceIds);
            if (groups.Count <= 1)
                return new List<(AwsSession Session, WaveRun Run)> { (groups.Count == 1 ? groups[0].Session : sessions.Home, run) };
            return groups.Select(g => (g.Session, new WaveRun(run.Record, new PatchRolloutWave
            {
                Wave = run.Wave.Wave,
                Name = run.Wave.Name,
                InstanceIds = g.Ids,
                MaxConcurrency = run.Wave.MaxConcurrency,
                MaxErrors = run.Wave.MaxErrors,
                RunId = run.Wave.RunId,
            }, run.Resume, run.Tested) { StartedAt = run.StartedAt })).ToList();
        }

        /// <summary>Runs <paramref name="work"/> for every part (with its index), at most <see cref="SessionFanOut.DefaultParallelism"/> at once; one part runs inline.</summary>
        private static async Task EachPartAsync(List<(AwsSession Session, WaveRun Run)> parts, Func<(AwsSession Session, WaveRun Run), int, Task> work)
        {
            if (parts.Count == 1)
            {
                await work(parts[0], 0).ConfigureAwait(false);
                return;
            }
            using var slots = new SemaphoreSlim(SessionFanOut.DefaultParallelism);
            await Task.WhenAll(parts.Select(async (part, n) =>
            {
                await slots.WaitAsync().ConfigureAwait(false);
                try
                {
                    await work(part, n).ConfigureAwait(false);
                }
                finally
                {
                    slots.Release();
                }
            })).ConfigureAwait(false);
        }

        /// <summary>
        /// The instances of a finished earlier wave that passed it, from its result in the record (the same in the process
        /// that ran it and in one that resumed the rollout). A record from before these were kept, of a wave that passed with
        /// failures within MaxErrors, cannot tell which failed: none of its instances counts as tested (said in a warning).
        /// </summary>
        private static IReadOnlyList<string> PassedOf(RolloutRecord record, PatchRolloutWave wave, IOperationReporter reporter)
        {
            if (record.Results.TryGetValue(wave.Wave, out var result) && result.PassedOf(wave) is { } passed)
                return passed;
            reporter.Warning($"Wave {wave.Wave} ({wave.Name}) of rollout {record.RolloutId} passed with failures within MaxErrors, and its record (written by an older AwsPatch) does not say which instances failed: "
                + "none of its instances counts toward the tested patch set, so production gets only what the later testing wave installed.");
            return Array.Empty<string>();
        }

        private static string GateLine(string gate, int failed, int allowed) =>
            failed == 0 ? $"{gate}: Passed" : failed <= allowed ? $"{gate}: Passed ({failed} failed, within MaxErrors {allowed})" : $"{gate}: Failed ({failed} instance(s))";

        /// <summary>The wave's run through the run workflow; every instance ends with a final result or a reason it was not patched.</summary>
        private async Task RunWaveAsync(AwsSession session, WaveRun run, RolloutOptions options, IRolloutSink sink, List<ItemFailure> failures, CancellationToken cancellationToken)
        {
            var record = run.Record;
            var wave = run.Wave;
            var plan = new PatchRunPlan
            {
                Request = new PatchRunRequest
                {
                    RunId = wave.RunId,
                    Operation = "Install",
                    RebootOption = record.RebootOption,
                    MaxConcurrency = wave.MaxConcurrency,
                    MaxErrors = wave.MaxErrors,
                    SnapshotFirst = !record.SkipSnapshot,
                    SnapshotId = record.PatchSnapshotId,
                    AlarmName = record.AlarmName,
                },
                Wait = true,
                WaitOptions = options.Wait,
                CallerFollowsResume = true,
            };
            var workflow = _runs.Start(plan);
            var launch = run.Resume
                ? workflow.ResumeAsync(session, wave.InstanceIds, AlreadyApproved, sink, cancellationToken)
                : workflow.LaunchAsync(session, new InstanceQuery { InstanceIds = wave.InstanceIds }, AlreadyApproved, sink, cancellationToken);
            await CollectAsync(run, launch, failures).ConfigureAwait(false);
            await CollectAsync(run, workflow.FinishAsync(sink, cancellationToken), failures).ConfigureAwait(false);

            // A resumed wave: instances that succeeded before are not reported by the resume, and those in flight are
            // reported as they were; read the first from the run's commands and follow the second to the end.
            var open = wave.InstanceIds.Where(id => !run.NotPatched.ContainsKey(id) && (!run.Results.TryGetValue(id, out var r) || !InvocationStatus.IsTerminal(r.Status))).ToList();
            if (open.Count > 0)
            {
                var (readBack, followed) = await ReadBackAsync(session, wave.RunId, open, options, sink, cancellationToken).ConfigureAwait(false);
                foreach (var result in readBack)
                    run.Results[result.InstanceId] = result;
                // Once, in the user's words: the run finished (or went on) while no process followed it.
                if (readBack.Count > 0)
                {
                    var line = $"Wave {wave.Wave} ({wave.Name}) of rollout {record.RolloutId}: its run {wave.RunId} "
                        + (followed > 0 ? $"was still in progress when the rollout was resumed ({followed} instance(s), followed here to the end)" : "had finished before the rollout was resumed")
                        + $"; the results of {readBack.Count} instance(s) were read back from Systems Manager ({readBack.Count(r => r.Status == InvocationStatus.Success)} Success)"
                        + (workflow.Sent.Count == 0 ? " and nothing was sent again." : ".");
                    if (workflow.Sent.Count == 0)
                        sink.Warning(line);
                    else
                        sink.Verbose(line);
                }
            }
            foreach (var id in wave.InstanceIds.Where(id => !run.Results.ContainsKey(id) && !run.NotPatched.ContainsKey(id)))
                run.NotPatched[id] = $"The wave's run {wave.RunId} has no result for it.";
            await SnapshotSetsAsync(session, run, sink, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// What a resumed run does not report (it reports only what it sends and what is in flight): the latest results of
        /// <paramref name="open"/> read from the run's commands, those still in flight followed to the end; with how many were followed.
        /// </summary>
        private async Task<(List<PatchRunResult> Results, int Followed)> ReadBackAsync(AwsSession session, string runId, IReadOnlyCollection<string> open, RolloutOptions options, IRolloutSink sink, CancellationToken cancellationToken)
        {
            var wanted = new HashSet<string>(open, StringComparer.Ordinal);
            var results = new Dictionary<string, PatchRunResult>(StringComparer.Ordinal);
            var commands = await _runs.FindRunAsync(session, runId, cancellationToken).ConfigureAwait(false);
            await foreach (var result in _runs.GetResultsAsync(session, commands, cancellationToken).ConfigureAwait(false))
            {
                if (wanted.Contains(result.InstanceId))
                    results[result.InstanceId] = result;
            }
            var inFlight = new HashSet<string>(results.Values.Where(r => !InvocationStatus.IsTerminal(r.Status)).Select(r => r.InstanceId), StringComparer.Ordinal);
            var following = commands.Where(c => c.InstanceIds.Any(inFlight.Contains)).ToList();
            if (following.Count > 0)
            {
                await foreach (var result in _runs.WaitAsync(session, following, options.Wait, sink.RunProgress, sink, cancellationToken).ConfigureAwait(false))
                {
                    if (inFlight.Contains(result.InstanceId))
                        results[result.InstanceId] = result;
                }
            }
            return (results.Values.ToList(), inFlight.Count);
        }

        private static async Task CollectAsync(WaveRun run, IAsyncEnumerable<Outcome<PatchRunResult>> outcomes, List<ItemFailure> failures)
        {
            await foreach (var outcome in outcomes.ConfigureAwait(false))
            {
                if (outcome.Value is { } result)
                {
                    run.Results[result.InstanceId] = result;
                    continue;
                }
                var failure = outcome.Failure!;
                if (run.Wave.InstanceIds.Contains(failure.TargetId))
                    run.NotPatched[failure.TargetId] = failure.Message;
                else
                    failures.Add(failure);   // about the whole wave (RunWaitFailed): written as is
            }
        }

        private static PatchRolloutResult ResultOf(AwsSession session, WaveRun run, string id)
        {
            run.Results.TryGetValue(id, out var result);
            var outcomes = new List<string>();
            string? error = null;
            string gate;
            if (run.NotPatched.TryGetValue(id, out var notPatched))
            {
                gate = WaveStates.NotRun;
                error = notPatched;
            }
            else if (result == null || result.Status != InvocationStatus.Success)
            {
                gate = WaveStates.Failed;
                outcomes.Add($"{WaveStates.InvocationsGate}: Failed ({result?.Status ?? "no result"})");
                error = result?.Error ?? $"Its install ended {result?.Status ?? "without a result"}.";
                if (run.WaveFailures.TryGetValue(WaveStates.AlarmGate, out var alarm))
                {
                    outcomes.Add($"{WaveStates.AlarmGate}: Failed ({alarm})");
                    error = $"Its install ended {result?.Status ?? "without a result"}: {alarm}.";
                }
            }
            else
            {
                outcomes.Add($"{WaveStates.InvocationsGate}: Passed");
                run.GateFailures.TryGetValue(id, out var failed);
                foreach (var name in run.GatesRun)
                {
                    if ((name == WaveStates.HealthGate || name == WaveStates.AlarmGate) && run.WaveFailures.TryGetValue(name, out var waveWhy))
                        outcomes.Add($"{name}: Failed ({waveWhy})");
                    else if (name == WaveStates.AlarmGate)
                        outcomes.Add($"{name}: Passed");
                    else if (failed != null && failed.TryGetValue(name, out var why))
                        outcomes.Add($"{name}: Failed ({why})");
                    else if (failed == null)
                        outcomes.Add($"{name}: Passed");
                }
                gate = failed != null || run.WaveFailures.Count > 0 ? WaveStates.Failed : WaveStates.Passed;
                if (failed != null)
                    error = string.Join("; ", failed.Select(f => $"{f.Key}: {f.Value}"));
                else if (run.WaveFailures.TryGetValue(WaveStates.AlarmGate, out var alarmWhy))
                    error = $"The wave's alarm gate failed: {alarmWhy}.";
                else if (run.HealthFailure != null)
                    error = $"The wave's health check failed: {run.HealthFailure}";
            }
            if (run.RollbackErrors.TryGetValue(id, out var rollback))
                error = (error == null ? string.Empty : error.TrimEnd('.') + ". ") + rollback;
            return new PatchRolloutResult
            {
                RolloutId = run.Record.RolloutId,
                Wave = run.Wave.Wave,
                WaveName = run.Wave.Name,
                InstanceId = id,
                Status = result?.Status ?? WaveStates.NotPatched,
                Gate = gate,
                GateOutcomes = outcomes,
                RolledBack = run.RolledBackIds.Contains(id),
                SnapshotId = run.RootSnapshots.TryGetValue(id, out var root) ? root : result?.SnapshotIds.FirstOrDefault(),
                CommandId = result?.CommandId ?? string.Empty,
                RunId = run.Wave.RunId,
                Error = error,
                CompletedAt = result?.CompletedAt,
                Region = session.RegionName,
                AccountId = session.AccountId,
                RoleArn = session.RoleArn,
            };
        }
    }
}
