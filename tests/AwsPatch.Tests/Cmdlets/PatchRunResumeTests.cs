using System.Management.Automation;
using AwsPatch.Runs;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Runs stopped part way (PowerShell.Stop() in one engine) and resumed from another engine: the run's record in
/// Parameter Store lets resume reach every intended instance exactly once: never-sent ones are sent, ones still in
/// flight are reported and not sent again, ones that finished without success are sent again.
/// </summary>
public sealed class PatchRunResumeTests : IAsyncLifetime
{
    private const string Session = "-EndpointUrl $endpoint -AccessKey AKIDSANDBOX -SecretKey sandbox-secret-value -Region us-east-1";
    private SandboxServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, GeneratedInstances = 400, GeneratedRegions = ["us-east-1"] });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void A_run_stopped_in_the_snapshot_phase_is_resumed_from_another_engine_and_patches_every_instance_once()
    {
        var ids = Patchable(150);
        _server.Clock.AdvancePerRequest = TimeSpan.Zero;   // the snapshots stay pending until the clock moves
        using (var first = Engine())
        {
            first.SetVariable("ids", ids);
            using var shell = first.CreateShell($"$ids | Invoke-PatchRun -Operation Install -SnapshotFirst -RunId run-kill-snap -Force -Wait -PollIntervalSeconds 3600 {Session}");
            var running = shell.BeginInvoke();
            Assert.True(SpinWait.SpinUntil(() => _server.Counters["ec2:CreateSnapshots"] >= ids.Length, TimeSpan.FromSeconds(120)));
            shell.Stop();
            Assert.True(running.IsCompleted);
            Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
            var warning = Assert.Single(first.HostText.Split('\n'), line => line.StartsWith("WARNING:", StringComparison.Ordinal));
            Assert.Contains("before it sent the command; its 150 instance(s) are recorded", warning);
            Assert.Contains("Invoke-PatchRun -ResumeRunId run-kill-snap", warning);
        }
        Assert.Empty(_server.State.Commands);
        Assert.Contains(_server.State.Parameters, p => p.Name == RunRecord.PlanName("run-kill-snap"));

        _server.Clock.Advance(TimeSpan.FromMinutes(30));
        _server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(10);
        using var second = Engine();
        var resumed = second.Invoke($"Invoke-PatchRun -ResumeRunId run-kill-snap -Force -Wait -PollIntervalSeconds 0.1 {Session}");

        Assert.Null(resumed.Terminating);
        Assert.Empty(resumed.Errors);
        Assert.Equal(ids.Order(), resumed.OutputOf<PatchRunResult>().Where(r => r.Status == "Success").Select(r => r.InstanceId).Order());
        Assert.All(SendCounts(ids), pair => Assert.Equal(1, pair.Value));
        Assert.All(_server.State.Commands, c => Assert.Equal("Install", c.Operation));
        Assert.DoesNotContain(_server.State.Parameters, p => p.Name.StartsWith(RunRecord.PathOf("run-kill-snap"), StringComparison.Ordinal));   // done: removed
    }

    [Fact]
    public void A_run_stopped_after_four_of_six_batches_sends_the_rest_once_and_never_resends_what_is_in_flight()
    {
        var ids = Patchable(300);
        _server.Clock.AdvancePerRequest = TimeSpan.Zero;
        _server.State.SetCommandFault(ids[7], CommandFault.Fail);   // in the first batch
        _server.Faults.For("ssm:SendCommand").LatencyMs = 2000;
        using (var first = Engine())
        {
            first.SetVariable("ids", ids);
            using var shell = first.CreateShell($"Invoke-PatchRun -InstanceId $ids -Operation Install -RunId run-kill-send -Force {Session}");
            var running = shell.BeginInvoke();
            // Four SendCommands go at once (RunCommandLimits.SendsInFlight); the fifth and sixth start as they answer.
            // Stop while those two are held by their latency: four batches (200 instances) went out.
            Assert.True(SpinWait.SpinUntil(() => _server.Counters["ssm:SendCommand"] >= 6 && _server.State.Commands.Count == 4, TimeSpan.FromSeconds(120)));
            shell.Stop();
            Assert.True(running.IsCompleted);
            var stopping = Assert.Single(first.HostText.Split('\n'), line => line.StartsWith("WARNING:", StringComparison.Ordinal));
            Assert.Contains("Wait-PatchRun -RunId run-kill-send", stopping);
            Assert.Contains("recorded instance(s) were not sent the command yet", stopping);
            Assert.Contains("Invoke-PatchRun -ResumeRunId run-kill-send", stopping);
        }
        _server.Faults.For("ssm:SendCommand").LatencyMs = null;
        Assert.Equal(4, _server.State.Commands.Count);
        var sentFirst = _server.State.Commands.SelectMany(c => c.InstanceIds).ToHashSet();
        Assert.Equal(200, sentFirst.Count);

        // Resumed at once from another engine: the 200 are still in flight, the 100 were never sent.
        using var second = Engine();
        var resumed = second.Invoke($"Invoke-PatchRun -ResumeRunId run-kill-send -Force {Session}");
        Assert.Null(resumed.Terminating);
        Assert.Empty(resumed.Errors);
        var results = resumed.OutputOf<PatchRunResult>();
        Assert.Equal(ids.Order(), results.Select(r => r.InstanceId).Order());   // every instance of the run reported once
        Assert.All(results.Where(r => sentFirst.Contains(r.InstanceId)), r => Assert.Contains(r.Status, new[] { "Pending", "InProgress" }));
        var warning = Assert.Single(resumed.Warnings, w => w.Message.Contains("still in progress"));
        Assert.Contains("200 instance(s)", warning.Message);
        Assert.Contains("Wait-PatchRun -RunId run-kill-send", warning.Message);
        Assert.Equal(6, _server.State.Commands.Count);
        Assert.All(SendCounts(ids), pair => Assert.Equal(1, pair.Value));

        // Once everything finished, only the instance that failed is sent the command again.
        _server.State.SetCommandFault(ids[7], CommandFault.None);
        _server.Clock.Advance(TimeSpan.FromMinutes(30));
        _server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(10);
        using var third = Engine();
        var again = third.Invoke($"Invoke-PatchRun -ResumeRunId run-kill-send -Force -Wait -PollIntervalSeconds 0.1 {Session}");
        Assert.Null(again.Terminating);
        Assert.Empty(again.Errors);
        Assert.Equal(ids[7], Assert.Single(again.OutputOf<PatchRunResult>()).InstanceId);
        var counts = SendCounts(ids);
        Assert.Equal(2, counts[ids[7]]);
        Assert.All(counts.Where(p => p.Key != ids[7]), pair => Assert.Equal(1, pair.Value));
        Assert.All(ids, id => Assert.Equal("Success", LatestStatus(id)));
        Assert.DoesNotContain(_server.State.Parameters, p => p.Name.StartsWith(RunRecord.PathOf("run-kill-send"), StringComparison.Ordinal));
    }

    [Fact]
    public void After_a_failed_snapshot_following_the_errors_advice_patches_that_instance_and_only_it()
    {
        var ids = Patchable(3);
        _server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(10);
        _server.Faults.FailSnapshotsOf(ids[1]);
        using var engine = Engine();
        engine.SetVariable("ids", ids);
        var first = engine.Invoke($"Invoke-PatchRun -InstanceId $ids -Operation Install -SnapshotFirst -RunId run-snap-fail -Force -Wait -PollIntervalSeconds 0.1 {Session}");
        var error = Assert.Single(first.Errors);
        Assert.StartsWith("SnapshotNotCompleted", error.FullyQualifiedErrorId);
        Assert.Contains("-ResumeRunId", error.ErrorDetails?.RecommendedAction ?? string.Empty);
        _server.Faults.StopFailingSnapshotsOf(ids[1]);

        var resumed = engine.Invoke($"Invoke-PatchRun -ResumeRunId run-snap-fail -Force -Wait -PollIntervalSeconds 0.1 {Session}");

        Assert.Empty(resumed.Errors);
        var result = Assert.Single(resumed.OutputOf<PatchRunResult>());
        Assert.Equal((ids[1], "Success"), (result.InstanceId, result.Status));
        Assert.NotEmpty(result.SnapshotIds);   // the run's SnapshotFirst is kept
        Assert.All(SendCounts(ids), pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public void A_run_without_a_record_resumes_from_its_commands_with_a_warning()
    {
        var ids = Patchable(3);
        _server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(10);
        _server.State.SetCommandFault(ids[0], CommandFault.Fail);
        using var engine = Engine();
        engine.SetVariable("ids", ids);
        var first = engine.Invoke($"Invoke-PatchRun -InstanceId $ids -Operation Scan -RunId run-old-1 -Wait -PollIntervalSeconds 0.1 {Session}");
        Assert.Single(first.Errors);
        foreach (var parameter in _server.State.Parameters) _server.State.DeleteParameter(parameter.Region, parameter.Name);   // as a run made before records
        _server.State.SetCommandFault(ids[0], CommandFault.None);

        var resumed = engine.Invoke($"Invoke-PatchRun -ResumeRunId run-old-1 -Wait -PollIntervalSeconds 0.1 {Session}");

        Assert.Contains(resumed.Warnings, w => w.Message.Contains("no record in Parameter Store") && w.Message.Contains("pipe them in"));
        Assert.Equal(ids[0], Assert.Single(resumed.OutputOf<PatchRunResult>(), r => r.Status == "Success").InstanceId);
        Assert.Equal(2, SendCounts(ids)[ids[0]]);
    }

    [Fact]
    public void A_run_whose_record_cannot_be_written_sends_nothing()
    {
        var ids = Patchable(2);
        _server.Faults.For("ssm:PutParameter").Denied = true;
        using var engine = Engine();
        engine.SetVariable("ids", ids);

        var result = engine.Invoke($"Invoke-PatchRun -InstanceId $ids -Operation Scan {Session}");

        Assert.Empty(_server.State.Commands);
        Assert.Equal(ids.Order(), result.Errors.Select(e => (string)e.TargetObject).Order());
        Assert.All(result.Errors, e => Assert.StartsWith("RunRecordFailed", e.FullyQualifiedErrorId));
        Assert.Contains(result.Warnings, w => w.Message.Contains("reached no instance"));
    }

    private string[] Patchable(int count)
    {
        var ids = _server.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running")
            .Select(i => i.InstanceId).Order(StringComparer.Ordinal).Take(count).ToArray();
        Assert.Equal(count, ids.Length);
        return ids;
    }

    private PowerShellHost Engine()
    {
        var host = PowerShellHost.Create();
        host.SetVariable("endpoint", _server.Endpoint.ToString());
        return host;
    }

    /// <summary>How many SendCommands named each instance.</summary>
    private Dictionary<string, int> SendCounts(IEnumerable<string> ids)
    {
        var sent = _server.State.Commands.SelectMany(c => c.InstanceIds).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        return ids.ToDictionary(id => id, id => sent.GetValueOrDefault(id));
    }

    private string LatestStatus(string id) =>
        _server.State.Commands.SelectMany(c => c.Invocations).Last(i => i.InstanceId == id).Status;
}
