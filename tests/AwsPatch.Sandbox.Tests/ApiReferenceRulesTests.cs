using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using AwsPatch.Tests.Cmdlets;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// Rules from the API references the sandbox follows: CancelCommand leaves a finished command alone, a repeated
/// ClientToken returns the original replace-root task, DescribeInstanceInformation pages 10 by default, refuses ids the
/// account does not own and lists no stopped instance, and InvalidCommandId says what is wrong.
/// </summary>
public sealed class ApiReferenceRulesTests(SandboxFixture fixture) : SandboxTestBase(fixture)
{
    private const string Web1 = "i-09b8d3fb38a9eb848";   // running, root vol-0fd814f4ce9bac15b

    private static string Type(JsonElement json) => json.GetProperty("__type").GetString()!;

    private async Task<string> SendScanAsync(IEnumerable<string> ids)
    {
        var (status, json) = await Http.SsmAsync("SendCommand", new Dictionary<string, object?>
        {
            ["DocumentName"] = "AWS-RunPatchBaseline",
            ["InstanceIds"] = ids.ToArray(),
            ["Parameters"] = new Dictionary<string, string[]> { ["Operation"] = ["Scan"], ["RebootOption"] = ["NoReboot"] },
        });
        Assert.True(status == 200, json.ToString());
        return json.GetProperty("Command").GetProperty("CommandId").GetString()!;
    }

    private async Task<string> CommandStatusAsync(string commandId)
    {
        var (status, json) = await Http.SsmAsync("ListCommands", new { CommandId = commandId });
        Assert.Equal(200, status);
        return json.GetProperty("Commands")[0].GetProperty("Status").GetString()!;
    }

    [Fact]
    public async Task CancelCommand_on_a_finished_command_succeeds_and_leaves_its_status_and_invocations_alone()
    {
        var commandId = await SendScanAsync(Online(2));
        Server.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("Success", await CommandStatusAsync(commandId));

        var (status, _) = await Http.SsmAsync("CancelCommand", new { CommandId = commandId });

        Assert.Equal(200, status);
        Assert.Equal("Success", await CommandStatusAsync(commandId));
        var (_, invocations) = await Http.SsmAsync("ListCommandInvocations", new { CommandId = commandId });
        Assert.All(invocations.GetProperty("CommandInvocations").EnumerateArray(), i => Assert.Equal("Success", i.GetProperty("Status").GetString()));
    }

    [Fact]
    public async Task CancelCommand_on_a_running_command_still_cancels_it()
    {
        var commandId = await SendScanAsync(Online(2));

        var (status, _) = await Http.SsmAsync("CancelCommand", new { CommandId = commandId });

        Assert.Equal(200, status);
        Assert.Equal("Cancelled", await CommandStatusAsync(commandId));
    }

