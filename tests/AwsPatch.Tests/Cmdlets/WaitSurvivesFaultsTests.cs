using AwsPatch.Commands.Common;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Unit;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Every wait (Invoke-PatchRun -Wait, Wait-PatchRun, New-PatchSnapshot -Wait, Restore-PatchSnapshot -Wait) against the
/// sandbox with bursts of throttled and 5xx polls. The cmdlets' waits run on an injected clock whose delays move the
/// sandbox's simulated clock by as much: nothing sleeps, and the simulated commands, snapshots and restores progress
/// exactly as the polled time passes. A burst of 10 faulted requests is two failed polls after the SDK's 5 attempts each
/// (the SDK's own retries do sleep, a few seconds per burst).
/// </summary>
public sealed class WaitSurvivesFaultsTests : PatchRunTestBase, IClassFixture<SandboxFixture>
{
    private const int Burst = 10;
    private readonly FakeWaitClock _clock;

    public WaitSurvivesFaultsTests(SandboxFixture fixture) : base(fixture)
    {
        _clock = WaitOnSandboxClock();
        Host.Invoke($"$s = @{{ EndpointUrl = $endpoint; AccessKey = 'AKIDSANDBOX'; SecretKey = 'sandbox-secret-value'; Region = 'us-east-1' }}");
    }

    private void Fault(string operation, string kind, int count)
    {
        var faults = Server.Faults.For(operation);
        if (kind == "throttle") faults.ThrottleRate = 1;
        else faults.ServerErrorRate = 1;
        faults.Count = count;
    }

    [Theory]
    [InlineData("throttle")]
    [InlineData("5xx")]
    public void Invoke_PatchRun_Wait_polls_through_a_burst_and_returns_every_final_result(string kind)
    {
        var ids = Online("web-prod");
        Server.State.SetCommandFault(ids[0], CommandFault.Fail);
        Fault("ssm:ListCommandInvocations", kind, Burst);

        var result = Run("Invoke-PatchRun @s -InstanceId $ids -Operation Install -Wait -PollIntervalSeconds 10 -Force", ("ids", ids.ToArray()));

        var results = result.OutputOf<PatchRunResult>();
        Assert.Equal(ids.Order(), results.Select(r => r.InstanceId).Order());
        Assert.All(results, r => Assert.True(r.IsComplete));
        Assert.Equal("Failed", results.Single(r => r.InstanceId == ids[0]).Status);
        Assert.All(results.Where(r => r.InstanceId != ids[0]), r => Assert.Equal("Success", r.Status));
        // The instance that failed is its own error; the failed polls are not.
        Assert.Equal([ids[0]], result.Errors.Select(e => e.TargetObject.ToString()));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("ssm:ListCommandInvocations", warning.Message);
        Assert.Contains(kind == "throttle" ? "ThrottlingException" : "HTTP 500", warning.Message);
        Assert.Equal(0, Server.Faults.For("ssm:ListCommandInvocations").Count);   // the whole burst was answered
        Assert.Equal(1, Server.Counters["ssm:SendCommand"]);                       // nothing sent twice
    }

    [Fact]
    public void A_denied_poll_still_ends_the_wait_with_RunWaitFailed_and_the_results_so_far()
    {
        var ids = Online("web-prod");
        Server.Faults.For("ssm:ListCommandInvocations").Denied = true;

        var result = Run("Invoke-PatchRun @s -InstanceId $ids -Operation Install -Wait -PollIntervalSeconds 10 -Force", ("ids", ids.ToArray()));

        Assert.Equal(ids.Order(), result.OutputOf<PatchRunResult>().Select(r => r.InstanceId).Order());
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("RunWaitFailed,", error.FullyQualifiedErrorId);
        Assert.Contains("Wait-PatchRun -RunId", error.ErrorDetails.RecommendedAction);
        Assert.Empty(_clock.Delays);
    }

