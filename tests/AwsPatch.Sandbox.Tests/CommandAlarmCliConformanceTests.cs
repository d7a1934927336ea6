using System.Text.Json;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// The AWS CLI (botocore parses every response against the official models) drives what a staged rollout's gates
/// read: send-command with --alarm-configuration and a SnapshotId, list-commands once the alarm stopped it, and
/// describe-instance-status through a reboot and an impaired status check.
/// Same skip rule as <see cref="AwsCliConformanceTests"/>: skipped without the CLI, a failure in CI.
/// </summary>
public sealed class CommandAlarmCliConformanceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private Task<CliResult> Aws(params string[] arguments) => AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1", arguments);

    private string[] Online(int count) => fixture.Server.State.InstancesIn("us-east-1")
        .Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running").Select(i => i.InstanceId).Take(count).ToArray();

    [SkippableFact]
    public async Task SendCommandWithAlarmConfigurationThenDescribeInstanceStatusThroughTheReboot()
    {
        AwsCli.Require();
        fixture.Server.Reset();
        var ids = Online(2);
        fixture.Server.State.SetAfterRebootFault(ids[1], AfterRebootFault.StatusImpaired);
        var snapshotId = Guid.NewGuid().ToString();

        var sent = (await Aws(["ssm", "send-command", "--document-name", "AWS-RunPatchBaseline",
            "--parameters", $$"""{"Operation":["Install"],"RebootOption":["RebootIfNeeded"],"SnapshotId":["{{snapshotId}}"]}""",
            "--alarm-configuration", """{"IgnorePollAlarmFailure":false,"Alarms":[{"Name":"web-prod-5xx"}]}""",
            "--instance-ids", .. ids])).Json().GetProperty("Command");
        Assert.Equal("web-prod-5xx", Assert.Single(sent.GetProperty("AlarmConfiguration").GetProperty("Alarms").EnumerateArray()).GetProperty("Name").GetString());
        Assert.False(sent.GetProperty("AlarmConfiguration").GetProperty("IgnorePollAlarmFailure").GetBoolean());
        Assert.Equal(snapshotId, sent.GetProperty("Parameters").GetProperty("SnapshotId")[0].GetString());

        // Rebooting: the instance status check is initializing, the system check ok.
        fixture.Server.Clock.Advance(TimeSpan.FromSeconds(100));
        var rebooting = (await Aws("ec2", "describe-instance-status", "--filters", "Name=instance-status.status,Values=initializing")).Json()
            .GetProperty("InstanceStatuses").EnumerateArray().ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), rebooting.Select(s => s.GetProperty("InstanceId").GetString()));
        Assert.All(rebooting, s =>
        {
            Assert.Equal("initializing", Assert.Single(s.GetProperty("InstanceStatus").GetProperty("Details").EnumerateArray()).GetProperty("Status").GetString());
            Assert.Equal("ok", s.GetProperty("SystemStatus").GetProperty("Status").GetString());
        });

        // Back: one ok, one impaired since the reboot ended (botocore parses impairedSince as a timestamp).
        fixture.Server.Clock.Advance(TimeSpan.FromSeconds(60));
        var after = (await Aws(["ec2", "describe-instance-status", "--instance-ids", .. ids])).Json()
            .GetProperty("InstanceStatuses").EnumerateArray().ToDictionary(s => s.GetProperty("InstanceId").GetString()!);
        Assert.Equal("ok", after[ids[0]].GetProperty("InstanceStatus").GetProperty("Status").GetString());
        var impaired = after[ids[1]].GetProperty("InstanceStatus");
        Assert.Equal("impaired", impaired.GetProperty("Status").GetString());
        var detail = Assert.Single(impaired.GetProperty("Details").EnumerateArray());
        Assert.Equal(("reachability", "failed"), (detail.GetProperty("Name").GetString(), detail.GetProperty("Status").GetString()));
        Assert.True(detail.TryGetProperty("ImpairedSince", out _));

        var paged = (await Aws("ec2", "describe-instance-status", "--include-all-instances", "--page-size", "5")).Json()
            .GetProperty("InstanceStatuses").EnumerateArray().Select(s => s.GetProperty("InstanceId").GetString()).ToList();
        Assert.Equal(fixture.Server.State.InstancesIn("us-east-1").Count, paged.Distinct().Count());
        Assert.Equal(paged.Count, paged.Distinct().Count());
    }

    [SkippableFact]
    public async Task ListCommandsShowsTheTriggeredAlarmOfAStoppedCommand()
    {
        AwsCli.Require();
        fixture.Server.Reset();
        var ids = Online(3);
        var commandId = (await Aws(["ssm", "send-command", "--document-name", "AWS-RunPatchBaseline", "--max-concurrency", "1",
            "--parameters", """{"Operation":["Install"],"RebootOption":["NoReboot"]}""",
            "--alarm-configuration", """{"Alarms":[{"Name":"web-prod-5xx"}]}""",
            "--instance-ids", .. ids])).Json().GetProperty("Command").GetProperty("CommandId").GetString()!;
        fixture.Server.Clock.Advance(TimeSpan.FromSeconds(30));
        fixture.Server.State.SetAlarmState("web-prod-5xx", "ALARM", fixture.Server.Clock.UtcNow);

        var command = Assert.Single((await Aws("ssm", "list-commands", "--command-id", commandId)).Json().GetProperty("Commands").EnumerateArray());
        Assert.Equal("Cancelled", command.GetProperty("Status").GetString());
        var triggered = Assert.Single(command.GetProperty("TriggeredAlarms").EnumerateArray());
        Assert.Equal(("web-prod-5xx", "ALARM"), (triggered.GetProperty("Name").GetString(), triggered.GetProperty("State").GetString()));

        var invocations = (await Aws("ssm", "list-command-invocations", "--command-id", commandId)).Json()
            .GetProperty("CommandInvocations").EnumerateArray().Select(i => i.GetProperty("Status").GetString()).ToList();
        Assert.All(invocations, s => Assert.Equal("Cancelled", s));

        var bad = await Aws("ssm", "send-command", "--document-name", "AWS-RunPatchBaseline", "--parameters", """{"Operation":["Scan"]}""",
            "--alarm-configuration", """{"Alarms":[{"Name":"a"},{"Name":"b"}]}""", "--instance-ids", ids[0]);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.True(bad.Stderr.Contains("ValidationException") || bad.Stderr.Contains("Invalid length", StringComparison.OrdinalIgnoreCase), bad.Stderr);
    }
}
