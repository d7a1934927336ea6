using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Instances;
using AwsPatch.Runs;
using AwsPatch.Snapshots;
using AwsPatch.Tests.Unit.Instances;

namespace AwsPatch.Tests.Unit.Runs;

public class PatchRunServiceTests
{
    private readonly FakeGateways _gateways = new();
    private readonly CollectingReporter _reporter = new();
    private readonly AwsSession _session = TestSessions.UsEast1();
    private readonly FakeSnapshots _snapshots = new();
    private readonly FakeWaitClock _clock = new();

    private static string Id(int n) => $"i-{n:x17}";

    private PatchRunService Service() =>
        new(_gateways, new InstanceService(_gateways), _snapshots, _clock);

    private static PatchRunRequest Request(string operation = "Scan", bool snapshotFirst = false) =>
        new() { RunId = "run-20250601T120000Z-abc123", Operation = operation, SnapshotFirst = snapshotFirst };

    private static readonly RunWaitOptions Fast = new() { PollInterval = TimeSpan.Zero, Timeout = TimeSpan.FromMinutes(1) };

    private void AddManaged(int n, string ping = "Online", bool managed = true)
    {
        _gateways.Ec2Fake.Instances.Add(new Ec2InstanceRecord { InstanceId = Id(n), State = "running", InstanceType = "t3.micro", RootDeviceName = "/dev/xvda", Tags = new Dictionary<string, string>(), OwnerId = "123456789012" });
        if (managed)
            _gateways.SsmFake.Managed[Id(n)] = new SsmInstanceRecord { InstanceId = Id(n), PingStatus = ping, PlatformType = "Linux" };
    }

    private async Task<List<PatchRunResult>> WaitAsync(PatchRunService service, IReadOnlyList<SentCommand> commands, RunWaitOptions? options = null)
    {
        var results = new List<PatchRunResult>();
        await foreach (var r in service.WaitAsync(_session, commands, options ?? Fast, null, _reporter, CancellationToken.None))
            results.Add(r);
        return results;
    }

    [Fact]
    public async Task A_thousand_instances_go_out_four_sends_at_a_time_each_batch_once_and_in_batch_order()
    {
        var ids = Enumerable.Range(1, 1000).Select(Id).ToList();
        var gate = new InFlightGate(RunCommandLimits.SendsInFlight);
        _gateways.RunCommandFake.Before = gate.Enter;
        var told = new List<string>();

        var (commands, failures) = await Service().SendAsync(_session, Request(), ids, new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None, c => told.Add(c.CommandId));

        Assert.Empty(failures);
        Assert.Equal(RunCommandLimits.SendsInFlight, gate.Max);
        Assert.Equal(20, _gateways.RunCommandFake.Sends.Count);
        Assert.Equal(ids, commands.SelectMany(c => c.InstanceIds));                        // batch order, each instance once
        Assert.Equal(commands.Select(c => c.CommandId).Order(), told.Order());             // every command told, once
    }

    [Fact]
    public async Task A_poll_cycle_keeps_eight_polls_in_flight_never_more_and_still_one_call_per_command()
    {
        var ids = Enumerable.Range(1, 1000).Select(Id).ToList();
        var service = Service();
        var (commands, _) = await service.SendAsync(_session, Request(), ids, new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);
        var gate = new InFlightGate(RunCommandLimits.PollsInFlight);
        _gateways.RunCommandFake.Before = gate.Enter;

        var results = await WaitAsync(service, commands);

        Assert.Equal(RunCommandLimits.PollsInFlight, gate.Max);
        Assert.Equal(ids.Order(), results.Select(r => r.InstanceId).Order());
        Assert.All(results, r => Assert.Equal("Success", r.Status));
        Assert.Equal(2 * 20, _gateways.RunCommandFake.InvocationCalls.Count);
    }

