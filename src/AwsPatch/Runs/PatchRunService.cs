using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Instances;
using AwsPatch.Snapshots;

namespace AwsPatch.Runs
{
    /// <summary>
    /// Patch runs on SSM Patch Manager: checks instances, gates on pre-patch snapshots, sends AWS-RunPatchBaseline in
    /// batches of the API's instance limit, follows the commands (one paged ListCommandInvocations per command per poll),
    /// and finds, resumes and cancels runs by the RunId in the command comment. State lives in Systems Manager.
    /// </summary>
    public sealed class PatchRunService
    {
        public const string Document = "AWS-RunPatchBaseline";

        private readonly IAwsGateways _gateways;
        private readonly InstanceService _instances;
        private readonly ISnapshotService _snapshots;
        private readonly IWaitClock _clock;

        /// <param name="clock">What waits run on (deadlines, delays between polls); the machine's clock by default.</param>
        public PatchRunService(IAwsGateways gateways, InstanceService instances, ISnapshotService snapshots, IWaitClock? clock = null)
        {
            _gateways = gateways;
            _clock = clock ?? SystemWaitClock.Instance;
            _instances = instances;
            _snapshots = snapshots;
        }

        /// <summary>Starts one run's workflow (check → approve → snapshot → send → wait); see <see cref="PatchRunWorkflow"/>.</summary>
        public PatchRunWorkflow Start(PatchRunPlan plan) => new PatchRunWorkflow(this, plan);

        /// <summary>
        /// Which instances can be sent a command: found in the session's region, managed by Systems Manager, agent Online
        /// (an agent Systems Manager could not be asked about is not confirmed, so not ready). Reads only; nothing is sent.
        /// </summary>
        public Task<InstanceCheck> CheckAsync(AwsSession session, IReadOnlyList<string> instanceIds, IOperationReporter reporter, CancellationToken cancellationToken) =>
            CheckAsync(session, new InstanceQuery { InstanceIds = instanceIds }, reporter, cancellationToken);

        /// <summary>
        /// The same check for the instances a query selects: -Tag/-PatchGroup resolve with EC2 exactly as Get-PatchInstance
        /// does (both patch-group tag keys), so a run reaches the instances the user listed; a query matching nothing
        /// is one <c>NoMatchingInstance</c> failure. A query with neither ids nor filters selects nothing (never the whole region).
        /// </summary>
        public Task<InstanceCheck> CheckAsync(AwsSession session, InstanceQuery query, IOperationReporter reporter, CancellationToken cancellationToken) =>
            CheckAsync(session, query, reporter, CallRetry.Listing(_clock), cancellationToken);

        /// <summary>The same check, its reads following the run's <paramref name="retry"/> policy.</summary>
        internal async Task<InstanceCheck> CheckAsync(AwsSession session, InstanceQuery query, IOperationReporter reporter, CallRetry retry, CancellationToken cancellationToken)
        {
            var check = new InstanceCheck();
            if (query.InstanceIds.Count == 0 && !query.HasFilters)
                return check;
            await foreach (var outcome in _instances.GetAsync(session, query, reporter, retry, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Failure != null)
                {
                    check.Failures.Add(outcome.Failure);
                    continue;
                }
                check.Admit(outcome.Value!);
            }
            return check;
        }

