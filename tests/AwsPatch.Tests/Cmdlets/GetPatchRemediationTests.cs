using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;
using AwsPatch.Tests.Sandbox;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Get-PatchRemediation in real pipelines against the in-process sandbox, whose Inspector rescans after patching:
/// each outcome (Closed, StillOpen for each reason, New) and Windows findings by KB.
/// </summary>
public sealed class GetPatchRemediationTests : IClassFixture<NowSandboxFixture>, IDisposable
{
    private readonly SandboxServer _sandbox;
    private readonly PowerShellHost _ps;

    public GetPatchRemediationTests(NowSandboxFixture fixture)
    {
        _sandbox = fixture.Server;
        _sandbox.Reset();
        _sandbox.Clock.AdvancePerRequest = TimeSpan.FromSeconds(10);
        _ps = SandboxShell.Create(fixture.Server);
    }

    public void Dispose() => _ps.Dispose();

    private SandboxInstance Online(bool windows) => _sandbox.State.InstancesIn("us-east-1")
        .First(i => i.Ssm is { PingStatus: "Online" } && i.State == "running" && i.IsWindows == windows);

    private void Seed(SandboxInstance instance, params Inspector2Finding[] findings)
    {
        foreach (var old in _sandbox.Inspector2.Findings.Where(f => f.ResourceId == instance.InstanceId).ToList()) _sandbox.Inspector2.RemoveFinding(old.FindingArn);
        _sandbox.Inspector2.AddFindings(findings);
    }

    private Dictionary<string, PatchRemediation> Assess(string id)
    {
        _ps.SetVariable("id", id);
        var result = _ps.Invoke("Get-PatchRemediation @aws -InstanceId $id");
        Assert.Empty(result.Errors);
        return result.OutputOf<PatchRemediation>().ToDictionary(r => r.VulnerabilityId!);
    }

