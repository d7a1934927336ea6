using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>A sandbox whose clock starts at the real time (staleness is measured against its Date header, so any start would do).</summary>
public sealed class NowSandboxFixture : IAsyncLifetime
{
    private SandboxServer? _server;

    public SandboxServer Server => _server ?? throw new InvalidOperationException("The sandbox has not started.");

    public async Task InitializeAsync() => _server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, ClockStart = DateTime.UtcNow });

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>Get-PatchCompliance and Get-PatchMissing in real pipelines against the in-process sandbox.</summary>
public sealed class PatchComplianceCmdletTests : IClassFixture<NowSandboxFixture>, IDisposable
{
    private readonly SandboxServer _sandbox;
    private readonly PowerShellHost _ps;

    public PatchComplianceCmdletTests(NowSandboxFixture fixture)
    {
        _sandbox = fixture.Server;
        _sandbox.Reset();
        _sandbox.Clock.AdvancePerRequest = TimeSpan.FromSeconds(10);
        _ps = SandboxShell.Create(fixture.Server);
    }

    public void Dispose() => _ps.Dispose();

    private List<string> Online(string group) => _sandbox.State.InstancesIn("us-east-1")
        .Where(i => i.Ssm is { PingStatus: "Online" } && i.PatchGroup == group).Select(i => i.InstanceId).ToList();

    [Fact]
    public void Instances_are_NotScanned_before_a_run_and_Compliant_or_PendingReboot_after_an_install()
    {
        var group = _sandbox.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" })
            .GroupBy(i => i.PatchGroup).First(g => g.Key != null && g.Count() >= 2).Key!;
        _ps.SetVariable("group", group);
        var ids = Online(group);
        _ps.SetVariable("noReboot", ids[0]);
        _ps.SetVariable("rest", ids.Skip(1).ToArray());

        var before = _ps.Invoke("Get-PatchInstance @aws -PatchGroup $group -ManagedOnly | Get-PatchCompliance @awsNoRegion");
        Assert.Empty(before.Errors);
        Assert.All(before.OutputOf<PatchCompliance>(), c =>
        {
            Assert.Equal("NotScanned", c.ComplianceState);
            Assert.Equal(group, c.PatchGroup);
            Assert.NotNull(c.Environment);
        });

        var run = _ps.Invoke("""
            $noReboot | Invoke-PatchRun @aws -Operation Install -RebootOption NoReboot -Wait -PollIntervalSeconds 0.1 -Force | Out-Null
            $rest | Invoke-PatchRun @aws -Operation Install -Wait -PollIntervalSeconds 0.1 -Force | Out-Null
            """);
        Assert.Empty(run.Errors);

        _sandbox.Counters.Reset();
        var after = _ps.Invoke("Get-PatchInstance @aws -PatchGroup $group -ManagedOnly | Get-PatchCompliance @awsNoRegion").OutputOf<PatchCompliance>();
        Assert.Equal("PendingReboot", after.Single(c => c.InstanceId == ids[0]).ComplianceState);
        Assert.All(after.Where(c => ids.Skip(1).Contains(c.InstanceId)), c =>
        {
            Assert.Equal("Compliant", c.ComplianceState);
            Assert.Equal("Install", c.Operation);
            Assert.Equal(0, c.MissingCount);
            Assert.Equal("us-east-1", c.Region);
        });
        Assert.Equal(1, _sandbox.Counters["ssm:DescribeInstancePatchStates"]);

        var byGroup = _ps.Invoke("Get-PatchCompliance @aws -PatchGroup $group").OutputOf<PatchCompliance>();
        Assert.Equal(ids.Order(), byGroup.Select(c => c.InstanceId).Order());

        var pending = _ps.Invoke("Get-PatchCompliance @aws -InstanceId $noReboot | Get-PatchMissing @awsNoRegion -State InstalledPendingReboot").OutputOf<PatchMissing>();
        Assert.Equal(_sandbox.State.PatchStateOf(ids[0]).InstalledPendingRebootCount, pending.Count);
    }

    [Fact]
    public void State_filters_and_Summary_counts_the_region()
    {
        // The region's managed instances as DescribeInstanceInformation lists them (no stopped ones).
        var managed = _sandbox.State.InstancesIn("us-east-1").Where(i => i.Ssm is not null && i.State is not ("terminated" or "stopped")).ToList();
        var scanned = managed.Take(3).Select(i => i.InstanceId).ToList();
        _sandbox.State.Update(s =>
        {
            s.RunCommands.SetPatchState(scanned[0], InstancePatchState.Scanned(scanned[0], _sandbox.Clock.UtcNow).FullyPatched(_sandbox.Clock.UtcNow));
            s.RunCommands.SetPatchState(scanned[1], InstancePatchState.Scanned(scanned[1], _sandbox.Clock.UtcNow));
            s.RunCommands.SetPatchState(scanned[2], InstancePatchState.Scanned(scanned[2], _sandbox.Clock.UtcNow.AddDays(-30)));
        });

        var nonCompliant = _ps.Invoke("Get-PatchCompliance @aws -State NonCompliant, Stale");
        Assert.Empty(nonCompliant.Errors);
        Assert.Equal(new[] { (scanned[1], "NonCompliant"), (scanned[2], "Stale") }.Order(),
            nonCompliant.OutputOf<PatchCompliance>().Select(c => (c.InstanceId, c.ComplianceState)).Order());

        var summary = Assert.Single(_ps.Invoke("Get-PatchCompliance @aws -Summary -StaleAfter 60").OutputOf<PatchComplianceSummary>());
        Assert.Equal((managed.Count, 1, 2, managed.Count - 3, 0), (summary.Total, summary.Compliant, summary.NonCompliant, summary.NotScanned, summary.Stale));
        Assert.Equal(managed.Count, summary.ByPatchGroup.Sum(g => g.Total));
        Assert.Equal("us-east-1", summary.Region);
    }