        /// <summary>
        /// Of the instances, those that already have an AwsPatch Install in progress fail with <c>InstallInProgress</c>,
        /// naming that run; one paged ListCommands for the whole list (see <see cref="InstallsInProgress"/>).
        /// </summary>
        public Task<InstanceCheck> CheckInstallsInProgressAsync(AwsSession session, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            CheckInstallsInProgressAsync(session, instanceIds, CallRetry.Listing(_clock), cancellationToken);

        internal Task<InstanceCheck> CheckInstallsInProgressAsync(AwsSession session, IReadOnlyList<string> instanceIds, CallRetry retry, CancellationToken cancellationToken) =>
            InstallsInProgress.CheckAsync(_gateways.RunCommand(session), session.RegionName, instanceIds, retry, cancellationToken);

        /// <summary>
        /// Snapshots the instances and waits; only those whose set completed are ready. The rest fail with
        /// <c>SnapshotNotCompleted</c> and must not be patched.
        /// </summary>
        public async Task<InstanceCheck> SnapshotAsync(AwsSession session, string runId, IReadOnlyList<string> instanceIds, RunWaitOptions wait, Action<SnapshotProgress>? progress, IOperationReporter reporter, CancellationToken cancellationToken)
        {
            var check = new InstanceCheck();
            if (instanceIds.Count == 0)
                return check;
            var request = new SnapshotRequest { InstanceIds = instanceIds, RunId = runId, Wait = true, Timeout = wait.Timeout, PollInterval = wait.PollInterval };
            var answered = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var outcome in _snapshots.CreateAsync(session, request, progress, reporter, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Value is { } snapshot)
                {
                    answered.Add(snapshot.InstanceId);
                    if (string.Equals(snapshot.State, "completed", StringComparison.OrdinalIgnoreCase))
                    {
                        check.Ready.Add(snapshot.InstanceId);
                        check.SnapshotIds[snapshot.InstanceId] = snapshot.SnapshotIds;
                    }
                    else
                    {
                        check.Failures.Add(SnapshotNotCompleted(snapshot.InstanceId, $"its snapshot set is {snapshot.State} ({snapshot.Progress}%)", null));
                    }
                }
                else
                {
                    var failure = outcome.Failure!;
                    answered.Add(failure.TargetId);
                    check.Failures.Add(SnapshotNotCompleted(failure.TargetId, failure.Message.TrimEnd('.'), failure.Exception));
                }
            }
            foreach (var id in instanceIds.Where(id => !answered.Contains(id)))
                check.Failures.Add(SnapshotNotCompleted(id, "the snapshot service returned no snapshot set for it", null));
            return check;
        }

        /// <summary>
        /// Sends the command to the instances, <see cref="RunCommandLimits.InstanceIdsPerSend"/> per SendCommand, up to
        /// <see cref="RunCommandLimits.SendsInFlight"/> SendCommands at once. A batch the service rejects fails each of
        /// its instances; the other batches still go out. <paramref name="onSent"/> hears
        /// of each command as soon as it is sent, so a stop between batches still knows what went out.
        /// </summary>
        public Task<(List<SentCommand> Commands, List<ItemFailure> Failures)> SendAsync(AwsSession session, PatchRunRequest request, IReadOnlyList<string> instanceIds, IReadOnlyDictionary<string, IReadOnlyList<string>> snapshotIds, bool snapshotted, CancellationToken cancellationToken, Action<SentCommand>? onSent = null) =>
            SendAsync(session, request, instanceIds, snapshotIds, snapshotted, CallRetry.Listing(_clock), cancellationToken, onSent);

