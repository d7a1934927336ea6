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
using AwsPatch.Remediation;
using AwsPatch.Runs;
using AwsPatch.Snapshots;

namespace AwsPatch.Rollouts
{
    /// <summary>
    /// Staged rollouts: waves of patch runs, each gated before the next starts, one pinned patch set, rollback of a
    /// failed wave from its pre-patch snapshots, and a durable record in Parameter Store (<see cref="RolloutRecord"/>)
    /// so another process can follow or resume it. A wave is a run (<see cref="PatchRunWorkflow"/>), never a copy of one.
    /// </summary>
    public sealed partial class PatchRolloutService
    {
        private readonly IAwsGateways _gateways;
        private readonly InstanceService _instances;
        private readonly PatchRunService _runs;
        private readonly SnapshotService _snapshots;
        private readonly ComplianceService _compliance;
        private readonly IWaitClock _clock;
        private readonly RemediationService _remediation;

        public PatchRolloutService(IAwsGateways gateways, InstanceService instances, PatchRunService runs, SnapshotService snapshots, ComplianceService compliance, IWaitClock? clock = null,
            RemediationService? remediation = null)
        {
            _remediation = remediation ?? new RemediationService(gateways, compliance);
            _gateways = gateways;
            _instances = instances;
            _runs = runs;
            _snapshots = snapshots;
            _compliance = compliance;
            _clock = clock ?? SystemWaitClock.Instance;
        }

        /// <summary>
        /// Which of the instances a rollout can patch: found, running, managed by Systems Manager and Online. The others
        /// come back as failures (reported, left out, never silently dropped). Reads only.
        /// </summary>
        public async Task<(List<PatchInstance> Ready, List<ItemFailure> LeftOut)> CheckAsync(AwsSession session, IReadOnlyList<string> instanceIds, IOperationReporter reporter, CancellationToken cancellationToken)
        {
            var ready = new List<PatchInstance>();
            var leftOut = new List<ItemFailure>();
            if (instanceIds.Count == 0)
                return (ready, leftOut);
            await foreach (var outcome in _instances.GetAsync(session, new InstanceQuery { InstanceIds = instanceIds }, reporter, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Failure != null)
                {
                    leftOut.Add(outcome.Failure);
                    continue;
                }
                var instance = outcome.Value!;
                if (!string.Equals(instance.State, "running", StringComparison.OrdinalIgnoreCase))
                {
                    leftOut.Add(new ItemFailure(instance.InstanceId, "InstanceNotRunning", AwsErrorKind.InvalidInput,
                        $"Instance {instance.InstanceId} is {instance.State} in {instance.Region}, so it cannot be patched; it was left out of the rollout.",
                        "Start the instance and wait until its SSM agent is Online, then add it to a rollout; or leave it out of the input."));
                    continue;
                }
                var check = new InstanceCheck();
                check.Admit(instance);
                if (check.Ready.Count == 1)
                    ready.Add(instance);
                else
                    leftOut.AddRange(check.Failures.Select(f => new ItemFailure(f.TargetId, f.ErrorId, f.Kind, f.Message.Replace("Nothing was sent to it.", "It was left out of the rollout."), f.RecommendedAction)));
            }
            return (ready, leftOut);
        }

        /// <summary>
        /// A new rollout's record (nothing written yet): its settings, the gates of <paramref name="options"/> that can be
        /// recorded (the health check document and its parameters, the remediation gate; a health check scriptblock is
        /// code and cannot), a fresh pinned SnapshotId, its waves, and each instance's platform as <see cref="CheckAsync"/> read it
        /// (<paramref name="platforms"/>, instance → <see cref="RolloutPlatform.Of"/>), so the waves need not list them again.
        /// </summary>
        public RolloutRecord NewRecord(AwsSession session, string rolloutId, IReadOnlyList<PatchRolloutWave> waves, string rebootOption, bool rollbackOnFailure, bool skipSnapshot, TimeSpan soak, string? alarmName = null,
            RolloutOptions? options = null, IReadOnlyDictionary<string, string>? platforms = null, IReadOnlyList<RolloutTarget>? targets = null, IReadOnlyDictionary<string, int>? targetOf = null) => new RolloutRecord
        {
            Platforms = platforms ?? new Dictionary<string, string>(),
            HealthCheckDocument = options?.HealthCheckDocument,
            HealthCheckParameters = options?.HealthCheckParameters ?? new Dictionary<string, IReadOnlyList<string>>(),
            RemediationTimeout = options?.RemediationDeadline,
            RolloutId = rolloutId,
            Region = session.RegionName,
            PatchSnapshotId = Guid.NewGuid().ToString(),
            RebootOption = rebootOption,
            RollbackOnFailure = rollbackOnFailure,
            SkipSnapshot = skipSnapshot,
            Soak = soak,
            AlarmName = alarmName,
            StartedAt = _gateways.Clock(session).UtcNow,
            Waves = waves,
            Targets = targets ?? Array.Empty<RolloutTarget>(),
            TargetOf = targetOf ?? new Dictionary<string, int>(StringComparer.Ordinal),
        };

