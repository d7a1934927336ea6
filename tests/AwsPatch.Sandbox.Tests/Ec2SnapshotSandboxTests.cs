using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using AwsPatch.Sandbox;
using Ec2Filter = Amazon.EC2.Model.Filter;

namespace AwsPatch.Tests.Sandbox;

/// <summary>The sandbox's snapshot, image and replace-root-volume operations through the AWS SDK v4 (the module's client).</summary>
public sealed class Ec2SnapshotSandboxTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Web1 = "i-09b8d3fb38a9eb848";   // running, root vol-0fd814f4ce9bac15b (8 GiB) + data vol-01f0cb9edee6226e5 (100 GiB)
    private const string Web1Root = "vol-0fd814f4ce9bac15b";
    private const string Web1Data = "vol-01f0cb9edee6226e5";
    private static readonly BasicAWSCredentials Credentials = new("AKIASANDBOXEXAMPLE", "sandbox-secret");

    private SandboxServer Server => fixture.Server;

    private AmazonEC2Client Ec2() =>
        new(Credentials, new AmazonEC2Config { ServiceURL = Server.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private static CreateSnapshotsRequest Create(string instanceId, string runId, bool rootOnly = false, string? dataVolume = null) => new()
    {
        InstanceSpecification = new InstanceSpecification
        {
            InstanceId = instanceId,
            ExcludeDataVolumeIds = rootOnly && dataVolume != null ? [dataVolume] : null,
        },
        Description = "test snapshot",
        CopyTagsFromSource = CopyTagsFromSource.Volume,
        TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Snapshot, Tags = [new Tag("AwsPatch:RunId", runId), new Tag("Name", "web")] }],
    };

    [Fact]
    public async Task CreateSnapshotsTakesEveryVolumeTaggedAndTheyCompleteWithTheClock()
    {
        Server.Reset();
        Server.State.Update(_ => Server.State.FindInstance(Web1)!.Volumes[1].Tags["Team"] = "web");
        using var ec2 = Ec2();

        var created = await ec2.CreateSnapshotsAsync(Create(Web1, "run-a"));

        Assert.Equal(2, created.Snapshots.Count);
        Assert.All(created.Snapshots, s => Assert.Equal(SnapshotState.Pending, s.State));
        Assert.Equal([Web1Data, Web1Root], created.Snapshots.Select(s => s.VolumeId).Order());
        Assert.All(created.Snapshots, s => Assert.Contains(s.Tags, t => t.Key == "AwsPatch:RunId" && t.Value == "run-a"));
        Assert.Contains(created.Snapshots.Single(s => s.VolumeId == Web1Data).Tags, t => t.Key == "Team");
        Assert.All(created.Snapshots, s => Assert.StartsWith("snap-", s.SnapshotId));

        Server.Clock.Advance(TimeSpan.FromSeconds(40));   // 8 GiB: 30 s + 8 s; 100 GiB: 130 s
        var half = await Describe(ec2, "run-a");
        Assert.Equal(SnapshotState.Completed, half.Single(s => s.VolumeId == Web1Root).State);
        Assert.Equal("100%", half.Single(s => s.VolumeId == Web1Root).Progress);
        var data = half.Single(s => s.VolumeId == Web1Data);
        Assert.Equal(SnapshotState.Pending, data.State);
        Assert.Equal("30%", data.Progress);

        Server.Clock.Advance(TimeSpan.FromSeconds(100));
        Assert.All(await Describe(ec2, "run-a"), s => Assert.Equal(SnapshotState.Completed, s.State));
    }

    [Fact]
    public async Task DescribeSnapshotsFiltersByTagOwnerAndStatusAndPages()
    {
        Server.Reset();
        using var ec2 = Ec2();
        var instances = Server.State.InstancesIn("us-east-1").Where(i => i.Volumes.Count > 0 && i.State == "running").Take(6).ToList();
        foreach (var instance in instances)
            await ec2.CreateSnapshotsAsync(Create(instance.InstanceId, "run-b"));
        await ec2.CreateSnapshotsAsync(Create(Web1, "run-other"));
        var expected = instances.Sum(i => i.Volumes.Count);

        var pages = 0;
        var all = new List<Snapshot>();
        string? token = null;
        do
        {
            var page = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest
            {
                OwnerIds = ["self"],
                Filters = [new Ec2Filter("tag:AwsPatch:RunId", ["run-b"]), new Ec2Filter("status", ["pending"])],
                MaxResults = 5,
                NextToken = token,
            });
            pages++;
            all.AddRange(page.Snapshots);
            token = page.NextToken;
        }
        while (token != null);

        Assert.Equal(expected, all.Count);
        Assert.Equal((expected + 4) / 5, pages);
        Assert.Equal(expected, all.Select(s => s.SnapshotId).Distinct().Count());
        Assert.Empty((await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["amazon"] })).Snapshots ?? []);

        var combined = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = [all[0].SnapshotId], MaxResults = 5 }));
        Assert.Equal("InvalidParameterCombination", combined.ErrorCode);
        var missing = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = ["snap-0000000000000dead"] }));
        Assert.Equal("InvalidSnapshot.NotFound", missing.ErrorCode);
    }

    [Fact]
    public async Task CreateSnapshotsAnswersEc2ErrorsAndFaultInjectionEndsSnapshotsInError()
    {
        Server.Reset();
        using var ec2 = Ec2();
        var unknown = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateSnapshotsAsync(Create("i-0000000000000dead", "run-c")));
        Assert.Equal("InvalidInstanceID.NotFound", unknown.ErrorCode);

        Server.State.AddInstance(new SandboxInstance { InstanceId = "i-0000000000000a001", Region = "us-east-1", RootDeviceType = "instance-store" });
        var store = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateSnapshotsAsync(Create("i-0000000000000a001", "run-c")));
        Assert.Equal("IncorrectState", store.ErrorCode);

        Server.State.SetSnapshotLimit("us-east-1", 1);
        var quota = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateSnapshotsAsync(Create(Web1, "run-c")));
        Assert.Equal("SnapshotLimitExceeded", quota.ErrorCode);
        Server.State.SetSnapshotLimit("us-east-1", null);

        Server.Faults.FailSnapshotsOf(Web1);
        var created = await ec2.CreateSnapshotsAsync(Create(Web1, "run-c", rootOnly: true, dataVolume: Web1Data));
        Assert.Single(created.Snapshots);
        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        var failed = Assert.Single(await Describe(ec2, "run-c"));
        Assert.Equal(SnapshotState.Error, failed.State);
        Assert.False(string.IsNullOrEmpty(failed.StateMessage));
    }

    [Fact]
    public async Task DeleteSnapshotRefusesSnapshotsAnAmiUses()
    {
        Server.Reset();
        using var ec2 = Ec2();
        var created = (await ec2.CreateSnapshotsAsync(Create(Web1, "run-d"))).Snapshots;
        var used = created[0].SnapshotId;
        Server.State.AddImage(new SandboxImage { ImageId = "ami-0123456789abcdef0", Region = "us-east-1", Devices = [new SandboxImageDevice { SnapshotId = used }] });

        var images = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"], Filters = [new Ec2Filter("block-device-mapping.snapshot-id", [used, created[1].SnapshotId])] });
        Assert.Equal("ami-0123456789abcdef0", Assert.Single(images.Images).ImageId);
        Assert.Equal(used, images.Images[0].BlockDeviceMappings[0].Ebs.SnapshotId);

        var inUse = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = used }));
        Assert.Equal("InvalidSnapshot.InUse", inUse.ErrorCode);
        Assert.Equal($"The snapshot {used} is currently in use by ami-0123456789abcdef0", inUse.Message);

        await ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = created[1].SnapshotId });
        var gone = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = created[1].SnapshotId }));
        Assert.Equal("InvalidSnapshot.NotFound", gone.ErrorCode);
        Assert.Equal(1, Server.Counters["ec2:CreateSnapshots"]);
        Assert.Equal(4, Server.Counters.Writes);   // create + three deletes (refused, done, not found)
    }

    [Fact]
    public async Task ReplaceRootVolumeTasksRunPendingInProgressSucceededAndReplaceTheRootVolume()
    {
        Server.Reset();
        using var ec2 = Ec2();
        var created = (await ec2.CreateSnapshotsAsync(Create(Web1, "run-e"))).Snapshots;
        var root = created.Single(s => s.VolumeId == Web1Root).SnapshotId;
        var data = created.Single(s => s.VolumeId == Web1Data).SnapshotId;

        var notReady = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateReplaceRootVolumeTaskAsync(new CreateReplaceRootVolumeTaskRequest { InstanceId = Web1, SnapshotId = root }));
        Assert.Equal("IncorrectState", notReady.ErrorCode);
        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        var wrongVolume = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateReplaceRootVolumeTaskAsync(new CreateReplaceRootVolumeTaskRequest { InstanceId = Web1, SnapshotId = data }));
        Assert.Equal("InvalidParameterValue", wrongVolume.ErrorCode);
        Server.State.Update(_ => Server.State.FindInstance("i-0c12fdb35dfabb119")!.State = "pending");
        var pendingInstance = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateReplaceRootVolumeTaskAsync(new CreateReplaceRootVolumeTaskRequest { InstanceId = "i-0c12fdb35dfabb119", SnapshotId = root }));
        Assert.Equal("IncorrectInstanceState", pendingInstance.ErrorCode);

        var task = (await ec2.CreateReplaceRootVolumeTaskAsync(new CreateReplaceRootVolumeTaskRequest { InstanceId = Web1, SnapshotId = root })).ReplaceRootVolumeTask;
        Assert.Equal(ReplaceRootVolumeTaskState.Pending, task.TaskState);
        Assert.StartsWith("replacevol-", task.ReplaceRootVolumeTaskId);

        Server.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(ReplaceRootVolumeTaskState.InProgress, (await Tasks(ec2, task.ReplaceRootVolumeTaskId)).TaskState);
        Server.Clock.Advance(TimeSpan.FromSeconds(60));
        var done = await Tasks(ec2, task.ReplaceRootVolumeTaskId);
        Assert.Equal(ReplaceRootVolumeTaskState.Succeeded, done.TaskState);
        Assert.False(string.IsNullOrEmpty(done.CompleteTime));
        var rootVolume = Server.State.FindInstance(Web1)!.Volumes[0];
        Assert.NotEqual(Web1Root, rootVolume.VolumeId);
        Assert.Equal(root, rootVolume.SnapshotId);

        var byInstance = await ec2.DescribeReplaceRootVolumeTasksAsync(new DescribeReplaceRootVolumeTasksRequest { Filters = [new Ec2Filter("instance-id", [Web1])], MaxResults = 50 });
        Assert.Single(byInstance.ReplaceRootVolumeTasks);
    }

    private static async Task<ReplaceRootVolumeTask> Tasks(AmazonEC2Client ec2, string taskId) =>
        Assert.Single((await ec2.DescribeReplaceRootVolumeTasksAsync(new DescribeReplaceRootVolumeTasksRequest { ReplaceRootVolumeTaskIds = [taskId] })).ReplaceRootVolumeTasks);

    private static async Task<List<Snapshot>> Describe(AmazonEC2Client ec2, string runId) =>
        (await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["self"], Filters = [new Ec2Filter("tag:AwsPatch:RunId", [runId])] })).Snapshots;

    [Fact]
    public async Task A_gp3_volume_takes_five_pending_snapshots_and_the_sixth_is_ConcurrentSnapshotLimitExceeded_until_one_completes()
    {
        Server.Reset();
        using var ec2 = Ec2();
        for (var n = 0; n < 5; n++)
            await ec2.CreateSnapshotsAsync(Create(Web1, $"run-{n}"));

        var refused = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateSnapshotsAsync(Create(Web1, "run-6")));

        Assert.Equal(("ConcurrentSnapshotLimitExceeded", 400), (refused.ErrorCode, (int)refused.StatusCode));
        Assert.Contains(Web1Root, refused.Message);
        Assert.Equal(10, Server.State.Snapshots.Count(s => s.InstanceId == Web1));   // the refused call created nothing
        Server.Clock.Advance(TimeSpan.FromSeconds(40));   // the 8 GiB root's snapshots complete; the data volume's are pending
        var rootOnly = await ec2.CreateSnapshotsAsync(Create(Web1, "run-6", rootOnly: true, dataVolume: Web1Data));
        Assert.Single(rootOnly.Snapshots);
        Assert.Equal("ConcurrentSnapshotLimitExceeded", (await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateSnapshotsAsync(Create(Web1, "run-7")))).ErrorCode);
    }

    [Fact]
    public async Task An_st1_volume_takes_one_pending_snapshot()
    {
        Server.Reset();
        Server.State.Update(_ => Server.State.FindInstance(Web1)!.Volumes.Single(v => v.VolumeId == Web1Data).VolumeType = "st1");
        using var ec2 = Ec2();

        await ec2.CreateSnapshotsAsync(Create(Web1, "run-a"));
        var refused = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateSnapshotsAsync(Create(Web1, "run-b")));
        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await ec2.CreateSnapshotsAsync(Create(Web1, "run-b"));

        Assert.Equal("ConcurrentSnapshotLimitExceeded", refused.ErrorCode);
        Assert.Contains($"{Web1Data} (1 pending for st1)", refused.Message);
        Assert.Equal(2, again.Snapshots.Count);
    }
}
