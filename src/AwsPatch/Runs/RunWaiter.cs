using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Runs
{
    /// <summary>
    /// Follows a run's commands. One poll cycle is one paged ListCommandInvocations per unfinished command (never one
    /// call per instance), <see cref="RunCommandLimits.PollsInFlight"/> commands at a time, each command's finished
    /// instances streaming out as its poll answers; output details are asked for only while an unreported invocation is running, since only a
    /// finished invocation's output is reported. An instance's result streams out once its invocation is final.
    /// When a poll fails, what was sent is never lost: every instance not yet reported comes out with its status so far
    /// (Pending when none is known), then a <see cref="ItemFailureException"/> (<c>RunWaitFailed</c>) names the run and
    /// its commands, for the caller to write as a non-terminating error.
    /// </summary>
    internal sealed class RunWaiter
    {
        private const int ExcerptLines = 15;
        private const int ExcerptChars = 1500;

        private readonly IRunCommandGateway _gateway;
        private readonly string _region;
        private readonly IReadOnlyList<SentCommand> _commands;
        private readonly RunWaitOptions _options;
        private readonly Action<PatchRunProgress>? _progress;
        private readonly IOperationReporter _reporter;
        private readonly IWaitClock _clock;

        public RunWaiter(IRunCommandGateway gateway, string region, IReadOnlyList<SentCommand> commands, RunWaitOptions options, Action<PatchRunProgress>? progress, IOperationReporter reporter, IWaitClock clock)
        {
            _clock = clock;
            _gateway = gateway;
            _region = region;
            _commands = commands;
            _options = options;
            _progress = progress;
            _reporter = reporter;
        }

        public async IAsyncEnumerable<PatchRunResult> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var runId = _commands.Count > 0 ? _commands[0].RunId : string.Empty;
            var retry = new WaitRetry(_clock, _reporter, $"run {runId}", _clock.UtcNow + _options.Timeout, _options.PollInterval);
            var followed = _commands.Select(c => new Followed(c)).ToList();

            AwsCallException? failure = null;
            while (true)
            {
                failure = null;
                // One cycle: every unfinished command's poll, RunCommandLimits.PollsInFlight at a time; each command's
                // finished instances stream out as its poll answers. After a failed poll no further poll of the cycle
                // starts; those in flight finish and their results still come out.
                var waiting = new Queue<Followed>(followed.Where(f => !f.Done));
                var running = new List<Task<Polled>>();
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                try
                {
                    while (running.Count > 0 || (failure == null && waiting.Count > 0))
                    {
                        while (failure == null && waiting.Count > 0 && running.Count < RunCommandLimits.PollsInFlight)
                            running.Add(PollCommandAsync(waiting.Dequeue(), stop.Token));
                        var next = await Task.WhenAny(running).ConfigureAwait(false);
                        running.Remove(next);
                        var polled = await next.ConfigureAwait(false);
                        foreach (var invocation in polled.Finished)
                            yield return Result(polled.Command.Command, invocation, _region);
                        if (polled.Failure != null)
                            failure ??= polled.Failure;
                        else if (polled.IsDone)
                            polled.Command.Done = true;
                    }
                }
                finally
                {
                    // Stopped early (or a poll threw): polls still in flight are cancelled and drained.
                    await AbandonedWork.CancelAndDrainAsync(stop, running).ConfigureAwait(false);
                }

                if (failure != null)
                {
                    // Transient: back off and poll again (what was reported stays reported). Otherwise the wait ends.
                    if (!WaitRetry.IsTransient(failure))
                        break;
                    if (await retry.BackOffAsync(failure, cancellationToken).ConfigureAwait(false))
                        continue;
                }
                else
                {
                    retry.Succeeded();
                    Report(followed);
                    if (followed.All(f => f.Done))
                        yield break;
                }

                if (retry.Expired)
                {
                    var left = Unfinished(followed);
                    _reporter.Warning($"Stopped waiting after {FormatSpan(_options.Timeout)}: {left.Count} instance(s) of run {runId} have not finished; "
                        + "their results show the status so far. The run goes on in Systems Manager; follow it with Wait-PatchRun or Get-PatchRun.");
                    foreach (var result in left)
                        yield return result;
                    yield break;
                }

                if (failure == null)
                    await _clock.DelayAsync(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            }

            var unfinished = Unfinished(followed);
            foreach (var result in unfinished)
                yield return result;
            throw new ItemFailureException(PatchRunService.FollowUpFailed(_commands, unfinished.Count, failure!));
        }

        /// <summary>
        /// One command's part of a poll cycle: its paged ListCommandInvocations (again at once with output details when
        /// an instance finished without them in hand), its newly finished invocations (marked reported, in instance
        /// order), then whether it is done. Touches only <paramref name="command"/>'s own state, so polls run side by side.
        /// </summary>
        private async Task<Polled> PollCommandAsync(Followed command, CancellationToken cancellationToken)
        {
            var withDetails = command.Details;
            List<RunInvocationRecord> finished;
            while (true)
            {
                var failure = await PollAsync(command.Command, withDetails, command.Invocations, cancellationToken).ConfigureAwait(false);
                if (failure != null)
                    return new Polled(command, new List<RunInvocationRecord>(), failure, false);
                finished = command.Invocations.Values.Where(i => IsFinal(i) && !command.Reported.Contains(i.InstanceId)).ToList();
                // Finished without output in hand (polled without details): ask again at once, with details.
                if (withDetails || !finished.Any(HasOutput))
                    break;
                withDetails = true;
            }

            finished = finished.OrderBy(i => i.InstanceId, StringComparer.Ordinal).ToList();
            foreach (var invocation in finished)
                command.Reported.Add(invocation.InstanceId);
            command.Details = command.Invocations.Values.Any(i =>
                !command.Reported.Contains(i.InstanceId) && Status(i) != InvocationStatus.Pending && Status(i) != "Delayed");
            var (isDone, doneFailure) = await IsDoneAsync(command, cancellationToken).ConfigureAwait(false);
            return new Polled(command, finished, doneFailure, isDone);
        }

        /// <summary>One paged ListCommandInvocations of a command into <paramref name="invocations"/>; the failure, if the call failed.</summary>
        private async Task<AwsCallException?> PollAsync(SentCommand command, bool withDetails, Dictionary<string, RunInvocationRecord> invocations, CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var invocation in Pages.AllAsync(token => _gateway.ListCommandInvocationsAsync(command.CommandId, withDetails, RunCommandLimits.PageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                    invocations[invocation.InstanceId] = invocation;
                return null;
            }
            catch (AwsCallException ex)
            {
                return ex;
            }
        }

        /// <summary>Every sent instance not reported yet, with its status so far (Pending when Systems Manager listed none yet).</summary>
        private List<PatchRunResult> Unfinished(IReadOnlyList<Followed> followed)
        {
            var waiting = new List<PatchRunResult>();
            foreach (var command in followed.Where(f => !f.Done))
            {
                foreach (var invocation in command.Invocations.Values.Where(i => !command.Reported.Contains(i.InstanceId)))
                    waiting.Add(Result(command.Command, invocation, _region));
                foreach (var id in command.Command.InstanceIds.Where(id => !command.Invocations.ContainsKey(id)))
                    waiting.Add(PatchRunService.Pending(command.Command, id, _region));
            }
            return waiting.OrderBy(r => r.InstanceId, StringComparer.Ordinal).ToList();
        }

        /// <summary>Maps one invocation to the result users see.</summary>
        public static PatchRunResult Result(SentCommand command, RunInvocationRecord invocation, string region)
        {
            var status = Status(invocation);
            return new PatchRunResult
            {
                RunId = command.RunId,
                CommandId = command.CommandId,
                InstanceId = invocation.InstanceId,
                Operation = command.Operation,
                Status = status,
                StatusDetails = SafeText.Text(invocation.StatusDetails),
                RequestedAt = invocation.RequestedDateTime ?? command.RequestedAt,
                StartedAt = invocation.StartedAt,
                CompletedAt = InvocationStatus.IsTerminal(status) ? invocation.CompletedAt : null,
                SnapshotIds = command.SnapshotIds.TryGetValue(invocation.InstanceId, out var snaps) ? snaps : Array.Empty<string>(),
                OutputExcerpt = SafeText.Of(Excerpt(invocation.Output)),
                StandardOutputUrl = invocation.StandardOutputUrl,
                Error = InvocationStatus.IsFailure(status) ? SafeText.Of(ErrorText(command, invocation, status)) : null,
                Region = region,
                IsComplete = InvocationStatus.IsTerminal(status),
            };
        }

        private async Task<(bool Done, AwsCallException? Failure)> IsDoneAsync(Followed followed, CancellationToken cancellationToken)
        {
            var command = followed.Command;
            if (followed.Invocations.Values.Any(i => !followed.Reported.Contains(i.InstanceId)))
                return (false, null);
            if (!command.HasTargets)
                return (command.InstanceIds.All(followed.Invocations.ContainsKey), null);
            // Targets resolve on the service side: trust the command's own status that no invocation is still to come.
            try
            {
                var page = await _gateway.ListCommandsAsync(new RunCommandQuery { CommandId = command.CommandId }, RunCommandLimits.PageSize, null, cancellationToken).ConfigureAwait(false);
                return (page.Items.Count == 0 || page.Items[0].Status is "Success" or "Failed" or "Cancelled" or "TimedOut", null);
            }
            catch (AwsCallException ex) when (ex.ErrorCode == "InvalidCommandId")
            {
                // Sent moments ago and not listed yet (Systems Manager is eventually consistent): not done, poll again.
                return (false, null);
            }
            catch (AwsCallException ex)
            {
                return (false, ex);
            }
        }

        private void Report(IReadOnlyList<Followed> followed)
        {
            if (_progress == null)
                return;
            var byInstance = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var command in followed)
            {
                foreach (var id in command.Command.InstanceIds)
                    byInstance[id] = InvocationStatus.Pending;
                foreach (var invocation in command.Invocations.Values)
                    byInstance[invocation.InstanceId] = Status(invocation);
            }
            var counts = byInstance.Values.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            _progress(new PatchRunProgress(_commands.Count > 0 ? _commands[0].RunId : string.Empty, byInstance.Count, counts, byInstance));
        }

        private static string Status(RunInvocationRecord invocation) => InvocationStatus.Normalize(invocation.Status, invocation.StatusDetails);

        private static bool IsFinal(RunInvocationRecord invocation) => InvocationStatus.IsTerminal(Status(invocation));

        /// <summary>
        /// Invocations that ran the document, so have output worth fetching; and cancelled ones, which may have: only
        /// the details (the plugin's start time) tell an install cut off mid-way (an alarm, Stop-PatchRun) from one
        /// cancelled before it started, and a rollout rolls back the first only.
        /// </summary>
        private static bool HasOutput(RunInvocationRecord invocation) =>
            invocation.Output == null && (Status(invocation) is InvocationStatus.Success or InvocationStatus.Failed or InvocationStatus.TimedOut or InvocationStatus.Cancelled);

        private static string? Excerpt(string? output)
        {
            if (string.IsNullOrWhiteSpace(output))
                return null;
            var lines = output!.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
            var tail = string.Join("\n", lines.Skip(Math.Max(0, lines.Length - ExcerptLines)));
            return tail.Length > ExcerptChars ? tail.Substring(tail.Length - ExcerptChars) : tail;
        }

        private static string ErrorText(SentCommand command, RunInvocationRecord invocation, string status) => status switch
        {
            InvocationStatus.Undeliverable => $"{command.Operation} was not delivered to {invocation.InstanceId}: its SSM agent did not answer (Undeliverable).",
            InvocationStatus.Cancelled => $"{command.Operation} on {invocation.InstanceId} was cancelled before it finished ({invocation.StatusDetails}).",
            InvocationStatus.TimedOut => $"{command.Operation} on {invocation.InstanceId} timed out ({invocation.StatusDetails}).",
            _ => $"{command.Operation} on {invocation.InstanceId} failed ({invocation.StatusDetails}"
                + (invocation.ResponseCode is { } code && code >= 0 ? $", exit code {code}" : string.Empty) + ")."
                + (Excerpt(invocation.Output) is { } text ? " Last output: " + text.Split('\n').Last() : string.Empty),
        };

        private static string FormatSpan(TimeSpan span) =>
            span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} minute(s)" : $"{span.TotalSeconds:0.#} second(s)";

        /// <summary>What the wait knows of one command: its invocations so far and which of them were reported.</summary>
        private sealed class Followed
        {
            public Followed(SentCommand command) => Command = command;

            public SentCommand Command { get; }

            public Dictionary<string, RunInvocationRecord> Invocations { get; } = new Dictionary<string, RunInvocationRecord>(StringComparer.Ordinal);

            public HashSet<string> Reported { get; } = new HashSet<string>(StringComparer.Ordinal);

            /// <summary>Poll with output details: an unreported invocation is running, so may finish before the next poll.</summary>
            public bool Details { get; set; }

            public bool Done { get; set; }
        }

        /// <summary>One command's poll in a cycle: what finished, the failure if a call failed, whether the command is done.</summary>
        private sealed class Polled
        {
            public Polled(Followed command, List<RunInvocationRecord> finished, AwsCallException? failure, bool isDone)
            {
                Command = command;
                Finished = finished;
                Failure = failure;
                IsDone = isDone;
            }

            public Followed Command { get; }

            public List<RunInvocationRecord> Finished { get; }

            public AwsCallException? Failure { get; }

            public bool IsDone { get; }
        }
    }
}