    [Fact]
    public async Task Results_stream_out_in_the_order_polls_answer_not_the_order_commands_were_sent()
    {
        var ids = Enumerable.Range(1, 100).Select(Id).ToList();
        var service = Service();
        var (commands, _) = await service.SendAsync(_session, Request(), ids, new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);
        _gateways.RunCommandFake.StepsPerPoll = 2;   // one poll: Pending -> Success
        var secondReported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The first command's poll answers only once the second command's results are out.
        _gateways.RunCommandFake.Before = key => key == commands[0].CommandId ? secondReported.Task.WaitAsync(TimeSpan.FromSeconds(10)) : Task.CompletedTask;

        var order = new List<string>();
        await foreach (var r in service.WaitAsync(_session, commands, Fast, null, _reporter, CancellationToken.None))
        {
            order.Add(r.CommandId);
            if (r.CommandId == commands[1].CommandId && order.Count == 50)
                secondReported.TrySetResult();
        }

        Assert.Equal(Enumerable.Repeat(commands[1].CommandId, 50).Concat(Enumerable.Repeat(commands[0].CommandId, 50)), order);
    }

    [Fact]
    public async Task A_thousand_instances_take_twenty_sends_and_twenty_list_calls_per_poll_cycle()
    {
        var ids = Enumerable.Range(1, 1000).Select(Id).ToList();
        var service = Service();
        var (commands, failures) = await service.SendAsync(_session, Request(), ids, new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);

        Assert.Empty(failures);
        Assert.Equal(20, _gateways.RunCommandFake.Sends.Count);   // ceil(1000 / 50)
        Assert.All(_gateways.RunCommandFake.Sends, s => Assert.Equal(50, s.InstanceIds.Count));
        Assert.All(_gateways.RunCommandFake.Sends, s => Assert.Equal("AwsPatch run run-20250601T120000Z-abc123", s.Comment));

        var results = await WaitAsync(service, commands);

        Assert.Equal(1000, results.Count);
        Assert.All(results, r => Assert.Equal("Success", r.Status));
        // Pending → InProgress → Success: two poll cycles, each one ListCommandInvocations per command (one page of 50).
        Assert.Equal(2 * 20, _gateways.RunCommandFake.InvocationCalls.Count);
        Assert.All(_gateways.RunCommandFake.InvocationCalls, c => Assert.Null(c.Token));
        // Details only once something runs: the first cycle sees all Pending and asks without them.
        Assert.Equal(20, _gateways.RunCommandFake.InvocationCalls.Count(c => !c.Details));
        Assert.All(results, r => Assert.Contains("Success on", r.OutputExcerpt));
    }

    [Fact]
    public async Task Results_stream_with_output_and_failures_carry_an_error_and_a_stable_id()
    {
        _gateways.RunCommandFake.Outcomes[Id(2)] = "Failed";
        _gateways.RunCommandFake.Outcomes[Id(3)] = "TimedOut";
        _gateways.RunCommandFake.Outcomes[Id(4)] = "Undeliverable";
        var service = Service();
        var (commands, _) = await service.SendAsync(_session, Request("Install"), [Id(1), Id(2), Id(3), Id(4)], new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);

        var results = (await WaitAsync(service, commands)).ToDictionary(r => r.InstanceId);

        Assert.Equal("Success", results[Id(1)].Status);
        Assert.Null(results[Id(1)].Error);
        Assert.Equal("Failed", results[Id(2)].Status);
        Assert.Contains("exit code 1", results[Id(2)].Error);
        Assert.Equal("PatchRunFailed", PatchRunService.FailureOf(results[Id(2)]).ErrorId);
        Assert.Equal("PatchRunTimedOut", PatchRunService.FailureOf(results[Id(3)]).ErrorId);
        Assert.Equal("Undeliverable", results[Id(4)].Status);
        Assert.Equal("PatchRunUndeliverable", PatchRunService.FailureOf(results[Id(4)]).ErrorId);
        Assert.All(results.Values, r => { Assert.Equal("Install", r.Operation); Assert.True(r.IsComplete); Assert.Equal("us-east-1", r.Region); });
    }

    [Fact]
    public async Task A_batch_the_service_rejects_fails_each_of_its_instances_and_the_next_batch_goes_out()
    {
        _gateways.RunCommandFake.RejectIds.Add(Id(10));
        var ids = Enumerable.Range(1, 60).Select(Id).ToList();
        var (commands, failures) = await Service().SendAsync(_session, Request(), ids, new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);

        Assert.Equal(50, failures.Count);
        Assert.All(failures, f => Assert.Equal("SendCommandFailed", f.ErrorId));
        Assert.Equal(ids.Skip(50), Assert.Single(commands).InstanceIds);
    }

