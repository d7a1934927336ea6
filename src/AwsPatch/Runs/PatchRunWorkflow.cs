using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Instances;

namespace AwsPatch.Runs
{
    /// <summary>
    /// One patch run from start to end, per session: check (found, managed, Online; for Install, no AwsPatch Install in
    /// progress) → approve (the caller's callback, once per instance) → snapshot (optional, one wait for all) → send
    /// (50 ids per SendCommand) → wait. Results and per-instance failures stream out as outcomes. It remembers what was
    /// sent, so a run that reached no instance is a warning and a stopped run can say how to follow it. Each call takes
    /// the approval callback (asked once per instance with <c>"id (region)"</c> and the request; false leaves it out)
    /// and the sink for progress, warnings and verbose text of the caller's current phase.
    /// </summary>
    public sealed class PatchRunWorkflow
    {
        private readonly PatchRunService _runs;
        private readonly PatchRunPlan _plan;
        private readonly Dictionary<AwsSession, List<SentCommand>> _sent = new Dictionary<AwsSession, List<SentCommand>>();
        private readonly Dictionary<AwsSession, RunRecordStore> _records = new Dictionary<AwsSession, RunRecordStore>();
        private readonly List<string> _noMatch = new List<string>();
        private readonly RelayReporter _relay = new RelayReporter();
        private readonly CallRetry _retry;
        private int _leftOut;
        private int _recordedHere;
        private int _finished;

        /// <summary>
        /// The run's calls besides its polls (check, record, snapshot lookups, SendCommand) follow one <see cref="CallRetry"/>:
        /// with -Wait, transient failures are retried until the wait's deadline (measured from the start of the run);
        /// without, within <see cref="CallRetry.ListingBudget"/> of each call.
        /// </summary>
        public PatchRunWorkflow(PatchRunService runs, PatchRunPlan plan)
        {
            _runs = runs;
            _plan = plan;
            _retry = new CallRetry(runs.Clock, _relay, $"Run {plan.RunId}", plan.Wait ? runs.Clock.UtcNow + plan.WaitOptions.Timeout : (DateTime?)null);
        }

        /// <summary>Every command sent so far, in every session.</summary>
        public IReadOnlyList<SentCommand> Sent => _sent.Values.SelectMany(list => list).ToList();

        /// <summary>
        /// For a user who stopped the run: that what was sent goes on and how to follow it, and that instances recorded
        /// but not sent yet are sent by resuming the run; null when nothing was recorded or sent.
        /// </summary>
        public string? StoppedMessage()
        {
            var sent = Sent;
            var sentCount = sent.Sum(c => c.InstanceIds.Count);
            var unsent = _recordedHere - sentCount;
            var resume = $"Invoke-PatchRun -ResumeRunId {_plan.RunId} sends to them (and to no instance already sent it).";
            if (sent.Count == 0)
                return unsent > 0 ? $"Stopped run {_plan.RunId} before it sent the command; its {unsent} instance(s) are recorded in Parameter Store: {resume}" : null;
            var message = PatchRunService.StillRunning(_plan.RunId, sent.Select(c => c.CommandId), Math.Max(0, sentCount - _finished));
            return unsent > 0 ? $"{message} {unsent} recorded instance(s) were not sent the command yet: {resume}" : message;
        }

        /// <summary>Runs the instances <paramref name="query"/> selects in one session up to the send.</summary>
        public IAsyncEnumerable<Outcome<PatchRunResult>> LaunchAsync(AwsSession session, InstanceQuery query, Func<string, PatchRunRequest, bool, Task<bool>> approve, IPatchRunSink sink, CancellationToken cancellationToken) =>
            LaunchAsync(session, _plan.Request, query, Array.Empty<string>(), approve, sink, cancellationToken);

