using System.Collections.Concurrent;
using AwsPatch.Aws;

namespace AwsPatch.Tests.Unit.Runs;

/// <summary>
/// A hand-written Run Command: records every call, pages like the API (50 at most), and moves each command one
/// step (Pending → InProgress → final) on every first-page ListCommandInvocations call, so one poll = one step.
/// </summary>
internal sealed class FakeRunCommand : IRunCommandGateway
{
    private readonly object _gate = new();
    private int _sequence;

    public List<FakeCommand> Commands { get; } = new();
    public ConcurrentQueue<RunCommandSpec> Sends { get; } = new();
    public ConcurrentQueue<(string CommandId, bool Details, string? Token)> InvocationCalls { get; } = new();
    public ConcurrentQueue<RunCommandQuery> ListCalls { get; } = new();
    public ConcurrentQueue<string> Cancels { get; } = new();

    /// <summary>Final status per instance (Success when absent): Failed, TimedOut, Undeliverable.</summary>
    public Dictionary<string, string> Outcomes { get; } = new(StringComparer.Ordinal);

    /// <summary>SendCommand throws this when the batch holds one of <see cref="RejectIds"/>.</summary>
    public HashSet<string> RejectIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Steps a command takes per poll; 0 keeps everything Pending (for timeouts).</summary>
    public int StepsPerPoll { get; set; } = 1;

    public int PageSize { get; set; } = 50;

    /// <summary>When set, ListCommandInvocations throws it (a follow-up call that fails after SendCommand).</summary>
    public AwsCallException? InvocationFailure { get; set; }

    /// <summary>How many calls <see cref="InvocationFailure"/> answers before the calls work again (null: every call).</summary>
    public int? InvocationFailureCount { get; set; }

    /// <summary>SendCommands answered ThrottlingException (nothing created) before the later ones go through.</summary>
    public int ThrottleSends { get; set; }

    /// <summary>SendCommands that create their command but whose answer is lost (InternalServerError) before the later ones answer.</summary>
    public int LoseSendAnswers { get; set; }

    /// <summary>When set, every SendCommand (key <c>send</c>) and ListCommandInvocations (key: the command id) awaits it before it is answered.</summary>
    public Func<string, Task>? Before { get; set; }

    public async Task<RunCommandRecord> SendCommandAsync(RunCommandSpec spec, CancellationToken cancellationToken)
    {
        if (Before != null)
            await Before("send");
        return await SendNowAsync(spec);
    }

