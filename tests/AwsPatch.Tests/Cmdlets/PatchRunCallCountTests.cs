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
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, GeneratedInstances = 1500 });
        using var host = Patchable(server, 1000, TimeSpan.FromSeconds(1));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = host.Invoke("$ids | Invoke-PatchRun -Operation Scan -Wait -PollIntervalSeconds 0.1 -EndpointUrl $endpoint -AccessKey AKIASANDBOXEXAMPLE -SecretKey sandbox-secret -Region us-east-1");
        started.Stop();

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(1000, result.OutputOf<PatchRunResult>().Count(r => r.Status == "Success"));
        var counts = server.Counters.Snapshot();
        var sends = counts["ssm:SendCommand"];
        var lists = counts["ssm:ListCommandInvocations"];
        Assert.Equal(20, sends);                  // ceil(1000 / 50)
        Assert.Equal(0, lists % 20);              // whole cycles of 20 calls (one page of 50 per command)
        Assert.Equal(5, counts["ec2:DescribeInstances"]);   // the pre-check reads 200 ids a call: ceil(1000 / 200)
        output.WriteLine($"1000 instances: SendCommand {sends}, ListCommandInvocations {lists} ({lists / 20} poll cycles x 20), "
            + $"ec2:DescribeInstances {counts.GetValueOrDefault("ec2:DescribeInstances")}, ssm:DescribeInstanceInformation {counts.GetValueOrDefault("ssm:DescribeInstanceInformation")}, "
            + $"total {server.Counters.Total}, wall {started.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task SnapshotFirst_waits_once_for_the_whole_run_not_once_per_batch()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, GeneratedInstances = 400 });
        using var host = Patchable(server, 150, TimeSpan.FromSeconds(30));

        var result = host.Invoke("$ids | Invoke-PatchRun -Operation Install -SnapshotFirst -Force -Wait -PollIntervalSeconds 0.1 -EndpointUrl $endpoint -AccessKey AKIASANDBOXEXAMPLE -SecretKey sandbox-secret -Region us-east-1");

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var results = result.OutputOf<PatchRunResult>();
        Assert.Equal(150, results.Count(r => r.Status == "Success" && r.SnapshotIds.Count > 0));
        var counts = server.Counters.Snapshot();
        Assert.Equal(150, counts["ec2:CreateSnapshots"]);
        Assert.Equal(3, counts["ssm:SendCommand"]);       // ceil(150 / 50), sent after the one wait
        // One pre-check of 150 ids (one call) and the snapshot service's own instance read (one call); per-batch
        // launching would have made three of each.
        Assert.True(counts["ec2:DescribeInstances"] <= 2, $"DescribeInstances {counts["ec2:DescribeInstances"]}");
        output.WriteLine($"150 instances -SnapshotFirst: DescribeSnapshots {counts.GetValueOrDefault("ec2:DescribeSnapshots")}, DescribeInstances {counts["ec2:DescribeInstances"]}");
    }

    /// <summary>A shell with $ids = <paramref name="count"/> running, Online instances and $endpoint; counters reset.</summary>
    internal static PowerShellHost Patchable(SandboxServer server, int count, TimeSpan clockStep)
    {
        var ids = server.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running")
            .Select(i => i.InstanceId).Take(count).ToArray();
        Assert.Equal(count, ids.Length);
        server.Clock.AdvancePerRequest = clockStep;
        var host = PowerShellHost.Create();
        host.SetVariable("endpoint", server.Endpoint.ToString());
        host.SetVariable("ids", ids);
        server.Counters.Reset();
        return host;
    }
}