        /// <summary>
        /// The same send, each SendCommand following the run's <paramref name="retry"/> policy. A batch is never sent twice:
        /// after a failure that may have been carried out (a 5xx, the network, a timeout; a throttled call was not), the
        /// retry first looks for the batch's command (<see cref="FindSentAsync"/>) and reuses it.
        /// </summary>
        internal async Task<(List<SentCommand> Commands, List<ItemFailure> Failures)> SendAsync(AwsSession session, PatchRunRequest request, IReadOnlyList<string> instanceIds, IReadOnlyDictionary<string, IReadOnlyList<string>> snapshotIds, bool snapshotted, CallRetry retry, CancellationToken cancellationToken, Action<SentCommand>? onSent = null)
        {
            var gateway = _gateways.RunCommand(session);
            var ids = instanceIds.Distinct(StringComparer.Ordinal).ToList();
            var batches = new List<List<string>>();
            for (var start = 0; start < ids.Count; start += RunCommandLimits.InstanceIdsPerSend)
                batches.Add(ids.GetRange(start, Math.Min(RunCommandLimits.InstanceIdsPerSend, ids.Count - start)));

            // Batches go RunCommandLimits.SendsInFlight at a time; each is told to onSent as it answers (one at a time),
            // and the commands come back in batch order.
            var sent = new SentCommand?[batches.Count];
            var failed = new List<ItemFailure>?[batches.Count];
            var told = new object();
            using var gate = new SemaphoreSlim(RunCommandLimits.SendsInFlight);
            async Task SendBatchAsync(int index)
            {
                var batch = batches[index];
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var spec = Spec(request, batch, snapshotted);
                    // AWS's time a little before the send: the lookup's InvokedAfter, with room for clock skew.
                    var before = _gateways.Clock(session).UtcNow - SendLookBack;
                    var answer = await retry.RunAsync(() => gateway.SendCommandAsync(spec, cancellationToken), cancellationToken,
                        failure => failure.Kind == AwsErrorKind.Throttled ? Task.FromResult<RunCommandRecord?>(null) : FindSentAsync(gateway, spec, before, cancellationToken)).ConfigureAwait(false);
                    var command = new SentCommand
                    {
                        CommandId = answer.CommandId,
                        RunId = request.RunId,
                        Operation = request.Operation,
                        RequestedAt = answer.RequestedDateTime,
                        InstanceIds = batch,
                        Parameters = request.DocumentParameters(),
                        SnapshotIds = batch.Where(snapshotIds.ContainsKey).ToDictionary(id => id, id => snapshotIds[id], StringComparer.Ordinal),
                    };
                    sent[index] = command;
                    lock (told)
                        onSent?.Invoke(command);
                }
                catch (AwsCallException ex)
                {
                    failed[index] = batch.Select(id => new ItemFailure(id, "SendCommandFailed", ex.Kind,
                        $"The {request.Operation} command was not sent to {id}: {ex.Message}", ActionFor(ex), ex)).ToList();
                }
                finally
                {
                    gate.Release();
                }
            }
            // WhenAll waits for every batch, even after one was stopped: a command sent is always told to onSent first.
            await Task.WhenAll(Enumerable.Range(0, batches.Count).Select(SendBatchAsync).ToList()).ConfigureAwait(false);
            var commands = sent.Where(c => c != null).Select(c => c!).ToList();
            var failures = failed.Where(f => f != null).SelectMany(f => f!).ToList();
            return (commands, failures);
        }

        /// <summary>How far before a send the lookup for its command starts (AWS's clock and ours may disagree by this much).</summary>
        internal static readonly TimeSpan SendLookBack = TimeSpan.FromMinutes(5);

        /// <summary>
        /// The command a SendCommand whose answer was lost created, if any: an AWS-RunPatchBaseline command sent after
        /// <paramref name="after"/> with the batch's comment (which carries the RunId) and exactly its instances.
        /// </summary>
        internal static async Task<RunCommandRecord?> FindSentAsync(IRunCommandGateway gateway, RunCommandSpec spec, DateTime after, CancellationToken cancellationToken)
        {
            var wanted = new HashSet<string>(spec.InstanceIds, StringComparer.Ordinal);
            string? token = null;
            do
            {
                var page = await gateway.ListCommandsAsync(new RunCommandQuery { DocumentName = Document, InvokedAfter = after }, RunCommandLimits.PageSize, token, cancellationToken).ConfigureAwait(false);
                var found = page.Items.FirstOrDefault(c => c.Comment == spec.Comment && wanted.SetEquals(c.InstanceIds));
                if (found != null)
                    return found;
                token = page.NextToken;
            }
            while (token != null);
            return null;
        }

        /// <summary>The result of an instance that was just sent the command.</summary>
        public static PatchRunResult Pending(SentCommand command, string instanceId, string region) => new PatchRunResult
        {
            RunId = command.RunId,
            CommandId = command.CommandId,
            InstanceId = instanceId,
            Operation = command.Operation,
            Status = InvocationStatus.Pending,
            StatusDetails = InvocationStatus.Pending,
            RequestedAt = command.RequestedAt,
            SnapshotIds = command.SnapshotIds.TryGetValue(instanceId, out var snaps) ? snaps : Array.Empty<string>(),
            Region = region,
        };