    [Fact]
    public void After_an_install_findings_read_NotRescannedYet_then_Closed_PackageNotInBaseline_NoFixAvailable_and_New()
    {
        var instance = SandboxFindings.AmazonLinux(_sandbox);
        var seen = _sandbox.Clock.UtcNow.AddDays(-10);
        Seed(instance,
            SandboxFindings.Finding(instance, "CVE-2024-0001", "HIGH", "3.0.9", seen),
            SandboxFindings.Finding(instance, "CVE-2024-0002", "MEDIUM", "3.0.9", seen),
            SandboxFindings.Finding(instance, "CVE-2024-0003", "CRITICAL", null, seen));
        _ps.SetVariable("id", instance.InstanceId);
        var run = _ps.Invoke("Invoke-PatchRun @aws -InstanceId $id -Operation Install -Wait -PollIntervalSeconds 0.1 -Force | Get-PatchRemediation @awsNoRegion");
        Assert.Empty(run.Errors);
        var right = run.OutputOf<PatchRemediation>().ToDictionary(r => r.VulnerabilityId!);
        Assert.Equal(("StillOpen", "NotRescannedYet"), (right["CVE-2024-0001"].Outcome, right["CVE-2024-0001"].Reason));
        Assert.Equal("NoFixAvailable", right["CVE-2024-0003"].Reason);

        _sandbox.Clock.Advance(TimeSpan.FromMinutes(7));   // past the rescan; little drift for the next test's signatures
        var patchedAt = _sandbox.State.PatchStateOf(instance.InstanceId).LastOperationTime!.Value;
        _sandbox.Inspector2.AddFinding(SandboxFindings.Finding(instance, "CVE-2025-0004", "HIGH", "1.2", patchedAt.AddMinutes(7)));
        var later = Assess(instance.InstanceId);
        var closed = later["CVE-2024-0001"];
        Assert.Equal(("Closed", null), (closed.Outcome, closed.Reason));
        Assert.Equal(patchedAt.AddMinutes(5), closed.ClosedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(patchedAt, closed.PatchedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.True((closed.TimeToRemediate!.Value - (patchedAt.AddMinutes(5) - seen)).Duration() < TimeSpan.FromMilliseconds(2));
        Assert.Equal(("StillOpen", "PackageNotInBaseline"), (later["CVE-2024-0002"].Outcome, later["CVE-2024-0002"].Reason));
        Assert.Contains("SEVERITY=Critical|Important", later["CVE-2024-0002"].ReasonDetail, StringComparison.Ordinal); // read from GetPatchBaseline
        Assert.Contains("vendor severity Medium", later["CVE-2024-0002"].ReasonDetail, StringComparison.Ordinal);
        Assert.Equal(("StillOpen", "NoFixAvailable"), (later["CVE-2024-0003"].Outcome, later["CVE-2024-0003"].Reason));
        Assert.Equal("New", later["CVE-2025-0004"].Outcome);
        Assert.Equal(patchedAt.AddMinutes(5), later["CVE-2024-0002"].LastScannedAt!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Each_finding_names_the_run_that_installed_its_fix_and_an_install_outside_AwsPatch_names_none()
    {
        var instances = _sandbox.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running" && PatchBaselines.OperatingSystemOf(i) == "AMAZON_LINUX_2023").Take(3).ToList();
        var seen = _sandbox.Clock.UtcNow.AddDays(-10);
        for (var n = 0; n < instances.Count; n++) Seed(instances[n], SandboxFindings.Finding(instances[n], $"CVE-2024-100{n}", "HIGH", "3.0.9", seen));
        _ps.SetVariable("a", instances[0].InstanceId);
        _ps.SetVariable("b", instances[1].InstanceId);
        _ps.SetVariable("c", instances[2].InstanceId);
        // Sent, not waited on: the clock below plays both installs and their rescans (a long wait here would move the
        // sandbox clock past the signing window of the next test's requests).
        Assert.Empty(_ps.Invoke("Invoke-PatchRun @aws -InstanceId $a -RunId nightly-a -Operation Install -Force | Out-Null").Errors);
        Assert.Empty(_ps.Invoke("Invoke-PatchRun @aws -InstanceId $b -RunId nightly-b -Operation Install -Force | Out-Null").Errors);
        // An install sent without AwsPatch's comment (the console, a script): no RunId to join to.
        using var http = new SandboxHttp(_sandbox.Endpoint);
        var (status, json) = await http.SsmAsync("SendCommand", new
        {
            DocumentName = "AWS-RunPatchBaseline", InstanceIds = new[] { instances[2].InstanceId },
            Parameters = new Dictionary<string, string[]> { ["Operation"] = ["Install"] },
        });
        Assert.True(status == 200, json.ToString());
        _sandbox.Clock.Advance(TimeSpan.FromMinutes(8));   // delivery, install, reboot (152 s), then the rescan 5 minutes later

        var result = _ps.Invoke("$a, $b, $c | Get-PatchRemediation @aws");

        Assert.Empty(result.Errors);
        var closed = result.OutputOf<PatchRemediation>().Where(r => r.VulnerabilityId!.StartsWith("CVE-2024-100", StringComparison.Ordinal)).ToDictionary(r => r.InstanceId, r => (r.Outcome, r.RunId, r.RolloutId));
        Assert.Equal(("Closed", "nightly-a", (string?)null), closed[instances[0].InstanceId]);
        Assert.Equal(("Closed", "nightly-b", (string?)null), closed[instances[1].InstanceId]);
        Assert.Equal(("Closed", (string?)null, (string?)null), closed[instances[2].InstanceId]);
    }

    [Fact]
    public void An_install_without_its_reboot_leaves_the_fix_PendingReboot_and_an_unpatched_instance_is_a_NotPatched_error()
    {
        var instances = _sandbox.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running" && !i.IsWindows).Take(2).ToList();
        Seed(instances[0], SandboxFindings.Finding(instances[0], "CVE-2024-0001", "HIGH", "3.0.9", _sandbox.Clock.UtcNow.AddDays(-10)));
        _ps.SetVariable("id", instances[0].InstanceId);
        _ps.SetVariable("other", instances[1].InstanceId);
        Assert.Empty(_ps.Invoke("Invoke-PatchRun @aws -InstanceId $id -Operation Install -RebootOption NoReboot -Wait -PollIntervalSeconds 0.1 -Force | Out-Null").Errors);
        _sandbox.Clock.Advance(TimeSpan.FromMinutes(6));   // past the rescan; little drift for the next test's signatures

        var result = _ps.Invoke("$id, $other | Get-PatchRemediation @aws");
        var pending = Assert.Single(result.OutputOf<PatchRemediation>(), r => r.VulnerabilityId == "CVE-2024-0001");
        Assert.Equal(("StillOpen", "PendingReboot"), (pending.Outcome, pending.Reason));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("NotPatched", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(instances[1].InstanceId, error.TargetObject);
    }

    [Fact]
    public void Windows_findings_are_reported_by_KB_and_close_after_the_cumulative_update()
    {
        var windows = Online(windows: true);
        var finding = SandboxFindings.Finding(windows, "CVE-2024-38063", "CRITICAL", "10.0.20348.2655", _sandbox.Clock.UtcNow.AddDays(-10), kb: "KB5041160");
        Seed(windows, finding);
        _ps.SetVariable("id", windows.InstanceId);
        Assert.Empty(_ps.Invoke("Invoke-PatchRun @aws -InstanceId $id -Operation Install -Wait -PollIntervalSeconds 0.1 -Force | Out-Null").Errors);
        _sandbox.Clock.Advance(TimeSpan.FromMinutes(10));

        var result = Assess(windows.InstanceId)["CVE-2024-38063"];
        Assert.Equal("KB5041160", result.KbId);
        Assert.Equal("Closed", result.Outcome);
    }

    [Fact]
    public void A_finding_the_baseline_cannot_be_judged_for_is_Unknown_and_the_baseline_is_read_once()
    {
        // Little simulated drift: the SDK's clock correction follows the simulated clock into the class's next test.
        _sandbox.Clock.AdvancePerRequest = TimeSpan.FromSeconds(2);
        var instance = SandboxFindings.AmazonLinux(_sandbox);
        var seen = _sandbox.Clock.UtcNow.AddDays(-10);
        var unrated = SandboxFindings.Unrated(instance, seen);
        Seed(instance, unrated, SandboxFindings.Finding(instance, "CVE-2024-0002", "MEDIUM", "3.0.9", seen));
        _ps.SetVariable("id", instance.InstanceId);
        Assert.Empty(_ps.Invoke("Invoke-PatchRun @aws -InstanceId $id -Operation Install -Wait -PollIntervalSeconds 0.1 -Force | Out-Null").Errors);
        _sandbox.Clock.Advance(TimeSpan.FromMinutes(6)); // past the 5-minute rescan
        var before = _sandbox.Counters["ssm:GetPatchBaseline"];

        var result = Assess(instance.InstanceId)["CVE-2024-0009"];
        Assert.Equal(("StillOpen", "Unknown"), (result.Outcome, result.Reason));
        Assert.Contains("also filters on SEVERITY", result.ReasonDetail, StringComparison.Ordinal);
        Assert.Equal(1, _sandbox.Counters["ssm:GetPatchBaseline"] - before);
    }

    [Fact]
    public void After_a_Scan_followed_the_install_InstalledAt_measures_against_the_install()
    {
        // Little simulated drift: the SDK's clock correction follows the simulated clock into the class's next test.
        _sandbox.Clock.AdvancePerRequest = TimeSpan.FromSeconds(2);
        var instance = SandboxFindings.AmazonLinux(_sandbox);
        Seed(instance, SandboxFindings.Finding(instance, "CVE-2024-0001", "HIGH", "3.0.9", _sandbox.Clock.UtcNow.AddDays(-10)));
        _ps.SetVariable("id", instance.InstanceId);
        var install = _ps.Invoke("Invoke-PatchRun @aws -InstanceId $id -Operation Install -Wait -PollIntervalSeconds 0.1 -Force");
        Assert.Empty(install.Errors);
        var ended = Assert.Single(install.OutputOf<PatchRunResult>()).CompletedAt!.Value;
        Assert.Empty(_ps.Invoke("Invoke-PatchRun @aws -InstanceId $id -Operation Scan -Wait -PollIntervalSeconds 0.1 | Out-Null").Errors);
        _sandbox.Clock.Advance(TimeSpan.FromMinutes(6));

        var scanned = _ps.Invoke("Get-PatchRemediation @aws -InstanceId $id");
        Assert.StartsWith("NotPatched", Assert.Single(scanned.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        _ps.SetVariable("ended", ended);
        var measured = _ps.Invoke("[pscustomobject]@{ InstanceId = $id; InstalledAt = $ended } | Get-PatchRemediation @aws");
        Assert.Empty(measured.Errors);
        var closed = Assert.Single(measured.OutputOf<PatchRemediation>(), r => r.VulnerabilityId == "CVE-2024-0001");
        Assert.Equal("Closed", closed.Outcome);
        Assert.Equal(ended, closed.PatchedAt!.Value, TimeSpan.FromSeconds(1));
    }
}
