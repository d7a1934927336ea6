using System.Management.Automation;
using AwsPatch.Commands.Common;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Unit;
using Xunit.Abstractions;

namespace AwsPatch.Tests.Cmdlets;

public sealed class NewPatchSnapshotTests(SandboxFixture fixture, ITestOutputHelper output) : SnapshotCmdletTestBase(fixture), IClassFixture<SandboxFixture>
{
    private const string RunId = "run-20250601T120000Z-a1b2c3";

    [Fact]
    public void A_second_set_while_an_st1_volume_has_its_one_pending_snapshot_waits_for_it_and_is_taken_no_instance_fails()
    {
        // EBS allows one pending snapshot of an st1 volume: the second run's CreateSnapshots is refused with
        // ConcurrentSnapshotLimitExceeded until the first completes. The wait runs on the module's wait clock, which
        // here moves the sandbox's simulated clock, so no real time passes.
        ModuleServices.UseWaitClock(Host.Runspace, new FakeWaitClock(onDelay: by => Server.Clock.Advance(by)));
        var web = UsEast.First(i => i.Volumes.Count > 1 && i.State == "running");
        Server.State.Update(_ => Server.State.FindInstance(web.InstanceId)!.Volumes[1].VolumeType = "st1");

        var first = Run($"New-PatchSnapshot @s -InstanceId {web.InstanceId} -RunId {RunId}");
        var second = Run($"New-PatchSnapshot @s -InstanceId {web.InstanceId} -PollIntervalSeconds 30 -Verbose");

        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
        var set = Assert.Single(second.OutputOf<PatchSnapshot>());
        Assert.Equal(web.Volumes.Count, set.SnapshotIds.Count);
        Assert.Contains(second.Verbose, v => v.Message.StartsWith(web.InstanceId + ": a volume of it has as many pending snapshots as EBS allows", StringComparison.Ordinal)
            && v.Message.Contains("ConcurrentSnapshotLimitExceeded", StringComparison.Ordinal));
        Assert.True(Server.Counters["ec2:CreateSnapshots"] >= 3, "the refused CreateSnapshots was sent again");
    }

    [Fact]
    public void Instances_from_Get_PatchInstance_get_completed_snapshot_sets_with_progress()
    {
        Server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(20);
        var staging = UsEast.Where(i => i.Tags.GetValueOrDefault("Environment") == "staging").ToList();

        var result = Run($"Get-PatchInstance @s -Tag @{{ Environment = 'staging' }} | New-PatchSnapshot @s -RunId {RunId} -Wait -PollIntervalSeconds 0.1");

        Assert.Empty(result.Errors);
        var sets = result.OutputOf<PatchSnapshot>();
        Assert.Equal(staging.Select(i => i.InstanceId).Order(), sets.Select(s => s.InstanceId).Order());
        foreach (var set in sets)
        {
            var instance = staging.Single(i => i.InstanceId == set.InstanceId);
            Assert.Equal("completed", set.State);
            Assert.Equal(100, set.Progress);
            Assert.Equal(RunId, set.RunId);
            Assert.Equal("us-east-1", set.Region);
            Assert.NotNull(set.CompletedTime);
            Assert.Equal(instance.Volumes.Select(v => v.VolumeId), set.VolumeIds);
            Assert.Equal(set.SnapshotIds[0], set.RootSnapshotId);
        }

        var snapshots = Server.State.Snapshots;
        Assert.All(snapshots, s => Assert.Equal(RunId, s.Tags["AwsPatch:RunId"]));
        Assert.All(snapshots, s => Assert.Equal(s.InstanceId, s.Tags["AwsPatch:InstanceId"]));
        Assert.All(snapshots, s => Assert.Contains("pre-patch snapshot of " + s.InstanceId, s.Description));
        Assert.Equal(staging.Count, Server.Counters["ec2:CreateSnapshots"]);

        Assert.Contains(result.Progress, p => p.ParentActivityId == -1 && p.PercentComplete > 0);
        Assert.Contains(result.Progress, p => p.ParentActivityId > 0 && staging.Any(i => i.InstanceId == p.Activity));
        var last = result.Progress.Where(p => p.ParentActivityId == -1).Last();
        Assert.Equal(ProgressRecordType.Completed, last.RecordType);
    }

    [Fact]
    public void WhatIf_makes_no_write_call_and_outputs_nothing()
    {
        var ids = string.Join(",", UsEast.Take(3).Select(i => i.InstanceId));

        var result = Run($"New-PatchSnapshot @s -InstanceId {ids} -Wait -WhatIf");

        Assert.Empty(result.Output);
        Assert.Equal(0, Server.Counters.Writes);
        Assert.Contains("Create pre-patch EBS snapshots", result.HostText);
    }

