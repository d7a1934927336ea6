using System.Management.Automation;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>Get-, Remove- and Restore-PatchSnapshot against the sandbox.</summary>
public sealed class SnapshotLifecycleTests(SandboxFixture fixture) : SnapshotCmdletTestBase(fixture), IClassFixture<SandboxFixture>
{
    private const string Old = "run-20250401T120000Z-000001";
    private const string Mid = "run-20250501T120000Z-000002";
    private const string New = "run-20250531T120000Z-000003";

    private List<string> Seed()
    {
        var ids = UsEast.Where(i => i.Volumes.Count > 1 && i.State == "running").Take(2).Select(i => i.InstanceId).ToList();
        // Ages are AWS's: measured against the sandbox's simulated clock (its Date header), not the machine's.
        var now = Server.Clock.UtcNow;
        Snapshot(Old, now.AddDays(-61), [.. ids]);
        Snapshot(Mid, now.AddDays(-31), [.. ids]);
        Snapshot(New, now.AddDays(-1), [.. ids]);
        return ids;
    }

    [Fact]
    public void Get_groups_per_instance_and_run_and_filters_by_run_age_and_state()
    {
        var ids = Seed();
        var volume = Server.State.FindInstance(ids[0])!.Volumes[0];
        Server.State.AddSnapshot(new SandboxSnapshot { SnapshotId = "snap-0000000000000f00d", VolumeId = volume.VolumeId, Region = "us-east-1", StartTime = Server.Clock.UtcNow.AddDays(-2) });
        Host.SetVariable("id0", ids[0]);

        var all = Run("Get-PatchSnapshot @s").OutputOf<PatchSnapshot>();
        var old = Run("Get-PatchSnapshot @s -OlderThan 30").OutputOf<PatchSnapshot>();
        var recent = Run("Get-PatchSnapshot @s -InstanceId $id0 -NewerThan ([timespan]::FromDays(7))").OutputOf<PatchSnapshot>();
        var byRun = Run($"Get-PatchSnapshot @s -RunId {Mid} -State completed").OutputOf<PatchSnapshot>();
        var withForeign = Run("Get-PatchSnapshot @s -InstanceId $id0 -All").OutputOf<PatchSnapshot>();

        Assert.Equal(6, all.Count);
        Assert.All(all, s => Assert.Equal("completed", s.State));
        Assert.All(all, s => Assert.Equal(Server.State.FindInstance(s.InstanceId)!.Volumes.Count, s.SnapshotIds.Count));
        Assert.All(all, s => Assert.Equal(s.SnapshotIds[0], s.RootSnapshotId));
        Assert.Equal(4, old.Count);
        Assert.Equal(New, Assert.Single(recent).RunId);
        Assert.Equal(ids.Order(), byRun.Select(s => s.InstanceId).Order());
        Assert.Equal(4, withForeign.Count);
        Assert.Contains(withForeign, s => s.RunId == "" && s.SnapshotIds.SequenceEqual(["snap-0000000000000f00d"]));
        Assert.Equal(0, Server.Counters.Writes);
    }

    [Fact]
    public void Remove_by_retention_keeps_the_newest_and_never_deletes_a_snapshot_an_AMI_uses()
    {
        var ids = Seed();
        var mid = Server.State.Snapshots.Where(s => s.Tags["AwsPatch:RunId"] == Mid && s.InstanceId == ids[0]).ToList();
        Server.State.AddImage(new SandboxImage { ImageId = "ami-0123456789abcdef0", Region = "us-east-1", Devices = [new SandboxImageDevice { SnapshotId = mid[0].SnapshotId }] });
        Host.SetVariable("ids", ids.ToArray());

        var whatIf = Run("Remove-PatchSnapshot @s -InstanceId $ids -KeepLast 1 -WhatIf");
        Assert.Equal(0, Server.Counters.Writes);
        Assert.Contains(Old, whatIf.HostText);
        Server.Counters.Reset();

        var result = Run("Remove-PatchSnapshot @s -InstanceId $ids -KeepLast 1 -Force -PassThru");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("SnapshotInUse,", error.FullyQualifiedErrorId);
        Assert.Equal(mid[0].SnapshotId, error.TargetObject);
        Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.Equal(3, result.OutputOf<PatchSnapshot>().Count);   // both Old sets and ids[1]'s Mid set
        var left = Server.State.Snapshots;
        Assert.All(left, s => Assert.True(s.Tags["AwsPatch:RunId"] == New || s.SnapshotId == mid[0].SnapshotId, s.ToString()));
        Assert.Contains(left, s => s.SnapshotId == mid[0].SnapshotId);
        Assert.Equal(1, Server.Counters["ec2:DescribeSnapshots"]);   // one listing for both instances
        Assert.Equal(1, Server.Counters["ec2:DescribeImages"]);      // one AMI check for every snapshot
    }