        /// <summary>
        /// Runs a new rollout: writes its record (before anything is sent), then each wave in order (install, gates, on
        /// failure rollback and stop, else soak). One result per instance per wave streams out as each wave ends.
        /// <paramref name="session"/> is the home (the record's); <paramref name="targets"/> are the sessions of
        /// <see cref="RolloutRecord.Targets"/>, in its order (none for a rollout in one account-region).
        /// </summary>
        public async IAsyncEnumerable<Outcome<PatchRolloutResult>> RunAsync(AwsSession session, RolloutRecord record, IReadOnlyList<AwsSession> targets, RolloutOptions options, IRolloutSink sink,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var store = Store(session);
            ItemFailure? notRecorded = null;
            try
            {
                await store.CreateAsync(record, cancellationToken).ConfigureAwait(false);
            }
            catch (ItemFailureException ex)
            {
                notRecorded = ex.Failure;
            }
            catch (AwsCallException ex)
            {
                notRecorded = new ItemFailure(record.RolloutId, "RolloutRecordFailed", ex.Kind,
                    $"Rollout {record.RolloutId} was not started: its record could not be written to Parameter Store ({RolloutRecord.PathOf(record.RolloutId)}): {ex.Message}",
                    "Grant ssm:PutParameter, ssm:GetParameter, ssm:GetParametersByPath and ssm:DeleteParameters on parameter/patch/awspatch/* (examples/iam/AwsPatch-policy.json), then run again.", ex);
            }
            if (notRecorded != null)
            {
                yield return Outcome<PatchRolloutResult>.Failed(notRecorded);
                yield break;
            }
            sink.Verbose($"Rollout {record.RolloutId}: {record.Waves.Count} wave(s) ({string.Join(" -> ", record.Waves.Select(w => $"{w.Name} {w.InstanceCount}"))}), pinned SnapshotId {record.PatchSnapshotId}; record at {RolloutRecord.PathOf(record.RolloutId)}.");
            await foreach (var outcome in WavesAsync(new RolloutSessions(session, targets, record.TargetOf), record, options, sink, cancellationToken).ConfigureAwait(false))
                yield return outcome;
        }

        /// <summary>
        /// Continues a rollout from its record: waves with a result are not redone, a wave that started is resumed by its
        /// run's resume rule (never-sent and unsuccessful instances are sent, in-flight ones followed, none sent twice),
        /// later waves run as usual, with the recorded health check document and remediation gate unless <paramref name="given"/>
        /// gives them again. A rollout that failed is not resumed. <paramref name="targetSessions"/> makes the sessions of the
        /// record's other account-regions (<see cref="RolloutRecord.Targets"/>, in order), assuming their roles again.
        /// </summary>
        public async IAsyncEnumerable<Outcome<PatchRolloutResult>> ResumeAsync(AwsSession session, string rolloutId, Func<IReadOnlyList<RolloutTarget>, Task<IReadOnlyList<AwsSession>>> targetSessions,
            RolloutOptions options, ResumeGates given, IRolloutSink sink, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var record = await Store(session).LoadAsync(rolloutId, cancellationToken).ConfigureAwait(false);
            if (record == null)
            {
                yield return Outcome<PatchRolloutResult>.Failed(NotFound(rolloutId, session));
                yield break;
            }
            if (record.Incomplete)
            {
                // The record is written whole before anything is sent: one cut short means the rollout never sent a command.
                yield return Outcome<PatchRolloutResult>.Failed(new ItemFailure(rolloutId, "RolloutRecordIncomplete", AwsErrorKind.InvalidInput,
                    $"Rollout {rolloutId}'s record in Parameter Store ({RolloutRecord.PathOf(rolloutId)}) is incomplete: the process that started it stopped while writing it, before anything was sent. Nothing was sent now either.",
                    $"Start the rollout again with Invoke-PatchRollout and a new -RolloutId; the incomplete record can be removed with Remove-SSMParameter or aws ssm delete-parameters (its names start with {RolloutRecord.PathOf(rolloutId)})."));
                yield break;
            }
            var failed = record.Waves.FirstOrDefault(w => record.Results.TryGetValue(w.Wave, out var r) && r.State == WaveStates.Failed);
            if (failed != null)
            {
                yield return Outcome<PatchRolloutResult>.Failed(new ItemFailure(rolloutId, "RolloutFailed", AwsErrorKind.InvalidInput,
                    $"Rollout {rolloutId} failed at wave {failed.Wave} ({failed.Name}): {string.Join("; ", record.Results[failed.Wave].Gates.Where(g => !g.EndsWith(": Passed", StringComparison.Ordinal)))}. A failed rollout is not resumed; nothing was sent.",
                    "See the wave's results with Get-PatchRollout; fix the cause, then start a new rollout with Invoke-PatchRollout."));
                yield break;
            }
            if (record.Waves.All(w => record.Results.ContainsKey(w.Wave)))
            {
                sink.Warning($"Rollout {rolloutId} already succeeded: every wave passed its gates. Nothing was sent.");
                yield break;
            }
            options = options.ResumedWith(record, given);
            var targets = record.Targets.Count == 0 ? Array.Empty<AwsSession>() : await targetSessions(record.Targets).ConfigureAwait(false);
            await foreach (var outcome in WavesAsync(new RolloutSessions(session, targets, record.TargetOf), record, options, sink, cancellationToken).ConfigureAwait(false))
                yield return outcome;
        }

