using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// The run, snapshot and restore paths against a sandbox in eventual-consistency mode (<see cref="EventualConsistency"/>):
/// a command's invocations, new snapshots and a new restore task are invisible for the first reads and list pages are
/// short. A not-yet-visible resource is still pending, never lost, failed or finished.
/// </summary>
public sealed class EventualConsistencyCmdletTests : PatchRunTestBase, IClassFixture<SandboxFixture>
{
    private const string RunId = "run-20250531T120000Z-000042";

    public EventualConsistencyCmdletTests(SandboxFixture fixture) : base(fixture)
    {
        Server.Consistency.Enabled = true;
        WaitOnSandboxClock();
    }

    [Fact]
    public void Snapshot_first_install_with_wait_succeeds_on_every_instance()
    {
        var ids = Online("web-prod").Take(3).ToList();

        var result = Run($"$ids | Invoke-PatchRun -Operation Install -SnapshotFirst -Wait -PollIntervalSeconds 5 -Force {Session}", ("ids", ids.ToArray()));

        Assert.Empty(result.Errors);
        var results = result.OutputOf<PatchRunResult>();
        Assert.Equal(ids.Order(), results.Select(r => r.InstanceId).Order());
        Assert.All(results, r =>
        {
            Assert.Equal("Success", r.Status);
            Assert.NotEmpty(r.SnapshotIds);
        });
    }

    [Fact]
    public void A_run_found_right_after_it_was_sent_is_followed_not_reported_missing()
    {
        var ids = Online("web-prod");
        var pending = Run($"Invoke-PatchRun -InstanceId $ids -Operation Scan {Session}", ("ids", ids.ToArray())).OutputOf<PatchRunResult>();
        Assert.All(pending, r => Assert.Equal("Pending", r.Status));

        var got = Run($"Get-PatchRun -RunId $runId {Session}", ("runId", pending[0].RunId));
        Assert.Empty(got.Errors);
        Assert.Equal(ids.Order(), got.OutputOf<PatchRunResult>().Select(r => r.InstanceId).Order());

        var second = Run($"Invoke-PatchRun -InstanceId $ids -Operation Scan {Session}", ("ids", ids.ToArray())).OutputOf<PatchRunResult>();
        var waited = Run($"$second | Wait-PatchRun -PollIntervalSeconds 5 {Session}", ("second", second.ToArray()));
        Assert.Empty(waited.Errors);
        Assert.All(waited.OutputOf<PatchRunResult>(), r => Assert.Equal("Success", r.Status));
        Assert.Equal(ids.Count, waited.OutputOf<PatchRunResult>().Count);
    }

    [Fact]
    public void A_run_stopped_right_after_it_was_sent_is_cancelled()
    {
        var ids = Online("web-prod");
        var sent = Run($"Invoke-PatchRun -InstanceId $ids -Operation Install -MaxConcurrency 1 -Force {Session}", ("ids", ids.ToArray())).OutputOf<PatchRunResult>();

        var stopped = Run($"$sent | Stop-PatchRun -PassThru -Force {Session}", ("sent", sent.ToArray()));

        Assert.Empty(stopped.Errors);
        Assert.Equal(1, Server.Counters["ssm:CancelCommand"]);
        Assert.Contains(stopped.OutputOf<PatchRunResult>(), r => r.Status == "Cancelled");
    }

    [Fact]
    public void New_snapshot_with_wait_completes_every_set()
    {
        var ids = Server.State.InstancesIn("us-east-1").Where(i => i.State == "running" && i.Volumes.Count > 0).Take(3).Select(i => i.InstanceId).ToList();

        var result = Run($"New-PatchSnapshot -InstanceId $ids -RunId {RunId} -Wait -PollIntervalSeconds 5 {Session}", ("ids", ids.ToArray()));

        Assert.Empty(result.Errors);
        var sets = result.OutputOf<PatchSnapshot>();
        Assert.Equal(ids.Order(), sets.Select(s => s.InstanceId).Order());
        Assert.All(sets, s =>
        {
            Assert.Equal("completed", s.State);
            Assert.Equal(Server.State.FindInstance(s.InstanceId)!.Volumes.Count, s.SnapshotIds.Count);
        });
    }

    [Fact]
    public void Restore_with_wait_follows_the_new_task_to_succeeded()
    {
        var id = Server.State.InstancesIn("us-east-1").First(i => i.State == "running" && i.Volumes.Count > 1).InstanceId;
        SnapshotCmdletTestBase.AddSnapshotSets(Server, RunId, Server.Clock.UtcNow.AddHours(-1), [id]);

        var result = Run($"Restore-PatchSnapshot -InstanceId {id} -RunId {RunId} -Force -Wait -PollIntervalSeconds 5 {Session}");

        Assert.Empty(result.Errors);
        var restored = Assert.Single(result.OutputOf<PatchRestoreResult>());
        Assert.Equal("succeeded", restored.State);
        Assert.NotNull(restored.CompleteTime);
    }
}