        /// <summary>
        /// Follows the commands until every invocation is final or the timeout passes; results stream as instances finish.
        /// Transient poll failures are polled through (see <see cref="RunWaiter"/>).
        /// </summary>
        public IAsyncEnumerable<PatchRunResult> WaitAsync(AwsSession session, IReadOnlyList<SentCommand> commands, RunWaitOptions options, Action<PatchRunProgress>? progress, IOperationReporter reporter, CancellationToken cancellationToken) =>
            new RunWaiter(_gateways.RunCommand(session), session.RegionName, commands, options, progress, reporter, _clock).RunAsync(cancellationToken);

        /// <summary>The current result of every invocation of the commands (one poll, with output), latest command first per instance.</summary>
        public async IAsyncEnumerable<PatchRunResult> GetResultsAsync(AwsSession session, IReadOnlyList<SentCommand> commands, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var latest = await LatestInvocationsAsync(_gateways.RunCommand(session), commands, details: true, cancellationToken).ConfigureAwait(false);
            foreach (var pair in latest.OrderBy(p => p.Key, StringComparer.Ordinal))
                yield return RunWaiter.Result(pair.Value.Command, pair.Value.Invocation, session.RegionName);
        }

        /// <summary>The run's commands (every AWS-RunPatchBaseline command whose comment names the run), oldest first.</summary>
        public Task<IReadOnlyList<SentCommand>> FindRunAsync(AwsSession session, string runId, CancellationToken cancellationToken) =>
            FindRunAsync(session, runId, null, cancellationToken);