        /// <summary>
        /// Resumes the run in one session, by its record in Parameter Store (a run without one falls back to its
        /// commands, with a warning): sends to the instances never sent the command and to those that finished without
        /// Success, and to <paramref name="moreIds"/>; an instance still in flight is reported as it is, never sent again.
        /// </summary>
        public async IAsyncEnumerable<Outcome<PatchRunResult>> ResumeAsync(AwsSession session, IReadOnlyList<string> moreIds, Func<string, PatchRunRequest, bool, Task<bool>> approve, IPatchRunSink sink, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            _relay.Target = sink;
            var store = RecordOf(session);
            var record = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
            var resume = await _runs.PlanResumeAsync(session, _plan.RunId, moreIds, _retry, cancellationToken, record).ConfigureAwait(false);
            if (resume.Commands.Count == 0 && record == null && moreIds.Count == 0)
            {
                yield return Outcome<PatchRunResult>.Failed(new ItemFailure(_plan.RunId, "RunNotFound", AwsErrorKind.NotFound,
                    $"Run {_plan.RunId} was not found in {session.RegionName}: it has no record in Parameter Store ({RunRecord.PathOf(_plan.RunId)}) and no AWS-RunPatchBaseline command.",
                    "Check the run id (Get-PatchRun lists recent runs) and the region (-Region); Systems Manager keeps command history for 30 days."));
                yield break;
            }
            if (record == null && (resume.Resend.Count > 0 || resume.InFlight.Count > 0))
                sink.Warning($"Run {_plan.RunId} has no record in Parameter Store ({RunRecord.PathOf(_plan.RunId)}) in {session.RegionName}; it predates run records (a run removes its own once every instance reached Success). "
                    + "Resuming from its commands: instances it never sent the command to are not known, so pipe them in (-InstanceId) to include them.");
            store.Succeeded.UnionWith(resume.SucceededIds);
            // A caller that follows the run itself (a rollout wave) gets these as verbose text: their advice is not the user's to act on.
            Action<string> tell = _plan.CallerFollowsResume ? sink.Verbose : sink.Warning;
            if (resume.InFlight.Count > 0)
            {
                tell($"{resume.InFlight.Count} instance(s) of run {_plan.RunId} are still in progress in {session.RegionName} and were not sent the command again: "
                    + $"{string.Join(", ", resume.InFlight.Select(r => $"{r.InstanceId} ({r.Status})"))}. Follow them with Wait-PatchRun -RunId {_plan.RunId}, then resume again if any did not succeed.");
                foreach (var result in resume.InFlight)
                    yield return Outcome<PatchRunResult>.Success(result);
            }
            if (resume.Resend.Count == 0)
            {
                var message = resume.InFlight.Count == 0
                    ? $"Run {_plan.RunId} is complete in {session.RegionName}: all {resume.Succeeded} instance(s) reached Success. Nothing was sent."
                    : $"Run {_plan.RunId} in {session.RegionName}: {resume.Succeeded} instance(s) reached Success and {resume.InFlight.Count} are still in progress; none is unsent or unsuccessful, so nothing was sent.";
                sink.Verbose(message);
                if (!_plan.CallerFollowsResume)
                    sink.Warning(message);
                if (store.AllSucceeded && resume.InFlight.Count == 0)
                    await RemoveRecordAsync(session, store, sink, cancellationToken).ConfigureAwait(false);
                yield break;
            }

            var request = _plan.ResumeRequest(resume);
            sink.Verbose($"Resuming run {resume.RunId}: {resume.Succeeded} instance(s) already succeeded, {resume.InFlight.Count} still in progress; sending {request.Operation} to {resume.Resend.Count} ({resume.NeverSent} never sent before): {string.Join(", ", resume.Resend)}.");
            if (request.SnapshotFirst && resume.Snapshotted.Count > 0)
                sink.Verbose($"Reusing the completed snapshot sets of run {resume.RunId} for {string.Join(", ", resume.Snapshotted)}; not snapshotting them again.");
            await foreach (var outcome in LaunchAsync(session, request, new InstanceQuery { InstanceIds = resume.Resend }, resume.Snapshotted, approve, sink, cancellationToken).ConfigureAwait(false))
                yield return outcome;
        }