    [Fact]
    public async Task Unmanaged_offline_and_unknown_instances_are_reported_before_anything_is_sent()
    {
        AddManaged(1);
        AddManaged(2, ping: "ConnectionLost");
        AddManaged(3, managed: false);
        var check = await Service().CheckAsync(_session, [Id(1), Id(2), Id(3), Id(99)], _reporter, CancellationToken.None);

        Assert.Equal([Id(1)], check.Ready);
        var byId = check.Failures.ToDictionary(f => f.TargetId);
        Assert.Equal("InstanceNotManaged", byId[Id(2)].ErrorId);
        Assert.Contains("ConnectionLost", byId[Id(2)].Message);
        Assert.Equal("InstanceNotManaged", byId[Id(3)].ErrorId);
        Assert.Equal("InstanceNotFound", byId[Id(99)].ErrorId);
        Assert.Contains("us-east-1", byId[Id(99)].Message);
        Assert.Empty(_gateways.RunCommandFake.Sends);
    }

    [Fact]
    public async Task Only_instances_whose_snapshot_set_completed_pass_the_gate()
    {
        _snapshots.States[Id(1)] = "completed";
        _snapshots.States[Id(2)] = "error";
        _snapshots.Failing.Add(Id(3));
        // Id(4): the snapshot service returns nothing for it.
        var service = Service();
        var gate = await service.SnapshotAsync(_session, "run-x", [Id(1), Id(2), Id(3), Id(4)], Fast, null, _reporter, CancellationToken.None);

        Assert.Equal([Id(1)], gate.Ready);
        Assert.Equal(["snap-" + Id(1)], gate.SnapshotIds[Id(1)]);
        Assert.Equal([Id(2), Id(3), Id(4)], gate.Failures.Select(f => f.TargetId).Order());
        Assert.All(gate.Failures, f => Assert.Equal("SnapshotNotCompleted", f.ErrorId));
        var request = Assert.Single(_snapshots.Requests);
        Assert.True(request.Wait);
        Assert.Equal("run-x", request.RunId);

        var (commands, _) = await service.SendAsync(_session, Request(snapshotFirst: true), gate.Ready, gate.SnapshotIds, true, CancellationToken.None);
        var sent = Assert.Single(_gateways.RunCommandFake.Sends);
        Assert.Equal([Id(1)], sent.InstanceIds);   // the others are never sent the command
        Assert.EndsWith("+snapshots", sent.Comment);
        Assert.Equal(["snap-" + Id(1)], PatchRunService.Pending(commands[0], Id(1), "us-east-1").SnapshotIds);
    }

