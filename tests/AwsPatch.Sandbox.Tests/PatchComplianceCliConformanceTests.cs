using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// The AWS CLI (botocore parses every response against the official SSM model) reads patch compliance after a
/// scan run through send-command. Same skip rule as <see cref="AwsCliConformanceTests"/>.
/// </summary>
public sealed class PatchComplianceCliConformanceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [SkippableFact]
    public async Task DescribeInstancePatchStatesAndDescribeInstancePatchesAfterAScan()
    {
        AwsCli.Require();
        var server = fixture.Server;
        var ids = server.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" }).Select(i => i.InstanceId).Take(3).ToArray();
        (await AwsCli.RunAsync(server.Endpoint, "us-east-1",
            ["ssm", "send-command", "--document-name", "AWS-RunPatchBaseline", "--parameters", "Operation=Scan", "--instance-ids", .. ids])).Json();
        server.Clock.Advance(TimeSpan.FromMinutes(5));

        var states = (await AwsCli.RunAsync(server.Endpoint, "us-east-1", ["ssm", "describe-instance-patch-states", "--instance-ids", .. ids])).Json()
            .GetProperty("InstancePatchStates").EnumerateArray().ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), states.Select(s => s.GetProperty("InstanceId").GetString()));
        Assert.All(states, s =>
        {
            Assert.Equal("Scan", s.GetProperty("Operation").GetString());
            Assert.True(DateTimeOffset.Parse(s.GetProperty("OperationEndTime").GetString()!) > new DateTimeOffset(SandboxClock.DefaultStart));
        });

        // The CLI pages on its own (--page-size sends MaxResults, NextToken follows).
        var patches = (await AwsCli.RunAsync(server.Endpoint, "us-east-1",
            "ssm", "describe-instance-patches", "--instance-id", ids[0], "--page-size", "10", "--filters", "Key=State,Values=Missing,Installed")).Json()
            .GetProperty("Patches").EnumerateArray().ToList();
        var state = states.Single(s => s.GetProperty("InstanceId").GetString() == ids[0]);
        Assert.Equal(state.GetProperty("MissingCount").GetInt32() + state.GetProperty("InstalledCount").GetInt32(), patches.Count);
        Assert.All(patches, p => Assert.False(string.IsNullOrEmpty(p.GetProperty("KBId").GetString())));

        var unknown = await AwsCli.RunAsync(server.Endpoint, "us-east-1", "ssm", "describe-instance-patches", "--instance-id", "i-0000000000000dead");
        Assert.Contains(unknown.ExitCode, new[] { 254, 255 });
        Assert.Contains("InvalidInstanceId", unknown.Stderr);
    }
}