    [Fact]
    public void Remove_by_age_without_instance_ids_applies_to_every_instance_in_the_region()
    {
        var ids = Seed();

        var result = Run("Remove-PatchSnapshot @s -OlderThan 45 -Force -PassThru");

        Assert.Empty(result.Errors);
        var removed = result.OutputOf<PatchSnapshot>();
        Assert.Equal(ids.Order(), removed.Select(s => s.InstanceId).Order());
        Assert.All(removed, s => Assert.Equal(Old, s.RunId));
        Assert.DoesNotContain(Server.State.Snapshots, s => s.Tags["AwsPatch:RunId"] == Old);
        Assert.Equal(2 * 2, Server.State.Snapshots.Select(s => (s.InstanceId, s.Tags["AwsPatch:RunId"])).Distinct().Count());
    }

    [Fact]
    public void Remove_from_the_pipeline_without_Force_asks_and_No_deletes_nothing()
    {
        Seed();
        Host.ConfirmAnswer = Hosting.ConfirmAnswer.No;

        var result = Run($"Get-PatchSnapshot @s -RunId {Old} | Remove-PatchSnapshot @s");

        Assert.Empty(result.Errors);
        Assert.Equal(0, Server.Counters.Writes);
        Assert.Equal(6, Server.State.Snapshots.Count / 2);
    }

    [Fact]
    public void Restore_replaces_the_root_volume_warns_about_data_volumes_and_waits_for_the_task()
    {
        var ids = Seed();
        Server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(15);
        Server.Faults.FailReplaceRootVolumeTasksOf(ids[1]);
        var root = Server.State.Snapshots.Single(s => s.Tags["AwsPatch:RunId"] == New && s.InstanceId == ids[0] && s.VolumeId == Server.State.FindInstance(ids[0])!.Volumes[0].VolumeId);
        Host.SetVariable("ids", ids.ToArray());

        var whatIf = Run($"Restore-PatchSnapshot @s -InstanceId $ids -RunId {New} -WhatIf");
        Assert.Equal(0, Server.Counters.Writes);
        Assert.Empty(whatIf.Output);

        var result = Run($"Restore-PatchSnapshot @s -InstanceId $ids -RunId {New} -Force -Wait -PollIntervalSeconds 0.1");

        var restored = Assert.Single(result.OutputOf<PatchRestoreResult>());
        Assert.Equal(ids[0], restored.InstanceId);
        Assert.Equal("succeeded", restored.State);
        Assert.Equal(root.SnapshotId, restored.SnapshotId);
        Assert.StartsWith("replacevol-", restored.TaskId);
        Assert.NotNull(restored.CompleteTime);
        Assert.Equal(root.SnapshotId, Server.State.FindInstance(ids[0])!.Volumes[0].SnapshotId);
        var failed = Assert.Single(result.Errors);
        Assert.StartsWith("RestoreFailed,", failed.FullyQualifiedErrorId);
        Assert.Equal(ids[1], failed.TargetObject);
        Assert.Equal(2, result.Warnings.Count(w => w.Message.Contains("NOT restored")));
        Assert.Contains(result.Progress, p => p.ParentActivityId > 0);

        // The restored set is still found (its root is no longer attached) and a running restore blocks its removal.
        var again = Run($"Get-PatchSnapshot @s -InstanceId {ids[0]} -RunId {New}").OutputOf<PatchSnapshot>();
        Assert.Equal(root.SnapshotId, Assert.Single(again).RootSnapshotId);
        Server.Clock.AdvancePerRequest = TimeSpan.Zero;
        Run($"Get-PatchSnapshot @s -InstanceId {ids[0]} -RunId {Mid} | Restore-PatchSnapshot @s -Force");
        var busy = Run($"Get-PatchSnapshot @s -InstanceId {ids[0]} -RunId {Mid} | Remove-PatchSnapshot @s -Force");
        Assert.Contains(busy.Errors, e => e.FullyQualifiedErrorId.StartsWith("SnapshotRestoreInProgress,"));
    }

    [Fact]
    public void Restore_of_an_unknown_run_is_an_error_per_instance()
    {
        var ids = Seed();

        var result = Run($"Restore-PatchSnapshot @s -InstanceId {ids[0]} -RunId run-20240101T000000Z-ffffff -Force");

        Assert.StartsWith("SnapshotSetNotFound,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(0, Server.Counters.Writes);
    }
}
