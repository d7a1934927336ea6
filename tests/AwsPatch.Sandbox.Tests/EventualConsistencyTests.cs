using System.Net.Http.Json;
using System.Text.Json;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// The sandbox's eventual-consistency mode: a command just sent, a new snapshot and a new replace-root-volume task are
/// invisible for <see cref="EventualConsistency.DefaultInvisiblePolls"/> reads, list pages come back short with a
/// NextToken, and the mode is off unless asked for (options, command line, control API).
/// </summary>
public sealed class EventualConsistencyTests : SandboxTestBase
{
    public EventualConsistencyTests(SandboxFixture fixture) : base(fixture)
    {
        Server.Consistency.InvisiblePolls = EventualConsistency.DefaultInvisiblePolls;
        Server.Consistency.Enabled = true;
    }

    private async Task<string> SendAsync(IReadOnlyList<string> ids)
    {
        var (status, sent) = await Http.SsmAsync("SendCommand", new Dictionary<string, object?>
        {
            ["DocumentName"] = "AWS-RunPatchBaseline",
            ["Parameters"] = new Dictionary<string, string[]> { ["Operation"] = ["Scan"] },
            ["InstanceIds"] = ids,
        });
        Assert.Equal(200, status);
        return sent.GetProperty("Command").GetProperty("CommandId").GetString()!;
    }

    [Fact]
    public async Task A_sent_commands_invocations_are_invisible_for_two_reads_then_all_there()
    {
        var ids = Online(3);
        var commandId = await SendAsync(ids);

        var (_, first) = await Http.SsmAsync("ListCommandInvocations", new { CommandId = commandId });
        var (status, second) = await Http.SsmAsync("GetCommandInvocation", new { CommandId = commandId, InstanceId = ids[0] });
        var (_, third) = await Http.SsmAsync("ListCommandInvocations", new { CommandId = commandId });

        Assert.Empty(first.GetProperty("CommandInvocations").EnumerateArray());
        Assert.Equal(400, status);
        Assert.Equal("InvocationDoesNotExist", second.GetProperty("__type").GetString());
        Assert.Equal(ids.Order(), third.GetProperty("CommandInvocations").EnumerateArray().Select(i => i.GetProperty("InstanceId").GetString()).Order());
    }

    [Fact]
    public async Task ListCommands_by_id_answers_InvalidCommandId_until_the_command_shows()
    {
        var commandId = await SendAsync(Online(1));

        var codes = new List<string?>();
        for (var read = 0; read < 3; read++)
        {
            var (status, json) = await Http.SsmAsync("ListCommands", new { CommandId = commandId });
            codes.Add(status == 200 ? json.GetProperty("Commands")[0].GetProperty("CommandId").GetString() : json.GetProperty("__type").GetString());
        }

        Assert.Equal(["InvalidCommandId", "InvalidCommandId", commandId], codes);
    }

    [Fact]
    public async Task A_new_snapshot_is_not_found_for_two_reads()
    {
        var instance = Online(1)[0];
        var (created, xml) = await Http.Ec2Async("CreateSnapshots", [new("InstanceSpecification.InstanceId", instance)]);
        Assert.Equal(200, created);
        var snapshotId = xml.Descendants(SandboxHttp.Ec2 + "snapshotId").First().Value;

        var answers = new List<string?>();
        for (var read = 0; read < 3; read++)
        {
            var (status, found) = await Http.Ec2Async("DescribeSnapshots", [new("SnapshotId.1", snapshotId)]);
            answers.Add(status == 200 ? found.Descendants(SandboxHttp.Ec2 + "snapshotId").Single().Value : SandboxHttp.ErrorCode(found));
        }

        Assert.Equal(["InvalidSnapshot.NotFound", "InvalidSnapshot.NotFound", snapshotId], answers);
    }

