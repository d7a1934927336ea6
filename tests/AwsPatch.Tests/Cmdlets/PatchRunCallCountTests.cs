using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;
using Xunit.Abstractions;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Measured API calls of Invoke-PatchRun -Wait over a generated fleet: one SendCommand per 50 instances and, per poll
/// cycle, one ListCommandInvocations per command (50 invocations a page), never one call per instance.
/// </summary>
public sealed class PatchRunCallCountTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_thousand_instances_cost_one_send_per_fifty_and_one_list_call_per_fifty_per_poll()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { GeneratedInstances = 1500 });
        var ids = server.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running")
            .Select(i => i.InstanceId).Take(1000).ToArray();
        Assert.Equal(1000, ids.Length);
        server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(1);
        using var host = PowerShellHost.Create();
        host.SetVariable("endpoint", server.Endpoint.ToString());
        host.SetVariable("ids", ids);
        server.Counters.Reset();

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = host.Invoke("$ids | Invoke-PatchRun -Operation Scan -Wait -PollIntervalSeconds 0.1 -EndpointUrl $endpoint -AccessKey AKIDSANDBOX -SecretKey x -Region us-east-1");
        started.Stop();

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(1000, result.OutputOf<PatchRunResult>().Count(r => r.Status == "Success"));
        var counts = server.Counters.Snapshot();
        var sends = counts["ssm:SendCommand"];
        var lists = counts["ssm:ListCommandInvocations"];
        Assert.Equal(20, sends);                  // ceil(1000 / 50)
        Assert.Equal(0, lists % 20);              // whole cycles of 20 calls (one page of 50 per command)
        output.WriteLine($"1000 instances: SendCommand {sends}, ListCommandInvocations {lists} ({lists / 20} poll cycles x 20), "
            + $"ec2:DescribeInstances {counts.GetValueOrDefault("ec2:DescribeInstances")}, ssm:DescribeInstanceInformation {counts.GetValueOrDefault("ssm:DescribeInstanceInformation")}, "
            + $"total {server.Counters.Total}, wall {started.Elapsed.TotalSeconds:0.0} s");
    }
}
