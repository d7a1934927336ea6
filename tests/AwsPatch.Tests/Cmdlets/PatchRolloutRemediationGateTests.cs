using AwsPatch.Sandbox;
using AwsPatch.Tests.Sandbox;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Invoke-PatchRollout -RemediationGate against the sandbox, whose Inspector rescans a set time after each patch
/// operation: a wave passes when every finding its install targeted closed or stays open for a known reason, and fails
/// when Inspector did not rescan within the deadline or a finding stays open unexplained. The deadline runs on the
/// wait clock, which moves the sandbox's.
/// </summary>
public sealed class PatchRolloutRemediationGateTests : PatchRunTestBase, IClassFixture<SandboxFixture>
{
    private const string Rollout = "-WaveBy Environment -Force -PollIntervalSeconds 10 -RemediationGate -RemediationTimeoutMinutes 20";

    public PatchRolloutRemediationGateTests(SandboxFixture fixture) : base(fixture) => WaitOnSandboxClock();

    private SandboxInstance Seeded(params Inspector2Finding[] extra)
    {
        var instance = SandboxFindings.AmazonLinux(Server);
        var seen = Server.Clock.UtcNow.AddDays(-10);
        foreach (var old in Server.Inspector2.Findings.Where(f => f.ResourceId == instance.InstanceId).ToList()) Server.Inspector2.RemoveFinding(old.FindingArn);
        Server.Inspector2.AddFindings(new[]
        {
            SandboxFindings.Finding(instance, "CVE-2024-0001", "HIGH", "3.0.9", seen),     // the baseline installs its fix: closes
            SandboxFindings.Finding(instance, "CVE-2024-0002", "MEDIUM", "3.0.9", seen),   // PackageNotInBaseline: explained
            SandboxFindings.Finding(instance, "CVE-2024-0003", "CRITICAL", null, seen),    // NoFixAvailable: explained
        }.Concat(extra));
        return instance;
    }

    private PatchRolloutResult RollOut(SandboxInstance instance, string rolloutId)
    {
        var result = Run($"$id | Invoke-PatchRollout {Rollout} -RolloutId {rolloutId} {Session}", ("id", instance.InstanceId));
        Assert.True(result.Terminating is null, result.ToString());
        return Assert.Single(result.OutputOf<PatchRolloutResult>());
    }

    [Fact]
    public void A_wave_whose_findings_closed_or_are_explained_after_the_rescan_passes()
    {
        Server.Inspector2.RescanDelay = TimeSpan.FromMinutes(5);
        var only = RollOut(Seeded(), "ro-remediated");

        Assert.True(only.Gate == "Passed", string.Join(" | ", only.GateOutcomes));
        var recorded = Assert.Single(Run($"Get-PatchRollout -RolloutId ro-remediated {Session}").OutputOf<PatchRollout>());
        Assert.Equal(((TimeSpan?)TimeSpan.FromMinutes(20), (string?)null), (recorded.RemediationTimeout, recorded.HealthCheckDocument));
        Assert.Contains("Remediation: Passed", only.GateOutcomes);

        // Get-PatchRemediation joins the closure to the wave's run and, through its record in Parameter Store, the rollout.
        var assessed = Run($"Get-PatchRun -RunId {only.RunId} {Session} | Where-Object Operation -EQ Install | ForEach-Object {{ [pscustomobject]@{{ InstanceId = $_.InstanceId; InstalledAt = $_.StartedAt }} }} | Get-PatchRemediation {Session}");
        Assert.True(assessed.Errors.Count == 0, assessed.ToString());
        var closed = Assert.Single(assessed.OutputOf<PatchRemediation>(), r => r.VulnerabilityId == "CVE-2024-0001");
        Assert.Equal(("Closed", "ro-remediated-w1", "ro-remediated"), (closed.Outcome, closed.RunId, closed.RolloutId));
    }

    [Fact]
    public void A_wave_Inspector_did_not_rescan_within_the_deadline_fails_the_remediation_gate()
    {
        Server.Inspector2.RescanDelay = TimeSpan.FromMinutes(90);
        var only = RollOut(Seeded(), "ro-not-rescanned");

        Assert.Equal("Failed", only.Gate);
        var gate = Assert.Single(only.GateOutcomes, g => g.StartsWith("Remediation:", StringComparison.Ordinal));
        Assert.Contains("did not rescan it within 20 minute(s)", gate, StringComparison.Ordinal);
        Assert.Contains("CVE-2024-0001", gate, StringComparison.Ordinal);
        Assert.Equal("Success", only.Status); // the install itself was fine
    }

    [Fact]
    public void A_finding_open_after_the_rescan_for_no_known_reason_fails_the_remediation_gate()
    {
        Server.Inspector2.RescanDelay = TimeSpan.FromMinutes(5);
        var instance = SandboxFindings.AmazonLinux(Server);
        var seen = Server.Clock.UtcNow.AddDays(-10);
        // Inspector reports no vendor severity: the baseline's SEVERITY filter cannot be judged, so the reason is Unknown.
        var unrated = SandboxFindings.Unrated(instance, seen);
        var only = RollOut(Seeded(unrated), "ro-unexplained");

        Assert.Equal("Failed", only.Gate);
        var gate = Assert.Single(only.GateOutcomes, g => g.StartsWith("Remediation:", StringComparison.Ordinal));
        Assert.Contains("CVE-2024-0009", gate, StringComparison.Ordinal);
        Assert.Contains("no known reason", gate, StringComparison.Ordinal);
        Assert.DoesNotContain("CVE-2024-0002", gate, StringComparison.Ordinal);
    }
}
