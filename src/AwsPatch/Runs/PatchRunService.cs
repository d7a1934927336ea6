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
        private readonly ISnapshotService? _snapshots;

        public PatchRunService(IAwsGateways gateways, InstanceService instances, ISnapshotService? snapshots)
        {
            _gateways = gateways;
            _instances = instances;
            _snapshots = snapshots;
        }

        /// <summary>Whether -SnapshotFirst can be honoured (the snapshot service is connected).</summary>
        public bool CanSnapshot => _snapshots != null;

        /// <summary>
        /// Which instances can be sent a command: found in the session's region, managed by Systems Manager, agent Online
        /// (an agent Systems Manager could not be asked about is not confirmed, so not ready). Reads only; nothing is sent.
        /// </summary>
        public async Task<InstanceCheck> CheckAsync(AwsSession session, IReadOnlyList<string> instanceIds, IOperationReporter reporter, CancellationToken cancellationToken)
        {
            var check = new InstanceCheck();
            if (instanceIds.Count == 0)
                return check;
            await foreach (var outcome in _instances.GetAsync(session, new InstanceQuery { InstanceIds = instanceIds }, reporter, cancellationToken).ConfigureAwait(false))
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
        /// Snapshots the instances and waits; only those whose set completed are ready. The rest fail with
        /// <c>SnapshotNotCompleted</c> and must not be patched.
        /// </summary>
        public async Task<InstanceCheck> SnapshotAsync(AwsSession session, string runId, IReadOnlyList<string> instanceIds, RunWaitOptions wait, Action<SnapshotProgress>? progress, IOperationReporter reporter, CancellationToken cancellationToken)
        {
            if (_snapshots == null)
                throw new InvalidOperationException("The snapshot service is not available in this build of AwsPatch, so -SnapshotFirst cannot be honoured.");
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
        /// Sends the command to the instances, <see cref="RunCommandLimits.InstanceIdsPerSend"/> per SendCommand. A batch
        /// the service rejects fails each of its instances; the other batches still go out.
        /// </summary>
        public async Task<(List<SentCommand> Commands, List<ItemFailure> Failures)> SendAsync(AwsSession session, PatchRunRequest request, IReadOnlyList<string> instanceIds, IReadOnlyDictionary<string, IReadOnlyList<string>> snapshotIds, bool snapshotted, CancellationToken cancellationToken)
        {
            var gateway = _gateways.RunCommand(session);
            var commands = new List<SentCommand>();
            var failures = new List<ItemFailure>();
            var ids = instanceIds.Distinct(StringComparer.Ordinal).ToList();
            for (var start = 0; start < ids.Count; start += RunCommandLimits.InstanceIdsPerSend)
            {
                var batch = ids.GetRange(start, Math.Min(RunCommandLimits.InstanceIdsPerSend, ids.Count - start));
                try
                {
                    var sent = await gateway.SendCommandAsync(Spec(request, batch, snapshotted), cancellationToken).ConfigureAwait(false);
                    commands.Add(new SentCommand
                    {
                        CommandId = sent.CommandId,
                        RunId = request.RunId,
                        Operation = request.Operation,
                        RequestedAt = sent.RequestedDateTime,
                        InstanceIds = batch,
                        Parameters = request.DocumentParameters(),
                        SnapshotIds = batch.Where(snapshotIds.ContainsKey).ToDictionary(id => id, id => snapshotIds[id], StringComparer.Ordinal),
                    });
                }
                catch (AwsCallException ex)
                {
                    failures.AddRange(batch.Select(id => new ItemFailure(id, "SendCommandFailed", ex.Kind,
                        $"The {request.Operation} command was not sent to {id}: {ex.Message}", ActionFor(ex), ex)));
                }
            }
            return (commands, failures);
        }

        /// <summary>One SendCommand for the whole fleet the targets select (-Tag / -PatchGroup).</summary>
        public async Task<SentCommand> SendToTargetsAsync(AwsSession session, PatchRunRequest request, CancellationToken cancellationToken)
        {
            var sent = await _gateways.RunCommand(session).SendCommandAsync(Spec(request, Array.Empty<string>(), false), cancellationToken).ConfigureAwait(false);
            return new SentCommand { CommandId = sent.CommandId, RunId = request.RunId, Operation = request.Operation, RequestedAt = sent.RequestedDateTime, HasTargets = true };
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

        /// <summary>Follows the commands until every invocation is final or the timeout passes; results stream as instances finish.</summary>
        public IAsyncEnumerable<PatchRunResult> WaitAsync(AwsSession session, IReadOnlyList<SentCommand> commands, RunWaitOptions options, Action<PatchRunProgress>? progress, IOperationReporter reporter, CancellationToken cancellationToken) =>
            new RunWaiter(_gateways.RunCommand(session), session.RegionName, commands, options, progress, reporter).RunAsync(cancellationToken);

        /// <summary>The current result of every invocation of the commands (one poll, with output), latest command first per instance.</summary>
        public async IAsyncEnumerable<PatchRunResult> GetResultsAsync(AwsSession session, IReadOnlyList<SentCommand> commands, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var latest = await LatestInvocationsAsync(_gateways.RunCommand(session), commands, details: true, cancellationToken).ConfigureAwait(false);
            foreach (var pair in latest.OrderBy(p => p.Key, StringComparer.Ordinal))
                yield return RunWaiter.Result(pair.Value.Command, pair.Value.Invocation, session.RegionName);
        }

        /// <summary>The run's commands (every AWS-RunPatchBaseline command whose comment names the run), oldest first.</summary>
        public async Task<IReadOnlyList<SentCommand>> FindRunAsync(AwsSession session, string runId, CancellationToken cancellationToken)
        {
            var found = new List<SentCommand>();
            await foreach (var command in ListPatchCommandsAsync(session, cancellationToken).ConfigureAwait(false))
            {
                if (RunComment.TryParse(command.Comment, out var id, out var snapshotted) && id == runId)
                    found.Add(ToSent(command, id, snapshotted));
            }
            return found.OrderBy(c => c.RequestedAt).ToList();
        }

        /// <summary>The commands with these ids; an id Systems Manager does not know is a failure.</summary>
        public async Task<(List<SentCommand> Commands, List<ItemFailure> Failures)> FindCommandsAsync(AwsSession session, IReadOnlyList<string> commandIds, CancellationToken cancellationToken)
        {
            var gateway = _gateways.RunCommand(session);
            var commands = new List<SentCommand>();
            var failures = new List<ItemFailure>();
            foreach (var commandId in commandIds.Distinct(StringComparer.Ordinal))
            {
                try
                {
                    var page = await gateway.ListCommandsAsync(new RunCommandQuery { CommandId = commandId }, RunCommandLimits.PageSize, null, cancellationToken).ConfigureAwait(false);
                    if (page.Items.Count == 0)
                        throw new AwsCallException("ssm:ListCommands", AwsErrorKind.NotFound, "InvalidCommandId", "no such command");
                    var record = page.Items[0];
                    RunComment.TryParse(record.Comment, out var runId, out var snapshotted);
                    commands.Add(ToSent(record, runId, snapshotted));
                }
                catch (AwsCallException ex) when (ex.ErrorCode == "InvalidCommandId" || ex.ErrorCode == "ValidationException")
                {
                    failures.Add(new ItemFailure(commandId, "CommandNotFound", AwsErrorKind.NotFound,
                        $"Command {commandId} was not found in {session.RegionName}.",
                        "Check the command id and the region (-Region); Systems Manager keeps command history for 30 days."));
                }
            }
            return (commands, failures);
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
            foreach (var runId in order)
            {
                var list = runs[runId].OrderBy(c => c.RequestedDateTime).ToList();
                var statuses = list.Select(c => c.Status).ToList();
                var status = statuses.Any(s => !IsCommandTerminal(s)) ? InvocationStatus.InProgress
                    : statuses.LastOrDefault(s => s != InvocationStatus.Success) is { } bad && list.Last().Status != InvocationStatus.Success ? bad
                    : InvocationStatus.Success;
                yield return new PatchRun
                {
                    RunId = runId,
                    Operation = OperationOf(list.Last().Parameters),
                    Status = status,
                    InstanceCount = list.Sum(c => c.TargetCount),
                    CompletedCount = list.Sum(c => c.CompletedCount),
                    ErrorCount = list.Sum(c => c.ErrorCount),
                    CommandIds = list.Select(c => c.CommandId).ToList(),
                    RequestedAt = list[0].RequestedDateTime,
                    Region = session.RegionName,
                };
            }
        }

        public Task CancelAsync(AwsSession session, string commandId, CancellationToken cancellationToken) =>
            _gateways.RunCommand(session).CancelCommandAsync(commandId, cancellationToken);

        /// <summary>
        /// Works out what resuming <paramref name="runId"/> sends: every instance of the run whose latest invocation did
        /// not reach Success, plus <paramref name="moreInstanceIds"/> the run never reached.
        /// </summary>
        public async Task<ResumePlan> PlanResumeAsync(AwsSession session, string runId, IReadOnlyList<string> moreInstanceIds, CancellationToken cancellationToken)
        {
            var commands = await FindRunAsync(session, runId, cancellationToken).ConfigureAwait(false);
            if (commands.Count == 0)
                return new ResumePlan { RunId = runId };
            var latest = await LatestInvocationsAsync(_gateways.RunCommand(session), commands, details: false, cancellationToken).ConfigureAwait(false);
            var resend = new List<string>();
            var snapshotted = new HashSet<string>(StringComparer.Ordinal);
            var succeeded = 0;
            foreach (var pair in latest.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var status = InvocationStatus.Normalize(pair.Value.Invocation.Status, pair.Value.Invocation.StatusDetails);
                if (status == InvocationStatus.Success)
                {
                    succeeded++;
                    continue;
                }
                resend.Add(pair.Key);
                if (commands.Any(c => c.SnapshotIds.Count > 0 && c.InstanceIds.Contains(pair.Key)))
                    snapshotted.Add(pair.Key);
            }
            foreach (var id in moreInstanceIds.Distinct(StringComparer.Ordinal).Where(id => !latest.ContainsKey(id)))
                resend.Add(id);
            return new ResumePlan
            {
                RunId = runId,
                Commands = commands,
                Parameters = commands.Last().Parameters,
                Resend = resend,
                Snapshotted = snapshotted,
                Succeeded = succeeded,
            };
        }

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
                // The ids are not in the comment; an empty list per instance records "a completed set existed".
                SnapshotIds = snapshotted ? record.InstanceIds.ToDictionary(id => id, _ => (IReadOnlyList<string>)Array.Empty<string>(), StringComparer.Ordinal) : new Dictionary<string, IReadOnlyList<string>>(),
            };

        private async IAsyncEnumerable<RunCommandRecord> ListPatchCommandsAsync(AwsSession session, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var gateway = _gateways.RunCommand(session);
            string? token = null;
            do
            {
                var page = await gateway.ListCommandsAsync(new RunCommandQuery { DocumentName = Document }, RunCommandLimits.PageSize, token, cancellationToken).ConfigureAwait(false);
                foreach (var command in page.Items)
                    yield return command;
                token = page.NextToken;
            }
            while (token != null);
        }

        internal static async Task<Dictionary<string, (SentCommand Command, RunInvocationRecord Invocation)>> LatestInvocationsAsync(IRunCommandGateway gateway, IReadOnlyList<SentCommand> commands, bool details, CancellationToken cancellationToken)
        {
            var latest = new Dictionary<string, (SentCommand, RunInvocationRecord)>(StringComparer.Ordinal);
            foreach (var command in commands.OrderBy(c => c.RequestedAt))
            {
                string? token = null;
                do
                {
                    var page = await gateway.ListCommandInvocationsAsync(command.CommandId, details, RunCommandLimits.PageSize, token, cancellationToken).ConfigureAwait(false);
                    foreach (var invocation in page.Items)
                        latest[invocation.InstanceId] = (command, invocation);
                    token = page.NextToken;
                }
                while (token != null);
            }
            return latest;
        }

        private static RunCommandSpec Spec(PatchRunRequest request, IReadOnlyList<string> instanceIds, bool snapshotted) => new RunCommandSpec
        {
            DocumentName = Document,
            Parameters = request.DocumentParameters(),
            InstanceIds = instanceIds,
            Targets = instanceIds.Count == 0 ? request.Targets : Array.Empty<KeyValuePair<string, IReadOnlyList<string>>>(),
            Comment = RunComment.Format(request.RunId, snapshotted),
            MaxConcurrency = request.MaxConcurrency,
            MaxErrors = request.MaxErrors,
            TimeoutSeconds = request.TimeoutSeconds,
            CloudWatchOutput = request.CloudWatchOutput,
            OutputS3BucketName = request.OutputS3BucketName,
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
