using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;
using Xunit.Abstractions;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Issue 11 items 3 and 4 at cmdlet level over a generated fleet: under per-operation faults every instance is
/// accounted for exactly once, and on a CreateSnapshots token bucket smaller than AWS's the module slows down and
/// finishes with no failed instance. Real SDK retries (with their backoff) and real pacing: these tests take seconds,
/// and assert on counts, never on timing.
/// </summary>
public sealed class ThrottlingCmdletTests(ITestOutputHelper output)
{
    private const string Session = "-EndpointUrl $endpoint -AccessKey AKIASANDBOXEXAMPLE -SecretKey sandbox-secret -Region us-east-1";

    [Fact]
    public async Task On_a_bucket_of_10_refilling_at_5_a_second_40_instances_snapshots_finish_with_no_failure()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions
        {
            GeneratedInstances = 60,
            GeneratedRegions = ["us-east-1"],
            Buckets = RequestBuckets.None().Set("ec2:CreateSnapshots", burst: 10, perSecond: 5),
        });
        using var host = Shell(server, 40, TimeSpan.FromSeconds(30), out var ids);

        var result = host.Invoke($"$ids | New-PatchSnapshot -Wait -PollIntervalSeconds 0.1 {Session}");

        Assert.True(result.Terminating is null, result.ToString());
        Assert.True(result.Errors.Count == 0, result.ToString());
        var sets = result.OutputOf<PatchSnapshot>();
        Assert.Equal(ids.Order(), sets.Select(s => s.InstanceId).Order());
        Assert.All(sets, s => Assert.Equal("completed", s.State));
        var throttled = server.Counters.Throttled("ec2:CreateSnapshots");
        Assert.True(throttled > 0, "the bucket never ran dry: the test proves nothing");
        // Each instance's snapshots were created once: every CreateSnapshots beyond 40 was a throttled answer.
        Assert.Equal(40, server.Counters["ec2:CreateSnapshots"] - throttled);
        Assert.Equal(40, server.State.Snapshots.Select(s => s.InstanceId).Distinct().Count());
        output.WriteLine($"40 instances on a 10/5 bucket: CreateSnapshots {server.Counters["ec2:CreateSnapshots"]}, throttled {throttled}");
    }

    [Fact]
    public async Task At_30_percent_throttling_and_10_percent_5xx_every_instance_comes_back_exactly_once()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, GeneratedInstances = 90, GeneratedRegions = ["us-east-1"], PatchScanned = true });
        using var host = Shell(server, 60, TimeSpan.FromSeconds(30), out var ids);
        server.Faults.Default.ThrottleRate = 0.3;
        server.Faults.Default.ServerErrorRate = 0.1;

        // The listings may give an instance an error (they retry for seconds only); the workflows that wait retry until
        // their deadline, so they finish: every instance once, and no error.
        foreach (var (script, finishes) in new[]
        {
            ($"Get-PatchInstance -InstanceId $ids {Session}", false),
            ($"Get-PatchCompliance -InstanceId $ids {Session}", false),
            ($"$ids | New-PatchSnapshot -Wait -PollIntervalSeconds 0.1 {Session}", true),
            ($"$ids | Invoke-PatchRun -Operation Install -SnapshotFirst -Force -Wait -PollIntervalSeconds 0.1 {Session}", true),
        })
        {
            var result = host.Invoke(script);
            Assert.True(result.Terminating is null, script + ": " + result);
            if (finishes)
            {
                Assert.True(result.Errors.Count == 0, script + ": " + result);
                var states = result.Output.Select(o => (string)o.Properties[script.Contains("Invoke-PatchRun") ? "Status" : "State"].Value).Distinct().ToList();
                Assert.Equal([script.Contains("Invoke-PatchRun") ? "Success" : "completed"], states);
            }
            var seen = result.Output.Select(o => (string)o.Properties["InstanceId"].Value)
                .Concat(result.Errors.Select(TargetId)).ToList();
            Assert.True(seen.Count == ids.Length && seen.Order().SequenceEqual(ids.Order()),
                $"{script}: {seen.Count} results and errors for {ids.Length} instances; missing {string.Join(", ", ids.Except(seen))}; twice {string.Join(", ", seen.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key))}");
            output.WriteLine($"{script.Split(' ')[0]}…: {result.Output.Count} out, {result.Errors.Count} errors, throttled answers so far {server.Counters.ThrottledSnapshot().Values.Sum()}");
        }
        Assert.True(server.Counters.ThrottledSnapshot().Values.Sum() > 50);
        // Install went to each instance once: a SendCommand retried after a lost answer reused the command it had created.
        Assert.Equal(ids.Order(), server.State.Commands.Where(c => c.Parameters.GetValueOrDefault("Operation")?.FirstOrDefault() == "Install").SelectMany(c => c.InstanceIds).Order());
    }

    private static string TargetId(ErrorRecord error) => error.TargetObject switch
    {
        string id => id,
        PSObject { BaseObject: string id } => id,
        var other => (string)PSObject.AsPSObject(other).Properties["InstanceId"].Value,
    };

    /// <summary>A shell with $ids = <paramref name="count"/> running, Online instances (also returned) and $endpoint.</summary>
    private static PowerShellHost Shell(SandboxServer server, int count, TimeSpan clockStep, out string[] ids)
    {
        var host = PatchRunCallCountTests.Patchable(server, count, clockStep);
        ids = [.. host.Invoke("$ids").Output.Select(o => (string)o.BaseObject)];
        return host;
    }
}