    private Task<RunCommandRecord> SendNowAsync(RunCommandSpec spec)
    {
        Sends.Enqueue(spec);
        if (ThrottleSends > 0 && ThrottleSends-- > 0)
            throw new AwsCallException("ssm:SendCommand", AwsErrorKind.Throttled, "ThrottlingException", "Rate exceeded") { HttpStatus = 400 };
        var lost = LoseSendAnswers > 0 && LoseSendAnswers-- > 0;
        Assert.InRange(spec.InstanceIds.Count, 0, RunCommandLimits.InstanceIdsPerSend);
        Assert.True(spec.Comment!.Length <= RunCommandLimits.CommentLength);
        if (spec.InstanceIds.Any(RejectIds.Contains))
            throw new AwsCallException("ssm:SendCommand", AwsErrorKind.NotFound, "InvalidInstanceId", "Instances not in a valid state");
        lock (_gate)
        {
            var command = new FakeCommand
            {
                CommandId = Guid.NewGuid().ToString(),
                Comment = spec.Comment ?? "",
                Parameters = spec.Parameters,
                InstanceIds = spec.InstanceIds.ToList(),
                RequestedAt = new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc).AddMinutes(++_sequence),
            };
            foreach (var id in spec.InstanceIds)
                command.Status[id] = "Pending";
            Commands.Add(command);
            if (lost)
                throw new AwsCallException("ssm:SendCommand", AwsErrorKind.ServiceFault, "InternalServerError", "An error occurred on the server side.") { HttpStatus = 500 };
            return Task.FromResult(Record(command));
        }
    }

    public Task<Page<RunCommandRecord>> ListCommandsAsync(RunCommandQuery query, int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        ListCalls.Enqueue(query);
        Assert.InRange(maxResults, 1, 50);
        lock (_gate)
        {
            var matching = Commands.Where(c => (query.CommandId == null || c.CommandId == query.CommandId)
                    && (!query.ExecutingOnly || c.Status.Values.Any(s => s is "Pending" or "InProgress"))).OrderByDescending(c => c.RequestedAt).ToList();
            var start = nextToken == null ? 0 : int.Parse(nextToken);
            var page = matching.Skip(start).Take(maxResults).Select(Record).ToList();
            return Task.FromResult(new Page<RunCommandRecord>(page, start + maxResults < matching.Count ? (start + maxResults).ToString() : null));
        }
    }

    public async Task<Page<RunInvocationRecord>> ListCommandInvocationsAsync(string commandId, bool details, int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        if (Before != null)
            await Before(commandId);
        return await ListInvocationsNowAsync(commandId, details, maxResults, nextToken);
    }

    private Task<Page<RunInvocationRecord>> ListInvocationsNowAsync(string commandId, bool details, int maxResults, string? nextToken)
    {
        InvocationCalls.Enqueue((commandId, details, nextToken));
        if (InvocationFailure is { } failure && (InvocationFailureCount is null || InvocationFailureCount-- > 0))
            throw failure;
        Assert.InRange(maxResults, 1, 50);
        lock (_gate)
        {
            var command = Commands.Single(c => c.CommandId == commandId);
            if (nextToken == null)
                for (var i = 0; i < StepsPerPoll; i++) Step(command);
            var ids = command.InstanceIds.OrderBy(i => i, StringComparer.Ordinal).ToList();
            var start = nextToken == null ? 0 : int.Parse(nextToken);
            var size = Math.Min(maxResults, PageSize);
            var page = ids.Skip(start).Take(size).Select(id =>
            {
                var status = command.Status[id];
                var undeliverable = status == "Undeliverable";
                var terminal = status is not ("Pending" or "InProgress");
                return new RunInvocationRecord
                {
                    CommandId = commandId,
                    InstanceId = id,
                    Comment = command.Comment,
                    Status = undeliverable ? "Failed" : status,
                    StatusDetails = undeliverable ? "Undeliverable" : status == "TimedOut" ? "Execution Timed Out" : status,
                    RequestedDateTime = command.RequestedAt,
                    Output = details ? (terminal ? $"line 1\nline 2\n{status} on {id}" : "") : null,
                    CompletedAt = terminal ? command.RequestedAt.AddMinutes(2) : null,
                    ResponseCode = status == "Failed" ? 1 : 0,
                };
            }).ToList();
            return Task.FromResult(new Page<RunInvocationRecord>(page, start + size < ids.Count ? (start + size).ToString() : null));
        }
    }

    public Task CancelCommandAsync(string commandId, CancellationToken cancellationToken)
    {
        Cancels.Enqueue(commandId);
        lock (_gate)
        {
            var command = Commands.Single(c => c.CommandId == commandId);
            foreach (var id in command.Status.Keys.ToList().Where(id => command.Status[id] is "Pending" or "InProgress"))
                command.Status[id] = "Cancelled";
        }
        return Task.CompletedTask;
    }

    private void Step(FakeCommand command)
    {
        foreach (var id in command.Status.Keys.ToList())
        {
            command.Status[id] = command.Status[id] switch
            {
                "Pending" => Outcomes.GetValueOrDefault(id) == "Undeliverable" ? "Undeliverable" : "InProgress",
                "InProgress" => Outcomes.GetValueOrDefault(id, "Success"),
                var final => final,
            };
        }
    }

    private static RunCommandRecord Record(FakeCommand command) => new()
    {
        CommandId = command.CommandId,
        DocumentName = "AWS-RunPatchBaseline",
        Comment = command.Comment,
        Parameters = command.Parameters,
        InstanceIds = command.InstanceIds,
        RequestedDateTime = command.RequestedAt,
        Status = command.Status.Values.All(s => s is not ("Pending" or "InProgress")) ? "Success" : "InProgress",
        TargetCount = command.InstanceIds.Count,
        CompletedCount = command.Status.Values.Count(s => s is not ("Pending" or "InProgress")),
    };
}

internal sealed class FakeCommand
{
    public string CommandId { get; init; } = "";
    public string Comment { get; init; } = "";
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public List<string> InstanceIds { get; init; } = new();
    public DateTime RequestedAt { get; init; }
    public Dictionary<string, string> Status { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Holds calls (as <see cref="FakeRunCommand.Before"/>) until <c>target</c> of them are in flight at once, then lets
/// every call through; <see cref="Max"/> is the most that were ever in flight. Calls made one at a time never reach the
/// target: the first one fails after ten seconds instead of hanging the test.
/// </summary>
internal sealed class InFlightGate(int target)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _now;
    private int _max;

    public int Max => Volatile.Read(ref _max);

    public async Task Enter(string key)
    {
        var now = Interlocked.Increment(ref _now);
        int max;
        while (now > (max = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, max) != max) { }
        if (now >= target)
            _reached.TrySetResult();
        try
        {
            await _reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            Interlocked.Decrement(ref _now);
        }
    }
}