    [Fact]
    public void A_stopped_never_scanned_instance_says_start_it_an_unmanaged_one_says_register_the_agent_and_a_stopped_scanned_one_reports()
    {
        var fleet = _sandbox.State.InstancesIn("us-east-1");
        var stopped = fleet.Where(i => i.Ssm is not null && i.State == "stopped").Select(i => i.InstanceId).Take(2).ToList();
        Assert.True(stopped.Count == 2, "the default fleet has two stopped managed instances in us-east-1");
        var unmanaged = fleet.First(i => i.Ssm is null && i.State == "running").InstanceId;
        _sandbox.State.Update(s => s.RunCommands.SetPatchState(stopped[1], InstancePatchState.Scanned(stopped[1], _sandbox.Clock.UtcNow)));
        _ps.SetVariable("ids", new[] { stopped[0], unmanaged, stopped[1] });

        var result = _ps.Invoke("Get-PatchInstance @aws -InstanceId $ids | Get-PatchCompliance @awsNoRegion");

        Assert.Equal(stopped[1], Assert.Single(result.OutputOf<PatchCompliance>()).InstanceId);
        var byId = result.Errors.ToDictionary(e => (string)e.TargetObject);
        Assert.Equal(new[] { stopped[0], unmanaged }.Order(), byId.Keys.Order());
        Assert.StartsWith("InstanceNotRunning,", byId[stopped[0]].FullyQualifiedErrorId);
        Assert.Contains($"Instance {stopped[0]} is stopped in us-east-1", byId[stopped[0]].Exception.Message);
        Assert.StartsWith($"Start the instance (Start-EC2Instance -InstanceId {stopped[0]})", byId[stopped[0]].ErrorDetails.RecommendedAction);
        Assert.StartsWith("InstanceNotManaged,", byId[unmanaged].FullyQualifiedErrorId);
        Assert.Contains($"Instance {unmanaged} is running in us-east-1, but Systems Manager does not manage it: its SSM agent is not registered", byId[unmanaged].Exception.Message);
        Assert.StartsWith("Install and register the SSM agent", byId[unmanaged].ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void Unknown_ids_are_errors_naming_the_id_and_the_rest_proceed_and_Get_PatchMissing_pipes_from_compliance()
    {
        var id = Online(_sandbox.State.InstancesIn("us-east-1").First(i => i.Ssm is { PingStatus: "Online" }).PatchGroup!)[0];
        _sandbox.State.Update(s => s.RunCommands.SetPatchState(id, InstancePatchState.Scanned(id, _sandbox.Clock.UtcNow)));
        var unmanaged = _sandbox.State.InstancesIn("us-east-1").First(i => i.Ssm is null).InstanceId;
        _ps.SetVariable("ids", new[] { id, "i-0123456789abcdef0", unmanaged });

        var result = _ps.Invoke("$ids | Get-PatchCompliance @aws");
        Assert.Equal(id, Assert.Single(result.OutputOf<PatchCompliance>()).InstanceId);
        Assert.Equal(new[] { "i-0123456789abcdef0", unmanaged }.Order(), result.Errors.Select(e => (string)e.TargetObject).Order());
        Assert.All(result.Errors, e =>
        {
            Assert.StartsWith("InstanceNotManaged,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
            Assert.Contains(e.TargetObject.ToString()!, e.Exception.Message);
            Assert.Contains("-ManagedOnly", e.ErrorDetails.RecommendedAction);
        });

        var missing = _ps.Invoke("Get-PatchCompliance @aws -InstanceId $ids[0] | Get-PatchMissing @awsNoRegion");
        Assert.Empty(missing.Errors);
        var patches = missing.OutputOf<PatchMissing>();
        Assert.Equal(_sandbox.State.PatchStateOf(id).MissingCount, patches.Count);
        Assert.All(patches, p =>
        {
            Assert.Equal((id, "Missing", "us-east-1"), (p.InstanceId, p.State, p.Region));
            Assert.Null(p.InstalledTime);
        });

        var objects = _ps.Invoke("[pscustomobject]@{ InstanceId = $ids[0]; Region = 'us-east-1' } | Get-PatchMissing @awsNoRegion -State Installed -Severity Critical");
        Assert.All(objects.OutputOf<PatchMissing>(), p => Assert.Equal(("Installed", "Critical"), (p.State, p.Severity)));
        Assert.NotEmpty(objects.OutputOf<PatchMissing>());
        Assert.DoesNotContain(SandboxShell.SecretKey, missing.AllText);
    }
}