        /// <summary>A rollout from its record; null when this region has no record of it.</summary>
        public async Task<PatchRollout?> GetAsync(AwsSession session, string rolloutId, CancellationToken cancellationToken) =>
            (await Store(session).LoadAsync(rolloutId, cancellationToken).ConfigureAwait(false))?.ToRollout();

        /// <summary>Every rollout recorded in the session's region, newest first.</summary>
        public async Task<IReadOnlyList<PatchRollout>> ListAsync(AwsSession session, CancellationToken cancellationToken) =>
            (await Store(session).ListAsync(cancellationToken).ConfigureAwait(false)).Select(r => r.ToRollout()).ToList();

        internal static ItemFailure NotFound(string rolloutId, AwsSession session) => new ItemFailure(rolloutId, "RolloutNotFound", AwsErrorKind.NotFound,
            $"Rollout {rolloutId} has no record in Parameter Store ({RolloutRecord.PathOf(rolloutId)}) in {session.RegionName}.",
            "Check the rollout id and the region (-Region); Get-PatchRollout without -RolloutId lists the rollouts of a region.");

        private async IAsyncEnumerable<Outcome<PatchRolloutResult>> WavesAsync(RolloutSessions sessions, RolloutRecord record, RolloutOptions options, IRolloutSink sink, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var tested = record.Tested;
            foreach (var wave in record.Waves)
            {
                if (record.Results.ContainsKey(wave.Wave))
                {
                    sink.Verbose($"Wave {wave.Wave} ({wave.Name}) of rollout {record.RolloutId} already passed its gates; not redone.");
                    continue;
                }
                var (sent, refused) = await RefuseUntestedAsync(sessions, record, wave, tested, sink, cancellationToken).ConfigureAwait(false);
                foreach (var failure in refused)
                    yield return Outcome<PatchRolloutResult>.Failed(failure);
                var run = new WaveRun(record, sent, record.Started.ContainsKey(wave.Wave), tested);
                if (sent.InstanceCount > 0)
                {
                    await foreach (var outcome in WaveAsync(sessions, run, options, sink, cancellationToken).ConfigureAwait(false))
                        yield return outcome;
                }
                else
                {
                    // Every instance refused: the wave reached none, which is not a pass; nothing later was tested for them either.
                    run.Gates.Add($"{WaveStates.TestedSetGate}: Failed ({refused.Count} instance(s) on untested platforms, none sent)");
                    sink.Warning($"Wave {wave.Wave} ({wave.Name}) of rollout {record.RolloutId} reached no instance: each of its {refused.Count} instance(s) runs a platform no instance of the testing wave passed on.");
                    run.Result = new WaveResult { State = WaveStates.Failed, Gates = run.Gates, CompletedAt = _gateways.Clock(sessions.Home).UtcNow, FailedIds = wave.InstanceIds };
                    await Store(sessions.Home).FinishedAsync(record.RolloutId, wave.Wave, run.Result, CancellationToken.None).ConfigureAwait(false);
                }
                record = record.WithResult(wave.Wave, run.Result!);
                if (!run.Passed)
                {
                    var next = record.Waves.Where(w => w.Wave > wave.Wave).Select(w => w.Name).ToList();
                    yield return Outcome<PatchRolloutResult>.Failed(new ItemFailure(record.RolloutId, "RolloutWaveFailed", AwsErrorKind.ServiceFault,
                        $"Rollout {record.RolloutId} stopped: wave {wave.Wave} ({wave.Name}) failed its gates ({string.Join("; ", run.Gates.Where(g => !g.EndsWith(": Passed", StringComparison.Ordinal)))})."
                        + (run.RolledBack > 0 ? $" {run.RolledBack} instance(s) were rolled back to their pre-patch snapshots." : string.Empty)
                        + (next.Count > 0 ? $" No later wave was started ({string.Join(", ", next)})." : string.Empty),
                        $"See each instance's result (Gate, GateOutcomes, Error) and Get-PatchRollout -RolloutId {record.RolloutId}; fix the cause, then start a new rollout."));
                    yield break;
                }
                tested = run.Tested;
                record = record.WithTested(tested);
                if (wave.Wave < record.Waves.Count && record.Soak > TimeSpan.Zero)
                {
                    sink.WavePhase(wave, record.Waves.Count, $"soaking for {record.Soak}");
                    sink.Verbose($"Wave {wave.Wave} ({wave.Name}) passed; soaking {record.Soak} before wave {wave.Wave + 1}.");
                    await _clock.DelayAsync(record.Soak, cancellationToken).ConfigureAwait(false);
                }
            }
            sink.Verbose($"Rollout {record.RolloutId} succeeded: every wave passed its gates.");
        }

        private RolloutRecordStore Store(AwsSession session) => new RolloutRecordStore(_gateways.Parameters(session));
    }
}
