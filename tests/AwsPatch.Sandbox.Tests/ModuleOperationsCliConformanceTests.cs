using AwsPatch.Sandbox;
using AwsPatch.Tests.Cmdlets;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// The AWS CLI (botocore parses each answer with the official model) on the operations the module calls that the other
/// CLI conformance tests leave out: DeleteSnapshot, DescribeImages, CreateReplaceRootVolumeTask,
/// DescribeReplaceRootVolumeTasks, DescribeInstancePatchStatesForPatchGroup, GetPatchBaseline, ListCommands and CancelCommand.
/// Same skip rule as <see cref="AwsCliConformanceTests"/>: skipped without the CLI, a failure in CI.
/// </summary>
public sealed class ModuleOperationsCliConformanceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Web1 = "i-09b8d3fb38a9eb848";   // running, root vol-0fd814f4ce9bac15b
    private const string Web1Root = "vol-0fd814f4ce9bac15b";

    private SandboxServer Server => fixture.Server;

    private Task<CliResult> Aws(params string[] arguments) => AwsCli.RunAsync(Server.Endpoint, "us-east-1", arguments);

    private string RootSnapshot(string runId)
    {
        SandboxSnapshotSets.Seed(Server, Server.State.FindInstance(Web1)!, runId, Server.Clock.UtcNow.AddHours(-1));
        return Server.State.Snapshots.Single(s => s.VolumeId == Web1Root && s.Tags.GetValueOrDefault("AwsPatch:RunId") == runId).SnapshotId;
    }

    [SkippableFact]
    public async Task DescribeImagesBySnapshotThenDeleteSnapshot()
    {
        AwsCli.Require();
        Server.Reset();
        var used = RootSnapshot("run-cli-images");
        var free = Server.State.Snapshots.Single(s => s.InstanceId == Web1 && s.VolumeId != Web1Root).SnapshotId;
        Server.State.AddImage(new SandboxImage { ImageId = "ami-0123456789abcdef0", Region = "us-east-1", Devices = [new SandboxImageDevice { SnapshotId = used }] });

        var images = (await Aws("ec2", "describe-images", "--owners", "self", "--filters", $"Name=block-device-mapping.snapshot-id,Values={used},{free}")).Json();
        var image = Assert.Single(images.GetProperty("Images").EnumerateArray());
        Assert.Equal("ami-0123456789abcdef0", image.GetProperty("ImageId").GetString());
        Assert.Equal(used, image.GetProperty("BlockDeviceMappings")[0].GetProperty("Ebs").GetProperty("SnapshotId").GetString());

        var deleted = await Aws("ec2", "delete-snapshot", "--snapshot-id", free);
        Assert.True(deleted.ExitCode == 0, deleted.Stderr);
        Assert.DoesNotContain(Server.State.Snapshots, s => s.SnapshotId == free);
        var inUse = await Aws("ec2", "delete-snapshot", "--snapshot-id", used);
        Assert.NotEqual(0, inUse.ExitCode);
        Assert.Contains("InvalidSnapshot.InUse", inUse.Stderr);
    }

    [SkippableFact]
    public async Task GetPatchBaselineByArnAndAnUnknownBaseline()
    {
        AwsCli.Require();
        var arn = PatchBaselines.DefaultFor("WINDOWS")!.IdIn("us-east-1");

        var baseline = (await Aws("ssm", "get-patch-baseline", "--baseline-id", arn)).Json();
        Assert.Equal("AWS-DefaultPatchBaseline", baseline.GetProperty("Name").GetString());
        var filters = baseline.GetProperty("ApprovalRules").GetProperty("PatchRules")[0].GetProperty("PatchFilterGroup").GetProperty("PatchFilters");
        Assert.Contains(filters.EnumerateArray(), f => f.GetProperty("Key").GetString() == "MSRC_SEVERITY");
        var unknown = await Aws("ssm", "get-patch-baseline", "--baseline-id", "pb-0123456789abcdef0");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("DoesNotExistException", unknown.Stderr);
    }

    [SkippableFact]
    public async Task CreateReplaceRootVolumeTaskThenDescribeItUntilItSucceeds()
    {
        AwsCli.Require();
        Server.Reset();
        var root = RootSnapshot("run-cli-restore");

        var created = (await Aws("ec2", "create-replace-root-volume-task", "--instance-id", Web1, "--snapshot-id", root, "--client-token", "cli-restore-1")).Json();
        var task = created.GetProperty("ReplaceRootVolumeTask");
        var taskId = task.GetProperty("ReplaceRootVolumeTaskId").GetString()!;
        Assert.Equal("pending", task.GetProperty("TaskState").GetString());
        Assert.Equal(root, task.GetProperty("SnapshotId").GetString());
        var repeated = (await Aws("ec2", "create-replace-root-volume-task", "--instance-id", Web1, "--snapshot-id", root, "--client-token", "cli-restore-1")).Json();
        Assert.Equal(taskId, repeated.GetProperty("ReplaceRootVolumeTask").GetProperty("ReplaceRootVolumeTaskId").GetString());

        Server.Clock.Advance(TimeSpan.FromMinutes(30));
        var described = (await Aws("ec2", "describe-replace-root-volume-tasks", "--replace-root-volume-task-ids", taskId)).Json();
        var found = Assert.Single(described.GetProperty("ReplaceRootVolumeTasks").EnumerateArray());
        Assert.Equal("succeeded", found.GetProperty("TaskState").GetString());
        Assert.Equal(Web1, found.GetProperty("InstanceId").GetString());
        Assert.True(found.TryGetProperty("CompleteTime", out _));
        var byInstance = (await Aws("ec2", "describe-replace-root-volume-tasks", "--filters", $"Name=instance-id,Values={Web1}", "--max-results", "5")).Json();
        Assert.Equal(taskId, Assert.Single(byInstance.GetProperty("ReplaceRootVolumeTasks").EnumerateArray()).GetProperty("ReplaceRootVolumeTaskId").GetString());
    }

    [SkippableFact]
    public async Task DescribeInstancePatchStatesForPatchGroupListsTheScannedMembers()
    {
        AwsCli.Require();
        Server.Reset();
        var group = Server.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" } && i.PatchGroup is not null)
            .GroupBy(i => i.PatchGroup!).First(g => g.Count() >= 2);
        var ids = group.Select(i => i.InstanceId).Take(2).ToList();
        Server.State.Update(s =>
        {
            foreach (var id in ids) s.RunCommands.SetPatchState(id, InstancePatchState.Scanned(id, Server.Clock.UtcNow));
        });

        var states = (await Aws("ssm", "describe-instance-patch-states-for-patch-group", "--patch-group", group.Key)).Json();

        var listed = states.GetProperty("InstancePatchStates").EnumerateArray().ToList();
        Assert.Equal(ids.Order(), listed.Select(s => s.GetProperty("InstanceId").GetString()).Order());
        Assert.All(listed, s =>
        {
            Assert.Equal(group.Key, s.GetProperty("PatchGroup").GetString());
            Assert.Equal("Scan", s.GetProperty("Operation").GetString());
            Assert.True(s.TryGetProperty("BaselineId", out _));
        });
    }

    [SkippableFact]
    public async Task ListCommandsThenCancelCommandWhileItRunsAndAfterItFinished()
    {
        AwsCli.Require();
        Server.Reset();
        var ids = Server.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running").Select(i => i.InstanceId).Take(2).ToArray();
        string Send() => Aws(["ssm", "send-command", "--document-name", "AWS-RunPatchBaseline", "--parameters", "Operation=Scan", "--instance-ids", .. ids])
            .GetAwaiter().GetResult().Json().GetProperty("Command").GetProperty("CommandId").GetString()!;
        async Task<string> StatusOf(string commandId) =>
            Assert.Single((await Aws("ssm", "list-commands", "--command-id", commandId)).Json().GetProperty("Commands").EnumerateArray()).GetProperty("Status").GetString()!;

        var running = Send();
        var cancelled = await Aws("ssm", "cancel-command", "--command-id", running);
        Assert.True(cancelled.ExitCode == 0, cancelled.Stderr);
        Assert.Equal("Cancelled", await StatusOf(running));

        var finished = Send();
        Server.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("Success", await StatusOf(finished));
        Assert.Equal(0, (await Aws("ssm", "cancel-command", "--command-id", finished)).ExitCode);
        Assert.Equal("Success", await StatusOf(finished));

        var all = (await Aws("ssm", "list-commands", "--max-results", "50")).Json().GetProperty("Commands").EnumerateArray().Select(c => c.GetProperty("CommandId").GetString()).ToList();
        Assert.Contains(running, all);
        Assert.Contains(finished, all);
        var unknown = await Aws("ssm", "cancel-command", "--command-id", Guid.NewGuid().ToString());
        Assert.Contains("InvalidCommandId", unknown.Stderr);
        Assert.Contains("The specified command ID isn't valid", unknown.Stderr);
    }
}