    [Fact]
    public void Unknown_instances_quota_and_failed_snapshots_are_errors_for_that_instance_only()
    {
        Server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(30);
        var good = UsEast.Where(i => i.Volumes.Count > 0).Take(3).Select(i => i.InstanceId).ToList();
        Server.Faults.FailSnapshotsOf(good[1]);
        Server.State.AddInstance(new SandboxInstance { InstanceId = "i-0000000000000a001", Region = "us-east-1", RootDeviceType = "instance-store" });

        var result = Run($"'{good[0]}', 'i-0000000000000dead', '{good[1]}', 'i-0000000000000a001', '{good[2]}' | New-PatchSnapshot @s -Wait -PollIntervalSeconds 0.1");

        Assert.Equal(new[] { good[0], good[2] }.Order(), result.OutputOf<PatchSnapshot>().Select(s => s.InstanceId).Order());
        Assert.All(result.OutputOf<PatchSnapshot>(), s => Assert.Equal("completed", s.State));
        var errors = result.Errors.ToDictionary(e => (string)e.TargetObject, e => e);
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("InstanceNotFound,", errors["i-0000000000000dead"].FullyQualifiedErrorId);
        Assert.StartsWith("SnapshotFailed,", errors[good[1]].FullyQualifiedErrorId);
        Assert.StartsWith("NoEbsVolumes,", errors["i-0000000000000a001"].FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, errors["i-0000000000000dead"].CategoryInfo.Category);

        Server.Reset();
        Server.State.SetSnapshotLimit("us-east-1", 1);
        var quota = Run($"New-PatchSnapshot @s -InstanceId {good[0]}");
        Assert.StartsWith("SnapshotQuotaExceeded,", Assert.Single(quota.Errors).FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, quota.Errors[0].CategoryInfo.Category);
    }

    [Fact]
    public void Without_Wait_sets_come_back_pending_and_pipe_objects_with_InstanceId_bind()
    {
        var ids = UsEast.Where(i => i.Volumes.Count > 1).Take(2).Select(i => i.InstanceId).ToList();
        Host.SetVariable("ids", ids.ToArray());

        var result = Run("$ids | ForEach-Object { [pscustomobject]@{ InstanceId = $_ } } | New-PatchSnapshot @s -RootVolumeOnly");

        var sets = result.OutputOf<PatchSnapshot>();
        Assert.Equal(2, sets.Count);
        Assert.All(sets, s => Assert.Equal("pending", s.State));
        Assert.All(sets, s => Assert.Single(s.SnapshotIds));
        Assert.All(sets, s => Assert.Matches(AwsPatch.Common.RunIds.GeneratedPattern, s.RunId));
        Assert.Single(sets.Select(s => s.RunId).Distinct());
        Assert.Equal(0, Server.Counters["ec2:DescribeSnapshots"]);
    }

    [Fact]
    public void Fifty_instances_are_created_once_each_and_polled_with_one_describe_per_cycle()
    {
        for (var n = 0; n < 50; n++)
        {
            var instance = new SandboxInstance { InstanceId = $"i-{0xbe0000 + n:x17}", Region = "us-east-1", Tags = new() { ["Environment"] = "bench" } };
            instance.Volumes.Add(new SandboxVolume { VolumeId = $"vol-{0xbe0000 + n:x17}", SizeGiB = 8 });
            instance.Volumes.Add(new SandboxVolume { VolumeId = $"vol-{0xbf0000 + n:x17}", DeviceName = "/dev/xvdb", SizeGiB = 20 + n });
            Server.State.AddInstance(instance);
        }

        Server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(10);
        Server.Counters.Reset();

        var result = Run("Get-PatchInstance @s -Tag @{ Environment = 'bench' } | New-PatchSnapshot @s -Wait -PollIntervalSeconds 0.1");

        Assert.Empty(result.Errors);
        Assert.Equal(50, result.OutputOf<PatchSnapshot>().Count(s => s.State == "completed"));
        var counts = Server.Counters.Snapshot();
        output.WriteLine(string.Join(Environment.NewLine, counts.Select(c => $"{c.Key} = {c.Value}")));
        Assert.Equal(50, Server.Counters["ec2:CreateSnapshots"]);
        Assert.Equal(2, Server.Counters["ec2:DescribeInstances"]);   // Get-PatchInstance's listing + the service's lookup
        // 100 snapshots: one page per poll cycle; at 10 s of simulated time per request the slowest set (30 s + 69 s) needs about ten cycles.
        Assert.InRange(Server.Counters["ec2:DescribeSnapshots"], 1, 15);
    }
}