    [Fact]
    public async Task InvalidCommandId_carries_a_message()
    {
        var (status, json) = await Http.SsmAsync("CancelCommand", new { CommandId = Guid.NewGuid().ToString() });

        Assert.Equal(400, status);
        Assert.Equal("InvalidCommandId", Type(json));
        Assert.Equal("The specified command ID isn't valid. Verify the ID and try again.", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_repeated_ClientToken_returns_the_original_replace_root_task_and_other_parameters_are_a_mismatch()
    {
        SandboxSnapshotSets.Seed(Server, Server.State.FindInstance(Web1)!, "run-token", Server.Clock.UtcNow.AddHours(-1));
        var root = Server.State.Snapshots.Single(s => s.InstanceId == Web1 && s.VolumeId == "vol-0fd814f4ce9bac15b").SnapshotId;
        using var ec2 = new AmazonEC2Client(new BasicAWSCredentials(AwsPatch.Sandbox.SandboxCredentials.DocumentedAccessKey, AwsPatch.Sandbox.SandboxCredentials.DocumentedSecret),
            new AmazonEC2Config { ServiceURL = Server.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var request = new CreateReplaceRootVolumeTaskRequest { InstanceId = Web1, SnapshotId = root, ClientToken = "retry-after-a-lost-answer" };

        var first = (await ec2.CreateReplaceRootVolumeTaskAsync(request)).ReplaceRootVolumeTask;
        var again = (await ec2.CreateReplaceRootVolumeTaskAsync(request)).ReplaceRootVolumeTask;

        Assert.Equal(first.ReplaceRootVolumeTaskId, again.ReplaceRootVolumeTaskId);
        Assert.Single(Server.State.ReplaceRootTasks, t => t.InstanceId == Web1);
        var mismatch = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateReplaceRootVolumeTaskAsync(
            new CreateReplaceRootVolumeTaskRequest { InstanceId = Web1, SnapshotId = root, ClientToken = request.ClientToken, DeleteReplacedRootVolume = true }));
        Assert.Equal("IdempotentParameterMismatch", mismatch.ErrorCode);
        var another = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateReplaceRootVolumeTaskAsync(
            new CreateReplaceRootVolumeTaskRequest { InstanceId = Web1, SnapshotId = root, ClientToken = "a-new-request" }));
        Assert.Equal("IncorrectState", another.ErrorCode);   // a new request, while the first task runs
    }

    [Fact]
    public async Task DescribeInstanceInformation_pages_ten_by_default_as_its_reference_says()
    {
        var managed = Server.State.InstancesIn("us-east-1").Count(i => i.Ssm is not null && i.State != "terminated");
        Assert.True(managed > 10, $"the default fleet has {managed} managed instances in us-east-1");

        var (status, json) = await Http.SsmAsync("DescribeInstanceInformation", new { });

        Assert.Equal(200, status);
        Assert.Equal(10, json.GetProperty("InstanceInformationList").GetArrayLength());
        Assert.True(json.TryGetProperty("NextToken", out _));
    }

    [Fact]
    public async Task DescribeInstanceInformation_refuses_an_id_the_account_does_not_own_and_leaves_out_an_owned_unmanaged_one()
    {
        var online = Online(1)[0];
        var unmanaged = Server.State.InstancesIn("us-east-1").First(i => i.Ssm is null && i.State != "terminated").InstanceId;

        var (status, json) = await Http.SsmAsync("DescribeInstanceInformation", new { Filters = new[] { new { Key = "InstanceIds", Values = new[] { online, unmanaged } } } });
        Assert.Equal(200, status);
        Assert.Equal([online], json.GetProperty("InstanceInformationList").EnumerateArray().Select(i => i.GetProperty("InstanceId").GetString()));

        (status, json) = await Http.SsmAsync("DescribeInstanceInformation", new { Filters = new[] { new { Key = "InstanceIds", Values = new[] { online, "i-0123456789abcdef0" } } } });
        Assert.Equal(400, status);
        Assert.Equal("InvalidInstanceId", Type(json));
        Assert.Contains("i-0123456789abcdef0", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task DescribeInstanceInformation_leaves_out_stopped_instances_even_by_id_as_its_reference_says()
    {
        var stopped = Server.State.InstancesIn("us-east-1").First(i => i.Ssm is not null && i.State == "stopped").InstanceId;
        var online = Online(1)[0];

        var (status, json) = await Http.SsmAsync("DescribeInstanceInformation", new { Filters = new[] { new { Key = "InstanceIds", Values = new[] { online, stopped } } } });
        Assert.Equal(200, status);
        Assert.Equal([online], json.GetProperty("InstanceInformationList").EnumerateArray().Select(i => i.GetProperty("InstanceId").GetString()));

        var listed = new List<string>();
        string? token = null;
        do
        {
            (status, json) = await Http.SsmAsync("DescribeInstanceInformation",
                new Dictionary<string, object?> { ["MaxResults"] = 50, ["NextToken"] = token }.Where(p => p.Value is not null).ToDictionary());
            listed.AddRange(json.GetProperty("InstanceInformationList").EnumerateArray().Select(i => i.GetProperty("InstanceId").GetString()!));
            token = json.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        Assert.DoesNotContain(stopped, listed);
        Assert.Contains(online, listed);
    }
}
