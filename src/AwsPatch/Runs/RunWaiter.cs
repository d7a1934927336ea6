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
    /// call per instance); output details are asked for only while an unreported invocation is running, since only a
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
            var known = new Dictionary<string, Dictionary<string, RunInvocationRecord>>(StringComparer.Ordinal);
            var reported = new HashSet<(string, string)>();
            var details = new Dictionary<string, bool>(StringComparer.Ordinal);
            var done = new HashSet<string>(StringComparer.Ordinal);
            foreach (var command in _commands)
                known[command.CommandId] = new Dictionary<string, RunInvocationRecord>(StringComparer.Ordinal);

            AwsCallException? failure = null;
            while (true)
            {
                failure = null;
                foreach (var command in _commands.Where(c => !done.Contains(c.CommandId)))
                {
                    var withDetails = details.TryGetValue(command.CommandId, out var d) && d;
                    var invocations = known[command.CommandId];
                    var deferred = false;
                    var finished = new List<RunInvocationRecord>();
                    while (true)
                    {
                        failure = await PollAsync(command, withDetails, invocations, cancellationToken).ConfigureAwait(false);
                        if (failure != null)
                            break;
                        finished = invocations.Values.Where(i => IsFinal(i) && !reported.Contains((command.CommandId, i.InstanceId))).ToList();
                        // Finished without output in hand (polled without details): ask again at once, with details.
                        deferred = !withDetails && finished.Any(HasOutput);
                        if (!deferred)
                            break;
                        withDetails = true;
                    }
                    if (failure != null)
                        break;

                    foreach (var invocation in finished.OrderBy(i => i.InstanceId, StringComparer.Ordinal))
                    {
                        reported.Add((command.CommandId, invocation.InstanceId));
                        yield return Result(command, invocation, _region);
                    }
                    details[command.CommandId] = invocations.Values.Any(i =>
                        !reported.Contains((command.CommandId, i.InstanceId)) && Status(i) != InvocationStatus.Pending && Status(i) != "Delayed");

                    bool isDone;
                    (isDone, failure) = await IsDoneAsync(command, invocations, reported, cancellationToken).ConfigureAwait(false);
                    if (failure != null)
                        break;
                    if (isDone)
                        done.Add(command.CommandId);
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
                    Report(known);
                    if (done.Count == _commands.Count)
                        yield break;
                }

                if (retry.Expired)
                {
                    var waiting = Unfinished(known, reported, done);
                    _reporter.Warning($"Stopped waiting after {FormatSpan(_options.Timeout)}: {waiting.Count} instance(s) of run {runId} have not finished; "
                        + "their results show the status so far. The run goes on in Systems Manager; follow it with Wait-PatchRun or Get-PatchRun.");
                    foreach (var result in waiting)
                        yield return result;
                    yield break;
                }

                if (failure == null)
                    await _clock.DelayAsync(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            }

            var unfinished = Unfinished(known, reported, done);
            foreach (var result in unfinished)
                yield return result;
            throw new ItemFailureException(PatchRunService.FollowUpFailed(_commands, unfinished.Count, failure!));
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
        private List<PatchRunResult> Unfinished(Dictionary<string, Dictionary<string, RunInvocationRecord>> known, HashSet<(string, string)> reported, HashSet<string> done)
        {
            var waiting = new List<PatchRunResult>();
            foreach (var command in _commands.Where(c => !done.Contains(c.CommandId)))
            {
                foreach (var invocation in known[command.CommandId].Values.Where(i => !reported.Contains((command.CommandId, i.InstanceId))))
                    waiting.Add(Result(command, invocation, _region));
                foreach (var id in command.InstanceIds.Where(id => !known[command.CommandId].ContainsKey(id)))
                    waiting.Add(PatchRunService.Pending(command, id, _region));
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

        private async Task<(bool Done, AwsCallException? Failure)> IsDoneAsync(SentCommand command, Dictionary<string, RunInvocationRecord> invocations, HashSet<(string, string)> reported, CancellationToken cancellationToken)
        {
            if (invocations.Values.Any(i => !reported.Contains((command.CommandId, i.InstanceId))))
                return (false, null);
            if (!command.HasTargets)
                return (command.InstanceIds.All(invocations.ContainsKey), null);
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

        private void Report(Dictionary<string, Dictionary<string, RunInvocationRecord>> known)
        {
            if (_progress == null)
                return;
            var byInstance = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var command in _commands)
            {
                foreach (var id in command.InstanceIds)
                    byInstance[id] = InvocationStatus.Pending;
                foreach (var invocation in known[command.CommandId].Values)
                    byInstance[invocation.InstanceId] = Status(invocation);
            }
            var counts = byInstance.Values.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            _progress(new PatchRunProgress(_commands.Count > 0 ? _commands[0].RunId : string.Empty, byInstance.Count, counts, byInstance));
        }

        private static string Status(RunInvocationRecord invocation) => InvocationStatus.Normalize(invocation.Status, invocation.StatusDetails);

        private static bool IsFinal(RunInvocationRecord invocation) => InvocationStatus.IsTerminal(Status(invocation));

        /// <summary>Invocations that ran the document, so have output worth fetching.</summary>
        private static bool HasOutput(RunInvocationRecord invocation) =>
            invocation.Output == null && (Status(invocation) is InvocationStatus.Success or InvocationStatus.Failed or InvocationStatus.TimedOut);

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
    }
}