        /// <summary>
        /// After every launch: warns when the run reached no instance, and with -Wait follows what was sent to the end. A
        /// failed follow-up call returns the unfinished instances as last known and a <c>RunWaitFailed</c> failure.
        /// </summary>
        public async IAsyncEnumerable<Outcome<PatchRunResult>> FinishAsync(IPatchRunSink sink, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            _relay.Target = sink;
            if (_sent.Values.All(list => list.Count == 0) && (_noMatch.Count > 0 || _leftOut > 0))
                sink.Warning(PatchRunService.NothingSent(_plan.RunId, _noMatch, _leftOut));
            if (!_plan.Wait)
                yield break;
            foreach (var pair in _sent.Where(p => p.Value.Count > 0).ToList())
            {
                var results = _runs.WaitAsync(pair.Key, pair.Value, _plan.WaitOptions, sink.RunProgress, sink, cancellationToken);
                await using var waiting = results.GetAsyncEnumerator(cancellationToken);
                while (true)
                {
                    ItemFailure? failure = null;
                    try
                    {
                        if (!await waiting.MoveNextAsync().ConfigureAwait(false))
                            break;
                    }
                    catch (ItemFailureException ex)
                    {
                        failure = ex.Failure;
                    }
                    if (failure != null)
                    {
                        yield return Outcome<PatchRunResult>.Failed(failure);
                        break;
                    }
                    _finished += waiting.Current.IsComplete ? 1 : 0;
                    if (waiting.Current.Status == InvocationStatus.Success && _records.TryGetValue(pair.Key, out var succeeded))
                        succeeded.Succeeded.Add(waiting.Current.InstanceId);
                    yield return Outcome<PatchRunResult>.Success(waiting.Current);
                }
                if (_records.TryGetValue(pair.Key, out var store) && store.AllSucceeded)
                    await RemoveRecordAsync(pair.Key, store, sink, cancellationToken).ConfigureAwait(false);
            }
        }

        private async IAsyncEnumerable<Outcome<PatchRunResult>> LaunchAsync(AwsSession session, PatchRunRequest request, InstanceQuery query, IReadOnlyCollection<string> alreadySnapshotted, Func<string, PatchRunRequest, bool, Task<bool>> approve, IPatchRunSink sink, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            _relay.Target = sink;
            var check = await CheckAsync(session, query, sink, cancellationToken).ConfigureAwait(false);
            foreach (var failure in LeaveOut(check.Failures))
                yield return failure;
            IReadOnlyList<string> ready = check.Ready;
            if (request.Operation == "Install" && !_plan.AllowConcurrentInstall && ready.Count > 0)
            {
                var busy = await _runs.CheckInstallsInProgressAsync(session, ready, _retry, cancellationToken).ConfigureAwait(false);
                foreach (var failure in LeaveOut(busy.Failures))
                    yield return failure;
                ready = busy.Ready;
            }

            var approved = new List<string>();
            foreach (var id in ready)
            {
                if (await approve($"{id} ({session.RegionName})", request, request.SnapshotFirst && !alreadySnapshotted.Contains(id)).ConfigureAwait(false))
                    approved.Add(id);
            }
            if (approved.Count == 0)
                yield break;

            // The run's record comes first: a run stopped anywhere after this point can be resumed exactly.
            var unrecorded = await RecordAsync(session, request, approved, cancellationToken).ConfigureAwait(false);
            if (unrecorded != null)
            {
                foreach (var failure in LeaveOut(approved.Select(id => unrecorded(id))))
                    yield return failure;
                yield break;
            }
            _recordedHere += approved.Count;

            IReadOnlyDictionary<string, IReadOnlyList<string>> snapshotIds = new Dictionary<string, IReadOnlyList<string>>();
            if (request.SnapshotFirst)
            {
                var toSnapshot = approved.Where(id => !alreadySnapshotted.Contains(id)).ToList();
                var gate = await _runs.SnapshotAsync(session, request.RunId, toSnapshot, _plan.WaitOptions, p => sink.SnapshotProgress(request.RunId, p), sink, cancellationToken).ConfigureAwait(false);
                foreach (var failure in LeaveOut(gate.Failures))
                    yield return failure;
                approved = approved.Where(id => alreadySnapshotted.Contains(id) || gate.Ready.Contains(id)).ToList();
                snapshotIds = gate.SnapshotIds;
            }

            var (commands, failures) = await _runs.SendAsync(session, request, approved, snapshotIds, request.SnapshotFirst, _retry, cancellationToken, command => Remember(session, command)).ConfigureAwait(false);
            foreach (var failure in LeaveOut(failures))
                yield return failure;
            foreach (var command in commands)
            {
                sink.Verbose($"Sent {request.Operation} to {command.InstanceIds.Count} instance(s) in {session.RegionName}: command {command.CommandId}.");
                if (!_plan.Wait)
                {
                    foreach (var id in command.InstanceIds)
                        yield return Outcome<PatchRunResult>.Success(PatchRunService.Pending(command, id, session.RegionName));
                }
            }
        }