        /// <summary>
        /// Systems Manager is eventually consistent: a command sent moments ago can be missing from ListCommands (or answer
        /// <c>InvalidCommandId</c>) for a few seconds. A lookup that finds nothing reads again after each of these pauses,
        /// on the wait clock, before it reports the run or command as not found.
        /// </summary>
        internal static readonly IReadOnlyList<TimeSpan> NotListedYetPauses = new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4) };

        /// <summary>How recent a run id's own start time (<see cref="RunIds.New"/>) must be for a run not found yet to be read again.</summary>
        private static readonly TimeSpan JustStarted = TimeSpan.FromMinutes(10);

        /// <summary>The same, each ListCommands page following <paramref name="retry"/> when given.</summary>
        internal async Task<IReadOnlyList<SentCommand>> FindRunAsync(AwsSession session, string runId, CallRetry? retry, CancellationToken cancellationToken)
        {
            var found = await ListRunAsync(session, runId, retry, cancellationToken).ConfigureAwait(false);
            // Only a run this machine started minutes ago (its generated id says when) may be not listed yet.
            if (found.Count > 0 || !RunIds.StartedWithin(runId, DateTime.UtcNow, JustStarted))
                return found;
            foreach (var pause in NotListedYetPauses)
            {
                await _clock.DelayAsync(pause, cancellationToken).ConfigureAwait(false);
                found = await ListRunAsync(session, runId, retry, cancellationToken).ConfigureAwait(false);
                if (found.Count > 0)
                    break;
            }
            return found;
        }

        private async Task<IReadOnlyList<SentCommand>> ListRunAsync(AwsSession session, string runId, CallRetry? retry, CancellationToken cancellationToken)
        {
            var found = new List<SentCommand>();
            await foreach (var command in ListPatchCommandsAsync(session, cancellationToken, retry).ConfigureAwait(false))
            {
                if (RunComment.TryParse(command.Comment, out var id, out var snapshotted) && id == runId)
                    found.Add(ToSent(command, id, snapshotted));
            }
            return found.OrderBy(c => c.RequestedAt).ToList();
        }

        /// <summary>
        /// The commands with these ids; an id Systems Manager does not know is a failure. An id it answers
        /// <c>InvalidCommandId</c> for may be a command sent moments ago: those are read again after
        /// <see cref="NotListedYetPauses"/> (together, one pause for all of them) before they are reported.
        /// </summary>
        public async Task<(List<SentCommand> Commands, List<ItemFailure> Failures)> FindCommandsAsync(AwsSession session, IReadOnlyList<string> commandIds, CancellationToken cancellationToken)
        {
            var gateway = _gateways.RunCommand(session);
            var commands = new List<SentCommand>();
            var failures = new List<ItemFailure>();
            var unknown = new List<string>();
            var malformed = new List<string>();
            foreach (var commandId in commandIds.Distinct(StringComparer.Ordinal))
            {
                var (command, valid) = await FindCommandAsync(gateway, commandId, cancellationToken).ConfigureAwait(false);
                if (command != null)
                    commands.Add(command);
                else
                    (valid ? unknown : malformed).Add(commandId);
            }
            foreach (var pause in NotListedYetPauses)
            {
                if (unknown.Count == 0)
                    break;
                await _clock.DelayAsync(pause, cancellationToken).ConfigureAwait(false);
                foreach (var commandId in unknown.ToList())
                {
                    if ((await FindCommandAsync(gateway, commandId, cancellationToken).ConfigureAwait(false)).Command is { } command)
                    {
                        commands.Add(command);
                        unknown.Remove(commandId);
                    }
                }
            }
            foreach (var commandId in malformed.Concat(unknown))
            {
                failures.Add(new ItemFailure(commandId, "CommandNotFound", AwsErrorKind.NotFound,
                    $"Command {commandId} was not found in {session.RegionName}.",
                    "Check the command id and the region (-Region); Systems Manager keeps command history for 30 days."));
            }
            return (commands, failures);
        }

        /// <summary>The command with this id; null when Systems Manager does not know it (yet), or (not valid) when the id is malformed.</summary>
        private static async Task<(SentCommand? Command, bool Valid)> FindCommandAsync(IRunCommandGateway gateway, string commandId, CancellationToken cancellationToken)
        {
            try
            {
                var page = await gateway.ListCommandsAsync(new RunCommandQuery { CommandId = commandId }, RunCommandLimits.PageSize, null, cancellationToken).ConfigureAwait(false);
                if (page.Items.Count == 0)
                    return (null, true);
                var record = page.Items[0];
                RunComment.TryParse(record.Comment, out var runId, out var snapshotted);
                return (ToSent(record, runId, snapshotted), true);
            }
            catch (AwsCallException ex) when (ex.ErrorCode == "InvalidCommandId" || ex.ErrorCode == "ValidationException")
            {
                return (null, ex.ErrorCode == "InvalidCommandId");
            }
        }

        /// <summary>AwsPatch runs Systems Manager remembers (30 days of AWS-RunPatchBaseline commands), newest first.</summary>
        public async IAsyncEnumerable<PatchRun> ListRunsAsync(AwsSession session, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var runs = new Dictionary<string, List<RunCommandRecord>>(StringComparer.Ordinal);
            var order = new List<string>();
            await foreach (var command in ListPatchCommandsAsync(session, cancellationToken).ConfigureAwait(false))
            {
                if (!RunComment.TryParse(command.Comment, out var runId, out _))
                    continue;
                if (!runs.TryGetValue(runId, out var list))
                {
                    runs[runId] = list = new List<RunCommandRecord>();
                    order.Add(runId);
                }
                list.Add(command);
            }
            var gateway = _gateways.RunCommand(session);
            foreach (var runId in order)
            {
                var list = runs[runId].OrderBy(c => c.RequestedDateTime).ToList();
                // A command's own counts leave out Undeliverable and Cancelled instances (its status can read Success
                // over them): the summary counts each instance's latest invocation instead.
                var commands = list.Select(c => ToSent(c, runId, false)).ToList();
                var latest = await LatestInvocationsAsync(gateway, commands, details: false, cancellationToken).ConfigureAwait(false);
                var statuses = latest.Values.Select(v => InvocationStatus.Normalize(v.Invocation.Status, v.Invocation.StatusDetails)).ToList();
                yield return new PatchRun
                {
                    RunId = runId,
                    Operation = OperationOf(list.Last().Parameters),
                    Status = RunStatus(list.Select(c => c.Status), statuses),
                    InstanceCount = statuses.Count,
                    CompletedCount = statuses.Count(InvocationStatus.IsTerminal),
                    ErrorCount = statuses.Count(InvocationStatus.IsFailure),
                    CommandIds = list.Select(c => c.CommandId).ToList(),
                    RequestedAt = list[0].RequestedDateTime,
                    Region = session.RegionName,
                };
            }
        }

        /// <summary>
        /// A run's status from its commands' statuses and its instances' latest statuses: InProgress while anything runs;
        /// NoInstances when it reached none; Success only when every instance succeeded; otherwise the one status the
        /// unsuccessful instances share (Failed, TimedOut, Cancelled, Undeliverable), or Failed when they differ.
        /// </summary>
        internal static string RunStatus(IEnumerable<string> commandStatuses, IReadOnlyCollection<string> instanceStatuses)
        {
            if (commandStatuses.Any(s => !IsCommandTerminal(s)) || instanceStatuses.Any(s => !InvocationStatus.IsTerminal(s)))
                return InvocationStatus.InProgress;
            if (instanceStatuses.Count == 0)
                return NoInstances;
            var failures = instanceStatuses.Where(InvocationStatus.IsFailure).Distinct(StringComparer.Ordinal).ToList();
            return failures.Count == 0 ? InvocationStatus.Success : failures.Count == 1 ? failures[0] : InvocationStatus.Failed;
        }

        /// <summary>The status of a run whose commands reached no instance.</summary>
        public const string NoInstances = "NoInstances";

        /// <summary>
        /// The error for a call after SendCommand that failed (following the run): names the run and its commands and
        /// says how to follow it, so nothing sent is lost and nobody re-sends an Install that is already running.
        /// </summary>
        public static ItemFailure FollowUpFailed(IReadOnlyList<SentCommand> commands, int unfinished, AwsCallException failure)
        {
            var runId = commands.Count > 0 ? commands[0].RunId : string.Empty;
            return new ItemFailure(runId, "RunWaitFailed", failure.Kind,
                $"Run {runId} was sent (command(s) {string.Join(", ", commands.Select(c => c.CommandId))}), but following it failed: {failure.Message} "
                + $"{unfinished} instance(s) had not finished; their results show the status last known (Pending when none was known yet). The run goes on in Systems Manager.",
                $"Follow the run with Wait-PatchRun -RunId {runId} (or see it with Get-PatchRun -RunId {runId}). Do not run Invoke-PatchRun again for these instances: they would be sent the command a second time.",
                failure);
        }

        /// <summary>The warning of a run that reached no instance: which queries matched nothing, how many instances were left out.</summary>
        public static string NothingSent(string runId, IReadOnlyCollection<string> noMatch, int leftOut) =>
            $"Run {runId} reached no instance, so nothing was sent."
            + (noMatch.Count > 0 ? " " + string.Join(" ", noMatch) : string.Empty)
            + (leftOut > 0 ? $" {leftOut} instance(s) were left out; the errors above say why." : string.Empty);

        /// <summary>What to tell a user who stopped following a run (Ctrl+C): it goes on, and how to follow it.</summary>
        public static string StillRunning(string runId, IEnumerable<string> commandIds, int pending) =>
            $"Stopped following run {runId}; {pending} instance(s) had not finished. The run goes on in Systems Manager (command(s) {string.Join(", ", commandIds)}): "
            + $"follow it with Wait-PatchRun -RunId {runId}, or see where it is with Get-PatchRun -RunId {runId}.";

        public Task CancelAsync(AwsSession session, string commandId, CancellationToken cancellationToken) =>
            _gateways.RunCommand(session).CancelCommandAsync(commandId, cancellationToken);

        /// <summary>
        /// Works out what resuming <paramref name="runId"/> does. Of the run's intended instances (its
        /// <paramref name="record"/>, or for a run without one the instances its commands reached) plus
        /// <paramref name="moreInstanceIds"/>: an instance never sent the command, or whose latest invocation finished
        /// without Success, is sent it again; one whose invocation is still Pending, InProgress or Delayed is only reported.
        /// </summary>
        public Task<ResumePlan> PlanResumeAsync(AwsSession session, string runId, IReadOnlyList<string> moreInstanceIds, CancellationToken cancellationToken, RunRecord? record = null) =>
            PlanResumeAsync(session, runId, moreInstanceIds, null, cancellationToken, record);

        /// <summary>The same, its reads following the resuming run's <paramref name="retry"/> policy when given.</summary>
        internal async Task<ResumePlan> PlanResumeAsync(AwsSession session, string runId, IReadOnlyList<string> moreInstanceIds, CallRetry? retry, CancellationToken cancellationToken, RunRecord? record = null)
        {
            var commands = await FindRunAsync(session, runId, retry, cancellationToken).ConfigureAwait(false);
            if (commands.Count == 0 && record == null)
                return new ResumePlan { RunId = runId };
            var latest = await LatestInvocationsAsync(_gateways.RunCommand(session), commands, details: false, cancellationToken, retry).ConfigureAwait(false);
            var intended = (record?.InstanceIds ?? latest.Keys.OrderBy(id => id, StringComparer.Ordinal).ToList())
                .Concat(moreInstanceIds).Distinct(StringComparer.Ordinal).ToList();
            var resend = new List<string>();
            var inFlight = new List<PatchRunResult>();
            var succeeded = new List<string>();
            var snapshotted = new HashSet<string>(StringComparer.Ordinal);
            var neverSent = 0;
            foreach (var id in intended)
            {
                if (!latest.TryGetValue(id, out var last))
                {
                    neverSent++;
                    resend.Add(id);
                    continue;
                }
                var status = InvocationStatus.Normalize(last.Invocation.Status, last.Invocation.StatusDetails);
                if (status == InvocationStatus.Success)
                {
                    succeeded.Add(id);
                }
                else if (!InvocationStatus.IsTerminal(status))
                {
                    inFlight.Add(RunWaiter.Result(last.Command, last.Invocation, session.RegionName));
                }
                else
                {
                    resend.Add(id);
                    if (commands.Any(c => c.SnapshotIds.Count > 0 && c.InstanceIds.Contains(id)))
                        snapshotted.Add(id);
                }
            }
            return new ResumePlan
            {
                RunId = runId,
                Commands = commands,
                Parameters = record?.DocumentParameters() ?? commands.Last().Parameters,
                Record = record,
                Resend = resend,
                NeverSent = neverSent,
                InFlight = inFlight,
                Snapshotted = snapshotted,
                SucceededIds = succeeded,
            };
        }

        /// <summary>The run's record store in the session's Parameter Store (see <see cref="RunRecord"/>).</summary>
        internal RunRecordStore Records(AwsSession session, string runId, CallRetry? retry = null) => new RunRecordStore(_gateways.Parameters(session), runId, retry);

        /// <summary>What the run's waits and retry budgets run on.</summary>
        internal IWaitClock Clock => _clock;

        /// <summary>Failure of an instance whose invocation ended without Success, for its non-terminating error.</summary>
        public static ItemFailure FailureOf(PatchRunResult result)
        {
            var (id, kind, action) = result.Status switch
            {
                InvocationStatus.TimedOut => ("PatchRunTimedOut", AwsErrorKind.Timeout, "Raise -TimeoutSeconds, or check the instance; then resume the run with Invoke-PatchRun -ResumeRunId."),
                InvocationStatus.Cancelled => ("PatchRunCancelled", AwsErrorKind.Busy, "The command was cancelled (Stop-PatchRun, or errors beyond -MaxErrors); resume the run with Invoke-PatchRun -ResumeRunId."),
                InvocationStatus.Undeliverable => ("PatchRunUndeliverable", AwsErrorKind.Network, "Bring the instance's SSM agent back online (Get-PatchInstance shows SsmPingStatus), then resume the run with Invoke-PatchRun -ResumeRunId."),
                _ => ("PatchRunFailed", AwsErrorKind.ServiceFault, "Read OutputExcerpt (or the full output in S3/CloudWatch), fix the cause, then resume the run with Invoke-PatchRun -ResumeRunId."),
            };
            return new ItemFailure(result.InstanceId, id, kind, result.Error ?? $"{result.Operation} on {result.InstanceId} ended {result.Status}.", action);
        }

        private static SentCommand ToSent(RunCommandRecord record, string runId, bool snapshotted) =>
            new SentCommand
            {
                CommandId = record.CommandId,
                RunId = runId,
                Operation = OperationOf(record.Parameters),
                RequestedAt = record.RequestedDateTime,
                Status = record.Status,
                HasTargets = record.HasTargets,
                InstanceIds = record.InstanceIds,
                Parameters = record.Parameters,
                TriggeredAlarms = record.TriggeredAlarms,
                // The ids are not in the comment; an empty list per instance records "a completed set existed".
                SnapshotIds = snapshotted ? record.InstanceIds.ToDictionary(id => id, _ => (IReadOnlyList<string>)Array.Empty<string>(), StringComparer.Ordinal) : new Dictionary<string, IReadOnlyList<string>>(),
            };

        private async IAsyncEnumerable<RunCommandRecord> ListPatchCommandsAsync(AwsSession session, [EnumeratorCancellation] CancellationToken cancellationToken, CallRetry? retry = null)
        {
            var gateway = _gateways.RunCommand(session);
            var query = new RunCommandQuery { DocumentName = Document };
            await foreach (var command in Pages.AllAsync(token => Retried(retry, () => gateway.ListCommandsAsync(query, RunCommandLimits.PageSize, token, cancellationToken), cancellationToken), cancellationToken).ConfigureAwait(false))
                yield return command;
        }

        internal static async Task<Dictionary<string, (SentCommand Command, RunInvocationRecord Invocation)>> LatestInvocationsAsync(IRunCommandGateway gateway, IReadOnlyList<SentCommand> commands, bool details, CancellationToken cancellationToken, CallRetry? retry = null)
        {
            var latest = new Dictionary<string, (SentCommand, RunInvocationRecord)>(StringComparer.Ordinal);
            foreach (var command in commands.OrderBy(c => c.RequestedAt))
            {
                await foreach (var invocation in Pages.AllAsync(token => Retried(retry, () => gateway.ListCommandInvocationsAsync(command.CommandId, details, RunCommandLimits.PageSize, token, cancellationToken), cancellationToken), cancellationToken).ConfigureAwait(false))
                    latest[invocation.InstanceId] = (command, invocation);
            }
            return latest;
        }

        private static Task<T> Retried<T>(CallRetry? retry, Func<Task<T>> call, CancellationToken cancellationToken) =>
            retry == null ? call() : retry.RunAsync(call, cancellationToken);

        private static RunCommandSpec Spec(PatchRunRequest request, IReadOnlyList<string> instanceIds, bool snapshotted) => new RunCommandSpec
        {
            DocumentName = Document,
            Parameters = request.DocumentParameters(),
            InstanceIds = instanceIds,
            Comment = RunComment.Format(request.RunId, snapshotted),
            MaxConcurrency = request.MaxConcurrency,
            MaxErrors = request.MaxErrors,
            TimeoutSeconds = request.TimeoutSeconds,
            CloudWatchOutput = request.CloudWatchOutput,
            OutputS3BucketName = request.OutputS3BucketName,
            AlarmName = request.AlarmName,
        };

        private static string OperationOf(IReadOnlyDictionary<string, IReadOnlyList<string>> parameters) =>
            parameters.TryGetValue("Operation", out var v) && v.Count > 0 ? v[0] : string.Empty;

        private static bool IsCommandTerminal(string status) =>
            status == "Success" || status == "Failed" || status == "Cancelled" || status == "TimedOut";

        private static ItemFailure SnapshotNotCompleted(string instanceId, string why, Exception? exception) => new ItemFailure(
            instanceId,
            "SnapshotNotCompleted",
            AwsErrorKind.ServiceFault,
            $"Instance {instanceId} was not patched: {why}, and -SnapshotFirst patches only instances whose pre-patch snapshot set completed.",
            "Check the instance's volumes and snapshots (Get-PatchSnapshot), then run again; or resume the run with Invoke-PatchRun -ResumeRunId.",
            exception);

        private static string? ActionFor(AwsCallException ex) => ex.ErrorCode switch
        {
            "InvalidInstanceId" => "Check that the instances are managed by Systems Manager and Online in this region (Get-PatchInstance -ManagedOnly).",
            "InvalidDocument" => "The AWS-RunPatchBaseline document must be available in the region.",
            _ => ex.Kind == AwsErrorKind.Throttled ? "Run again later, or resume the run with Invoke-PatchRun -ResumeRunId." : null,
        };
    }
}
