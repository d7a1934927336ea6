using System.Diagnostics;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>The findings the sandbox seeds: realistic for the default fleet, fast and deterministic for benchmarks.</summary>
public sealed class Inspector2FindingsTests
{
    [Fact]
    public void DefaultFleetFindingsCoverTheCasesClientsMustHandle()
    {
        var fleet = FleetLoader.LoadDefault();
        var findings = FindingGenerator.ForFleet(fleet);
        var unmanaged = fleet.Instances.Where(i => i.Ssm is null).Select(i => i.InstanceId).ToHashSet();

        Assert.Equal(findings.Select(f => f.FindingArn), FindingGenerator.ForFleet(fleet).Select(f => f.FindingArn));
        Assert.DoesNotContain(findings, f => f.Type == "PACKAGE_VULNERABILITY" && unmanaged.Contains(f.ResourceId));
        Assert.Contains(findings, f => f.Type == "NETWORK_REACHABILITY");
        Assert.Contains(findings, f => f is { ExploitAvailable: "YES", EpssScore: > 0.5 });
        Assert.Contains(findings, f => f.FixAvailable == "NO");
        Assert.Contains(findings, f => f.Status == "SUPPRESSED");
        Assert.Contains(findings, f => f.Status == "CLOSED");
        Assert.Contains(findings, f => f.Packages.Any(p => p.Remediation == "KB5041160"));
        Assert.Equal(["CRITICAL", "HIGH", "LOW", "MEDIUM", "UNTRIAGED"], findings.Select(f => f.Severity).Distinct().Order());
        Assert.All(findings, f => Assert.Matches($"^arn:aws:inspector2:{f.Region}:123456789012:finding/[0-9a-f]{{32}}$", f.FindingArn));
    }

    [Fact]
    public void GeneratorMakesAHundredThousandDistinctFindings()
    {
        // How fast is the benchmark's business (tests/AwsPatch.Bench), not a test's: timers in tests are flaky.
        var fleet = FleetGenerator.Generate(2000);
        var findings = FindingGenerator.Generate(fleet, 100_000);
        var state = new Inspector2State(_ => findings);
        state.Reset(fleet);

        Assert.Equal(100_000, state.Findings.Count);
        Assert.Equal(100_000, findings.Select(f => f.FindingArn).Distinct().Count());
    }
}