    [Fact]
    public void Wait_PatchRun_on_a_finished_run_makes_the_minimum_calls_and_no_delay()
    {
        var ids = Online("web-prod");
        var runId = Run("Invoke-PatchRun @s -InstanceId $ids -Operation Scan -Wait -PollIntervalSeconds 10", ("ids", ids.ToArray()))
            .OutputOf<PatchRunResult>()[0].RunId;
        var delays = _clock.Delays.Count;
        Server.Counters.Reset();

        var waited = Run("Wait-PatchRun @s -RunId $runId -PollIntervalSeconds 10", ("runId", runId)).OutputOf<PatchRunResult>();

        Assert.Equal(ids.Order(), waited.Select(r => r.InstanceId).Order());
        Assert.All(waited, r => Assert.Equal("Success", r.Status));
        Assert.Equal(delays, _clock.Delays.Count);
        // Find the run (one ListCommands page), then per command one listing and, since its invocations finished, one with output.
        var commands = (ids.Count + 49) / 50;
        Assert.Equal(1, Server.Counters["ssm:ListCommands"]);
        Assert.Equal(2 * commands, Server.Counters["ssm:ListCommandInvocations"]);
        Assert.Equal(1 + 2 * commands, Server.Counters.Total);
    }

    [Fact]
    public void New_PatchSnapshot_Wait_polls_through_a_throttling_burst_with_one_warning()
    {
        var ids = Online("web-prod");
        Fault("ec2:DescribeSnapshots", "throttle", Burst);

        var result = Run("New-PatchSnapshot @s -InstanceId $ids -Wait -PollIntervalSeconds 15", ("ids", ids.ToArray()));

        var sets = result.OutputOf<PatchSnapshot>();
        Assert.Equal(ids.Order(), sets.Select(s => s.InstanceId).Order());
        Assert.All(sets, s => Assert.Equal("completed", s.State));
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("ec2:DescribeSnapshots", warning.Message);
        Assert.Contains("RequestLimitExceeded", warning.Message);
    }

    [Fact]
    public void Restore_PatchSnapshot_Wait_polls_through_a_throttling_burst_with_one_warning()
    {
        var ids = Server.State.InstancesIn("us-east-1").Where(i => i.Volumes.Count == 1 && i.State == "running").Take(2).Select(i => i.InstanceId).ToArray();
        const string runId = "run-20250531T120000Z-000003";
        SnapshotCmdletTestBase.AddSnapshotSets(Server, runId, Server.Clock.UtcNow.AddDays(-1), ids);
        Fault("ec2:DescribeReplaceRootVolumeTasks", "throttle", Burst);

        var result = Run($"Restore-PatchSnapshot @s -InstanceId $ids -RunId {runId} -Force -Wait -PollIntervalSeconds 15", ("ids", ids));

        var restores = result.OutputOf<PatchRestoreResult>();
        Assert.Equal(ids.Order(), restores.Select(r => r.InstanceId).Order());
        Assert.All(restores, r => Assert.Equal("succeeded", r.State));
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("ec2:DescribeReplaceRootVolumeTasks", warning.Message);
    }

    [Fact]
    public void A_denied_restore_poll_ends_the_wait_with_an_error_per_restore()
    {
        var ids = Server.State.InstancesIn("us-east-1").Where(i => i.Volumes.Count == 1 && i.State == "running").Take(2).Select(i => i.InstanceId).ToArray();
        const string runId = "run-20250531T120000Z-000004";
        SnapshotCmdletTestBase.AddSnapshotSets(Server, runId, Server.Clock.UtcNow.AddDays(-1), ids);
        Server.Faults.For("ec2:DescribeReplaceRootVolumeTasks").Denied = true;

        var result = Run($"Restore-PatchSnapshot @s -InstanceId $ids -RunId {runId} -Force -Wait -PollIntervalSeconds 15", ("ids", ids));

        Assert.Equal(ids.Order(), result.Errors.Select(e => e.TargetObject.ToString()).Order());
        Assert.All(result.Errors, e => Assert.StartsWith("RestoreWaitFailed,", e.FullyQualifiedErrorId));
    }
}