    [Fact]
    public async Task A_new_replace_root_volume_task_is_missing_from_two_listings()
    {
        var instance = Server.State.FindInstance(Online(1)[0])!;
        var root = instance.Volumes.Single(v => v.DeviceName == instance.RootDeviceName);
        var snapshot = new SandboxSnapshot
        {
            SnapshotId = Server.State.NewId("snap"), VolumeId = root.VolumeId, Region = "us-east-1", InstanceId = instance.InstanceId,
            StartTime = Server.Clock.UtcNow.AddHours(-1), VolumeSizeGiB = root.SizeGiB,
        };
        Server.State.AddSnapshot(snapshot);
        var (status, xml) = await Http.Ec2Async("CreateReplaceRootVolumeTask", [new("InstanceId", instance.InstanceId), new("SnapshotId", snapshot.SnapshotId)]);
        Assert.True(status == 200, xml.ToString());
        var taskId = xml.Descendants(SandboxHttp.Ec2 + "replaceRootVolumeTaskId").First().Value;

        var seen = new List<int>();
        for (var read = 0; read < 3; read++)
        {
            var (_, listed) = await Http.Ec2Async("DescribeReplaceRootVolumeTasks", [new("ReplaceRootVolumeTaskId.1", taskId)]);
            seen.Add(listed.Descendants(SandboxHttp.Ec2 + "replaceRootVolumeTaskId").Count());
        }

        Assert.Equal([0, 0, 1], seen);
    }

    [Fact]
    public async Task List_pages_are_short_with_a_NextToken_and_together_list_everything()
    {
        var managed = Server.State.InstancesIn("us-east-1").Count(i => i.Ssm is not null && i.State is not ("terminated" or "stopped"));
        var sizes = new List<int>();
        string? token = null;
        do
        {
            var (status, json) = await Http.SsmAsync("DescribeInstanceInformation",
                new Dictionary<string, object?> { ["MaxResults"] = 10, ["NextToken"] = token }.Where(p => p.Value is not null).ToDictionary());
            Assert.Equal(200, status);
            sizes.Add(json.GetProperty("InstanceInformationList").GetArrayLength());
            token = json.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.True(managed > 5, "the fleet needs more than one short page");
        Assert.Equal(managed, sizes.Sum());
        Assert.All(sizes, s => Assert.True(s <= 5, $"a page of {s} for MaxResults 10"));
    }

    [Fact]
    public async Task Off_every_read_sees_every_write_and_the_control_api_turns_it_on_and_off()
    {
        var off = await Control.PostAsync("/_sandbox/consistency?enabled=false", null);
        Assert.Equal(200, (int)off.StatusCode);
        var commandId = await SendAsync(Online(2));
        var (_, listed) = await Http.SsmAsync("ListCommandInvocations", new { CommandId = commandId });
        Assert.Equal(2, listed.GetProperty("CommandInvocations").GetArrayLength());

        var on = await Control.PostAsync("/_sandbox/consistency?enabled=true&invisiblePolls=1", null);
        var state = await on.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(state.GetProperty("enabled").GetBoolean());
        Assert.Equal(1, state.GetProperty("invisiblePolls").GetInt32());
        var hidden = await SendAsync(Online(2));
        var (_, first) = await Http.SsmAsync("ListCommandInvocations", new { CommandId = hidden });
        var (_, second) = await Http.SsmAsync("ListCommandInvocations", new { CommandId = hidden });
        Assert.Equal([0, 2], [first.GetProperty("CommandInvocations").GetArrayLength(), second.GetProperty("CommandInvocations").GetArrayLength()]);

        var bad = await Control.PostAsync("/_sandbox/consistency?enabled=maybe", null);
        Assert.Equal(400, (int)bad.StatusCode);
        var line = SandboxCommandLine.Parse(["--eventual-consistency", "--invisible-polls", "3"], DateTime.UtcNow).Options;
        Assert.True(line.EventualConsistency);
        Assert.Equal(3, line.InvisiblePolls);
        Assert.False(SandboxCommandLine.Parse([], DateTime.UtcNow).Options.EventualConsistency);
        Assert.False(new SandboxOptions().EventualConsistency);
    }
}
