using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Ages are AWS's: against a sandbox whose clock is weeks behind or ahead of the machine's, staleness and snapshot ages
/// are measured against the service's time (the Date of its answers), never the machine's clock.
/// </summary>
public sealed class ServiceTimeCmdletTests
{
    private const string Fresh = "run-20250601T120000Z-f4e5h1";
    private const string Old = "run-20250401T120000Z-0001d0";

    /// <summary>A sandbox whose clock is <paramref name="offsetDays"/> days off the machine's, and a shell splatting it as <c>$aws</c>.</summary>
    private static async Task<(SandboxServer Server, PowerShellHost Shell)> StartAsync(int offsetDays)
    {
        var server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, ClockStart = DateTime.UtcNow.AddDays(offsetDays) });
        return (server, SandboxShell.Create(server));
    }

    [Theory]
    [InlineData(-40)]
    [InlineData(40)]
    public async Task Instances_scanned_just_now_in_service_time_are_not_Stale_and_old_scans_are(int offsetDays)
    {
        var (server, ps) = await StartAsync(offsetDays);
        await using var _ = server;
        using var __ = ps;
        var managed = server.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" }).Select(i => i.InstanceId).Take(2).ToList();
        var (fresh, stale) = (managed[0], managed[1]);
        server.State.Update(s =>
        {
            s.RunCommands.SetPatchState(fresh, InstancePatchState.Scanned(fresh, server.Clock.UtcNow.AddSeconds(-10)));
            s.RunCommands.SetPatchState(stale, InstancePatchState.Scanned(stale, server.Clock.UtcNow.AddDays(-10)));
        });
        ps.SetVariable("ids", managed.ToArray());

        var byInstance = ps.Invoke("Get-PatchCompliance @aws -InstanceId $ids");
        var region = ps.Invoke("Get-PatchCompliance @aws -State Stale");

        Assert.Empty(byInstance.Errors);
        var states = byInstance.OutputOf<PatchCompliance>().ToDictionary(c => c.InstanceId, c => c.ComplianceState);
        Assert.NotEqual("Stale", states[fresh]);
        Assert.Equal("Stale", states[stale]);
        Assert.Equal(stale, Assert.Single(region.OutputOf<PatchCompliance>()).InstanceId);
    }

    [Theory]
    [InlineData(-40)]
    [InlineData(40)]
    public async Task OlderThan_30_selects_sets_older_than_30_days_in_service_time_and_never_sets_made_minutes_ago(int offsetDays)
    {
        var (server, ps) = await StartAsync(offsetDays);
        await using var _ = server;
        using var __ = ps;
        var ids = server.State.InstancesIn("us-east-1").Where(i => i.State == "running").Take(2).Select(i => i.InstanceId).ToList();
        SnapshotCmdletTestBase.AddSnapshotSets(server, Fresh, server.Clock.UtcNow.AddMinutes(-5), ids);
        SnapshotCmdletTestBase.AddSnapshotSets(server, Old, server.Clock.UtcNow.AddDays(-31), ids);
        ps.SetVariable("ids", ids.ToArray());

        var listed = ps.Invoke("Get-PatchSnapshot @aws -InstanceId $ids -OlderThan 30").OutputOf<PatchSnapshot>();
        var recent = ps.Invoke("Get-PatchSnapshot @aws -InstanceId $ids -NewerThan 1").OutputOf<PatchSnapshot>();
        server.Counters.Reset();
        var whatIf = ps.Invoke("Remove-PatchSnapshot @aws -InstanceId $ids -OlderThan 30 -WhatIf");

        Assert.Equal([Old, Old], listed.Select(s => s.RunId));
        Assert.Equal([Fresh, Fresh], recent.Select(s => s.RunId));
        Assert.Empty(whatIf.Errors);
        Assert.Equal(0, server.Counters.Writes);
        Assert.Contains(Old, whatIf.HostText);
        Assert.DoesNotContain(Fresh, whatIf.HostText);

        var removed = ps.Invoke("Remove-PatchSnapshot @aws -InstanceId $ids -OlderThan 30 -Force -PassThru");

        Assert.Empty(removed.Errors);
        Assert.Equal([Old, Old], removed.OutputOf<PatchSnapshot>().Select(s => s.RunId));
        Assert.Equal(ids.Order(), server.State.Snapshots.Where(s => s.Tags.GetValueOrDefault("AwsPatch:RunId") == Fresh).Select(s => s.InstanceId).Distinct().Order());
        Assert.DoesNotContain(server.State.Snapshots, s => s.Tags.GetValueOrDefault("AwsPatch:RunId") == Old);
    }
}