    [Fact]
    public async Task Resume_resends_only_what_did_not_succeed_plus_instances_the_run_never_reached()
    {
        _gateways.RunCommandFake.Outcomes[Id(2)] = "Failed";
        _gateways.RunCommandFake.Outcomes[Id(3)] = "Undeliverable";
        var service = Service();
        var request = Request("Install", snapshotFirst: true);
        var (commands, _) = await service.SendAsync(_session, request, [Id(1), Id(2), Id(3)], new Dictionary<string, IReadOnlyList<string>>(), true, CancellationToken.None);
        await WaitAsync(service, commands);
        _gateways.RunCommandFake.Sends.Clear();

        var plan = await service.PlanResumeAsync(_session, request.RunId, [Id(1), Id(4)], CancellationToken.None);

        Assert.Equal([Id(2), Id(3), Id(4)], plan.Resend);
        Assert.Equal(1, plan.Succeeded);
        Assert.Equal("Install", plan.Operation);
        Assert.Equal([Id(2), Id(3)], plan.Snapshotted.Order());   // covered by the first command's completed sets

        _gateways.RunCommandFake.Outcomes.Clear();
        var (again, _) = await service.SendAsync(_session, request, plan.Resend, new Dictionary<string, IReadOnlyList<string>>(), true, CancellationToken.None);
        await WaitAsync(service, again);
        var finished = await service.PlanResumeAsync(_session, request.RunId, [], CancellationToken.None);
        Assert.Empty(finished.Resend);
        Assert.Equal(4, finished.Succeeded);
        Assert.Equal(2, (await service.FindRunAsync(_session, request.RunId, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_SendCommand_whose_answer_was_lost_is_found_and_reused_never_sent_twice()
    {
        _gateways.RunCommandFake.LoseSendAnswers = 1;
        var service = Service();
        var retry = new CallRetry(_clock, _reporter, "Run x", _clock.UtcNow + TimeSpan.FromHours(1));
        var ids = Enumerable.Range(1, 60).Select(Id).ToList();

        var (commands, failures) = await service.SendAsync(_session, Request("Install"), ids, new Dictionary<string, IReadOnlyList<string>>(), false, retry, CancellationToken.None);

        Assert.Empty(failures);
        Assert.Equal(2, _gateways.RunCommandFake.Sends.Count);   // one per batch of 50: the lost one was not sent again
        Assert.Equal(_gateways.RunCommandFake.Commands.Select(c => c.CommandId).Order(), commands.Select(c => c.CommandId).Order());
        Assert.Equal(ids, commands.SelectMany(c => c.InstanceIds).Order());
        Assert.Contains("ssm:SendCommand failed (InternalServerError, HTTP 500)", Assert.Single(_reporter.Warnings));
    }

    [Fact]
    public async Task A_throttled_SendCommand_created_nothing_so_it_is_sent_again_without_a_lookup()
    {
        _gateways.RunCommandFake.ThrottleSends = 1;
        var service = Service();
        var retry = new CallRetry(_clock, _reporter, "Run x", _clock.UtcNow + TimeSpan.FromHours(1));

        var (commands, failures) = await service.SendAsync(_session, Request("Install"), [Id(1)], new Dictionary<string, IReadOnlyList<string>>(), false, retry, CancellationToken.None);

        Assert.Empty(failures);
        Assert.Equal(2, _gateways.RunCommandFake.Sends.Count);
        Assert.Equal(Assert.Single(_gateways.RunCommandFake.Commands).CommandId, Assert.Single(commands).CommandId);
        Assert.Empty(_gateways.RunCommandFake.ListCalls);
    }

    [Fact]
    public async Task Waiting_stops_at_the_timeout_with_a_warning_and_the_status_so_far()
    {
        _gateways.RunCommandFake.StepsPerPoll = 0;
        var service = Service();
        var (commands, _) = await service.SendAsync(_session, Request(), [Id(1), Id(2)], new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);

        var results = await WaitAsync(service, commands, new RunWaitOptions { PollInterval = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromSeconds(50) });

        Assert.Equal(2, results.Count);
        Assert.All(results, r => { Assert.Equal("Pending", r.Status); Assert.False(r.IsComplete); });
        Assert.Contains("Wait-PatchRun", Assert.Single(_reporter.Warnings));
        Assert.Equal(5, _clock.Delays.Count);   // polls at 0, 10 … 50 s on the injected clock; nothing real waited
        Assert.All(_clock.Delays, d => Assert.Equal(TimeSpan.FromSeconds(10), d));
    }

    [Theory]
    [InlineData(AwsErrorKind.Throttled, "ThrottlingException", 400)]
    [InlineData(AwsErrorKind.ServiceFault, "InternalServerError", 500)]
    [InlineData(AwsErrorKind.Network, null, null)]
    public async Task A_burst_of_transient_failed_polls_is_polled_through_with_one_warning_and_every_result(AwsErrorKind kind, string? code, int? status)
    {
        var service = Service();
        var ids = Enumerable.Range(1, 60).Select(Id).ToList();
        var (commands, _) = await service.SendAsync(_session, Request("Install"), ids, new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);
        _gateways.RunCommandFake.InvocationFailure = new AwsCallException("ssm:ListCommandInvocations", kind, code, "busy") { HttpStatus = status };
        // Both commands are polled at once, so each failed cycle takes two failures: four cycles fail.
        _gateways.RunCommandFake.InvocationFailureCount = 4 * commands.Count;

        var results = await WaitAsync(service, commands, new RunWaitOptions { PollInterval = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromMinutes(30) });

        Assert.Equal(ids, results.Select(r => r.InstanceId).Order());
        Assert.All(results, r => Assert.Equal("Success", r.Status));
        var warning = Assert.Single(_reporter.Warnings);
        Assert.Contains("ssm:ListCommandInvocations", warning);
        Assert.Contains(code ?? "network error", warning);
        if (status != null) Assert.Contains($"HTTP {status}", warning);
        // Four back-offs that grow (jittered, never above the cap), then the normal poll interval again.
        var backoffs = _clock.Delays.Take(4).ToList();
        Assert.All(backoffs, d => Assert.InRange(d, TimeSpan.FromSeconds(10), WaitRetry.MaxBackoff));
        Assert.True(backoffs[3] > TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Polls_that_keep_failing_transiently_end_at_the_deadline_with_the_status_so_far_not_an_error()
    {
        var service = Service();
        var (commands, _) = await service.SendAsync(_session, Request("Install"), [Id(1), Id(2)], new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);
        _gateways.RunCommandFake.InvocationFailure = new AwsCallException("ssm:ListCommandInvocations", AwsErrorKind.Throttled, "ThrottlingException", "Rate exceeded");
        var start = _clock.UtcNow;

        var results = await WaitAsync(service, commands, new RunWaitOptions { PollInterval = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromMinutes(5) });

        Assert.Equal([Id(1), Id(2)], results.Select(r => r.InstanceId));
        Assert.All(results, r => Assert.Equal("Pending", r.Status));
        Assert.Equal(start + TimeSpan.FromMinutes(5), _clock.UtcNow);   // backed off up to the deadline, never past it
        Assert.Equal(2, _reporter.Warnings.Count);                         // one for the failures, one for the timeout
        Assert.Contains("Stopped waiting", _reporter.Warnings.Last());
    }

    [Fact]
    public async Task Waiting_on_a_finished_run_returns_at_once_without_a_delay()
    {
        var service = Service();
        var (commands, _) = await service.SendAsync(_session, Request("Install"), [Id(1), Id(2)], new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);
        await WaitAsync(service, commands);
        var delaysBefore = _clock.Delays.Count;
        while (_gateways.RunCommandFake.InvocationCalls.TryDequeue(out _)) { }

        var results = await WaitAsync(service, commands, new RunWaitOptions { PollInterval = TimeSpan.FromSeconds(10) });

        Assert.All(results, r => Assert.Equal("Success", r.Status));
        Assert.All(results, r => Assert.NotNull(r.OutputExcerpt));
        Assert.Equal(delaysBefore, _clock.Delays.Count);
        // One listing without output, then at once one with it: the minimum for a command whose invocations all finished.
        Assert.Equal([false, true], _gateways.RunCommandFake.InvocationCalls.Select(c => c.Details));
    }

    [Fact]
    public async Task A_failed_poll_returns_every_unreported_instance_then_fails_naming_the_run_and_its_commands()
    {
        var service = Service();
        var ids = Enumerable.Range(1, 60).Select(Id).ToList();
        var (commands, _) = await service.SendAsync(_session, Request("Install"), ids, new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);
        _gateways.RunCommandFake.InvocationFailure = new AwsCallException("ssm:ListCommandInvocations", AwsErrorKind.AccessDenied, "AccessDeniedException", "not authorized");

        var results = new List<PatchRunResult>();
        var error = await Assert.ThrowsAsync<ItemFailureException>(async () =>
        {
            await foreach (var r in service.WaitAsync(_session, commands, Fast, null, _reporter, CancellationToken.None))
                results.Add(r);
        });

        Assert.Equal(ids, results.Select(r => r.InstanceId).Order());
        Assert.All(results, r => Assert.Equal("Pending", r.Status));
        Assert.Equal("RunWaitFailed", error.Failure.ErrorId);
        Assert.Equal("run-20250601T120000Z-abc123", error.Failure.TargetId);
        Assert.All(commands, c => Assert.Contains(c.CommandId, error.Failure.Message));
        Assert.Contains("Wait-PatchRun -RunId run-20250601T120000Z-abc123", error.Failure.RecommendedAction);
    }

    [Fact]
    public async Task Installs_in_progress_are_found_with_one_list_call_and_name_their_run()
    {
        var service = Service();
        await service.SendAsync(_session, new PatchRunRequest { RunId = "run-busy", Operation = "Install" }, [Id(1), Id(2)], new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);
        await service.SendAsync(_session, new PatchRunRequest { RunId = "run-scan", Operation = "Scan" }, [Id(3)], new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);
        _gateways.RunCommandFake.ListCalls.Clear();

        var check = await service.CheckInstallsInProgressAsync(_session, [Id(1), Id(3), Id(4)], CancellationToken.None);

        Assert.Equal([Id(3), Id(4)], check.Ready);
        var busy = Assert.Single(check.Failures);
        Assert.Equal(Id(1), busy.TargetId);
        Assert.Equal("InstallInProgress", busy.ErrorId);
        Assert.Contains("run-busy", busy.Message);
        var query = Assert.Single(_gateways.RunCommandFake.ListCalls);
        Assert.True(query.ExecutingOnly);
        Assert.Equal("AWS-RunPatchBaseline", query.DocumentName);
    }

    [Theory]
    [InlineData(new[] { "Success" }, new[] { "Success", "Success" }, "Success")]
    [InlineData(new[] { "Success" }, new[] { "Success", "Undeliverable" }, "Undeliverable")]
    [InlineData(new[] { "Success", "Failed" }, new[] { "Failed", "TimedOut", "Success" }, "Failed")]
    [InlineData(new[] { "InProgress" }, new[] { "Success" }, "InProgress")]
    [InlineData(new[] { "Success" }, new[] { "Success", "Pending" }, "InProgress")]
    [InlineData(new[] { "Success" }, new string[0], "NoInstances")]
    public void A_run_reads_Success_only_when_every_instance_succeeded(string[] commands, string[] instances, string expected) =>
        Assert.Equal(expected, PatchRunService.RunStatus(commands, instances));

    [Fact]
    public async Task Runs_are_listed_by_the_run_id_in_the_comment()
    {
        var service = Service();
        await service.SendAsync(_session, Request() , [Id(1)], new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);
        await service.SendAsync(_session, new PatchRunRequest { RunId = "run-other", Operation = "Install" }, [Id(2), Id(3)], new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);

        var runs = new List<PatchRun>();
        await foreach (var run in service.ListRunsAsync(_session, CancellationToken.None))
            runs.Add(run);

        Assert.Equal(["run-20250601T120000Z-abc123", "run-other"], runs.Select(r => r.RunId).Order());
        var other = runs.Single(r => r.RunId == "run-other");
        Assert.Equal("Install", other.Operation);
        Assert.Equal(2, other.InstanceCount);
        Assert.Equal("InProgress", other.Status);
        Assert.All(_gateways.RunCommandFake.ListCalls, q => Assert.Equal("AWS-RunPatchBaseline", q.DocumentName));
    }

    private sealed class FakeSnapshots : ISnapshotService
    {
        public Dictionary<string, string> States { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Failing { get; } = new(StringComparer.Ordinal);
        public List<SnapshotRequest> Requests { get; } = new();

        public async IAsyncEnumerable<Outcome<PatchSnapshot>> CreateAsync(AwsSession session, SnapshotRequest request, Action<SnapshotProgress>? progress, IOperationReporter reporter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Requests.Add(request);
            await Task.Yield();
            foreach (var id in request.InstanceIds)
            {
                if (Failing.Contains(id))
                    yield return Outcome<PatchSnapshot>.Failed(new ItemFailure(id, "SnapshotFailed", AwsErrorKind.ServiceFault, "CreateSnapshots failed."));
                else if (States.TryGetValue(id, out var state))
                    yield return Outcome<PatchSnapshot>.Success(new PatchSnapshot { InstanceId = id, RunId = request.RunId, State = state, SnapshotIds = ["snap-" + id], Region = session.RegionName });
            }
        }
    }
}