        /// <summary>
        /// The pre-send check of the instances <paramref name="query"/> selects, reading only those the plan does not list
        /// as <see cref="PatchRunPlan.AlreadyChecked"/> (a query with filters is read whole: they may leave an id out);
        /// the ready ones in the query's order.
        /// </summary>
        private async Task<InstanceCheck> CheckAsync(AwsSession session, InstanceQuery query, IPatchRunSink sink, CancellationToken cancellationToken)
        {
            if (_plan.AlreadyChecked.Count == 0 || query.HasFilters)
                return await _runs.CheckAsync(session, query, sink, _retry, cancellationToken).ConfigureAwait(false);
            var known = new HashSet<string>(_plan.AlreadyChecked, StringComparer.Ordinal);
            var toRead = query.InstanceIds.Where(id => !known.Contains(id)).ToList();
            var check = toRead.Count > 0 ? await _runs.CheckAsync(session, new InstanceQuery { InstanceIds = toRead, ManagedOnly = query.ManagedOnly }, sink, _retry, cancellationToken).ConfigureAwait(false) : new InstanceCheck();
            var ready = new HashSet<string>(check.Ready, StringComparer.Ordinal);
            ready.UnionWith(query.InstanceIds.Where(known.Contains));
            var ordered = query.InstanceIds.Where(ready.Remove).ToList();
            check.Ready.Clear();
            check.Ready.AddRange(ordered);
            return check;
        }

        /// <summary>Instances left out of the run, as failures; a query that matched nothing feeds the no-instance warning instead.</summary>
        private IEnumerable<Outcome<PatchRunResult>> LeaveOut(IEnumerable<ItemFailure> failures)
        {
            var left = new List<Outcome<PatchRunResult>>();
            foreach (var failure in failures)
            {
                if (failure.ErrorId == InstanceService.NoMatchingInstanceId)
                {
                    _noMatch.Add(failure.Message);
                    continue;
                }
                _leftOut++;
                left.Add(Outcome<PatchRunResult>.Failed(failure));
            }
            return left;
        }

        private RunRecordStore RecordOf(AwsSession session)
        {
            if (!_records.TryGetValue(session, out var store))
                _records[session] = store = _runs.Records(session, _plan.RunId, _retry);
            return store;
        }

        /// <summary>Records the instances in the run's record; null when done, else the failure each of them gets (nothing is sent to them).</summary>
        private async Task<Func<string, ItemFailure>?> RecordAsync(AwsSession session, PatchRunRequest request, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            try
            {
                await RecordOf(session).RecordAsync(RunRecord.For(request), instanceIds, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (RunIdInUseException ex)
            {
                return id => new ItemFailure(id, "RunIdInUse", AwsErrorKind.InvalidInput, ex.Message, $"Give a new -RunId, or resume that run with Invoke-PatchRun -ResumeRunId {ex.RunId}.");
            }
            catch (AwsCallException ex)
            {
                return id => new ItemFailure(id, "RunRecordFailed", ex.Kind,
                    $"Run {request.RunId} was not sent to {id}: its record could not be written to Parameter Store ({RunRecord.PathOf(request.RunId)}): {ex.Message}",
                    "Grant ssm:PutParameter, ssm:GetParameter, ssm:GetParametersByPath and ssm:DeleteParameters on parameter/patch/awspatch/* (examples/iam/AwsPatch-policy.json), then run again.", ex);
            }
        }

        /// <summary>Every recorded instance reached Success: the record has done its work, so it is removed (a failure only warns).</summary>
        private static async Task RemoveRecordAsync(AwsSession session, RunRecordStore store, IPatchRunSink sink, CancellationToken cancellationToken)
        {
            try
            {
                await store.DeleteAsync(cancellationToken).ConfigureAwait(false);
                sink.Verbose($"Every instance of the run reached Success in {session.RegionName}; removed its record from Parameter Store.");
            }
            catch (AwsCallException ex)
            {
                sink.Warning($"The run's record in Parameter Store could not be removed in {session.RegionName}: {ex.Message} Remove it with Remove-SSMParameter or aws ssm delete-parameters.");
            }
        }

        /// <summary>The retry policy's reporter: the sink of the caller's current phase.</summary>
        private sealed class RelayReporter : IOperationReporter
        {
            private volatile IOperationReporter? _target;

            public IOperationReporter? Target { set => _target = value; }

            public void Warning(string message) => _target?.Warning(message);

            public void Verbose(string message) => _target?.Verbose(message);
        }

        private void Remember(AwsSession session, SentCommand command)
        {
            if (!_sent.TryGetValue(session, out var list))
                _sent[session] = list = new List<SentCommand>();
            list.Add(command);
        }
    }
}
