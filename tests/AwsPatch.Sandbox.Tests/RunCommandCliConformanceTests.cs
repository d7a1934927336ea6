namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// The AWS CLI (botocore validates every response against the official SSM model) drives Run Command:
/// send-command for AWS-RunPatchBaseline, then list-command-invocations --details once the scan finished.
/// Same skip rule as <see cref="AwsCliConformanceTests"/>: skipped without the CLI, a failure in CI.
/// </summary>
public sealed class RunCommandCliConformanceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [SkippableFact]
    public async Task SendCommandWithAScriptDocumentThenListCommandInvocationsWithDetails()
    {
        AwsCli.Require();
        var ids = fixture.Server.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" } && !i.IsWindows).Select(i => i.InstanceId).Take(2).ToArray();

        var sent = (await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            ["ssm", "send-command", "--document-name", "AWS-RunShellScript", "--parameters", "commands=systemctl is-active nginx", "--comment", "AwsPatch health check cli", "--instance-ids", .. ids])).Json();
        var commandId = sent.GetProperty("Command").GetProperty("CommandId").GetString()!;
        Assert.Equal("AWS-RunShellScript", sent.GetProperty("Command").GetProperty("DocumentName").GetString());

        fixture.Server.Clock.Advance(TimeSpan.FromMinutes(1));
        var listed = (await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            "ssm", "list-command-invocations", "--command-id", commandId, "--details")).Json();
        Assert.All(listed.GetProperty("CommandInvocations").EnumerateArray(), i =>
        {
            Assert.Equal("Success", i.GetProperty("Status").GetString());
            Assert.Equal("aws:runShellScript", Assert.Single(i.GetProperty("CommandPlugins").EnumerateArray()).GetProperty("Name").GetString());
        });

        var noCommands = await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            ["ssm", "send-command", "--document-name", "AWS-RunShellScript", "--instance-ids", .. ids]);
        Assert.Contains(noCommands.ExitCode, new[] { 254, 255 });
        Assert.Contains("InvalidParameters", noCommands.Stderr);
    }

    [SkippableFact]
    public async Task SendCommandThenListCommandInvocationsWithDetails()
    {
        AwsCli.Require();
        var ids = fixture.Server.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" }).Select(i => i.InstanceId).Take(3).ToArray();

        var sent = (await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            ["ssm", "send-command", "--document-name", "AWS-RunPatchBaseline", "--parameters", "Operation=Scan", "--comment", "AwsPatch run cli", "--instance-ids", .. ids])).Json();
        var command = sent.GetProperty("Command");
        var commandId = command.GetProperty("CommandId").GetString()!;
        Assert.Equal(36, commandId.Length);
        Assert.Equal("AWS-RunPatchBaseline", command.GetProperty("DocumentName").GetString());
        Assert.Equal(ids.Length, command.GetProperty("TargetCount").GetInt32());

        fixture.Server.Clock.Advance(TimeSpan.FromMinutes(5));
        var listed = (await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            "ssm", "list-command-invocations", "--command-id", commandId, "--details")).Json();
        var invocations = listed.GetProperty("CommandInvocations").EnumerateArray().ToList();

        Assert.Equal(ids.Order(), invocations.Select(i => i.GetProperty("InstanceId").GetString()).Order());
        Assert.All(invocations, i =>
        {
            Assert.Equal("Success", i.GetProperty("Status").GetString());
            var plugin = Assert.Single(i.GetProperty("CommandPlugins").EnumerateArray());
            Assert.Contains("Scan completed", plugin.GetProperty("Output").GetString());
            Assert.Equal(0, plugin.GetProperty("ResponseCode").GetInt32());
        });

        var unknown = await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            "ssm", "send-command", "--document-name", "AWS-RunPatchBaseline", "--parameters", "Operation=Scan", "--instance-ids", "i-0000000000000dead");
        Assert.Contains(unknown.ExitCode, new[] { 254, 255 });
        Assert.Contains("InvalidInstanceId", unknown.Stderr);
    }
}
