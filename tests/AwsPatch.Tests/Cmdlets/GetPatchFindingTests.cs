using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>Get-PatchFinding and Get-PatchPriority through the real engine against the sandbox's Inspector2.</summary>
public sealed class GetPatchFindingTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxServer _sandbox = fixture.Server;
    private readonly PowerShellHost _ps = SandboxShell.Create(fixture.Server);

    public void Dispose()
    {
        _sandbox.Faults.Clear();
        _sandbox.Inspector2.SetEnabled("us-east-1", true);
        _ps.Dispose();
    }

    private List<Inspector2Finding> Active(string region = "us-east-1") =>
        _sandbox.Inspector2.FindingsIn(region).Where(f => f.Status == "ACTIVE" && f.ResourceType == "AWS_EC2_INSTANCE").ToList();

    [Fact]
    public void Lists_the_regions_active_ec2_findings_in_full_pages_of_four_prefix_lanes()
    {
        _sandbox.Counters.Reset();
        var result = _ps.Invoke("Get-PatchFinding @aws");

        Assert.Empty(result.Errors);
        var findings = result.OutputOf<PatchFinding>();
        var expected = Active();
        Assert.Equal(expected.Select(f => f.FindingArn).Order(), findings.Select(f => f.FindingArn).Order());
        // Each lane (a set of instance-id prefixes) pages its share at 100 a page: never more than the minimum
        // ceil(N / 100) plus one partial page per extra lane.
        var perLane = AwsPatch.Findings.FindingService.InstanceIdPrefixes(AwsPatch.Findings.FindingService.ListParallelism)
            .Sum(prefixes => Math.Max(1, (expected.Count(f => prefixes.Any(p => f.ResourceId.StartsWith(p, StringComparison.Ordinal))) + 99) / 100));
        Assert.Equal(perLane, _sandbox.Counters["inspector2:ListFindings"]);
        Assert.InRange(perLane, (expected.Count + 99) / 100, (expected.Count + 99) / 100 + AwsPatch.Findings.FindingService.ListParallelism - 1);

        var sample = expected.First(f => f.Packages.Count > 0 && f.FixAvailable == "YES");
        var mapped = findings.Single(f => f.FindingArn == sample.FindingArn);
        Assert.Equal(sample.ResourceId, mapped.InstanceId);
        Assert.Equal("Ec2Instance", mapped.ResourceType);
        Assert.Equal(sample.Severity, mapped.Severity.ToUpperInvariant());
        Assert.Equal(sample.VulnerabilityId, mapped.VulnerabilityId);
        Assert.Equal(sample.Packages[0].Name, mapped.PackageName);
        Assert.Equal(sample.Packages[0].FixedInVersion, mapped.FixedInVersion);
        Assert.Equal("Yes", mapped.FixAvailable);
        Assert.Equal("Active", mapped.Status);
        Assert.Equal("us-east-1", mapped.Region);
        Assert.Equal(sample.EpssScore, mapped.EpssScore);
    }

    [Fact]
    public void Filters_are_applied_by_inspector()
    {
        var result = _ps.Invoke("Get-PatchFinding @aws -Severity Critical, High -FixAvailable -MinimumScore 7");

        var expected = Active().Where(f => f.Severity is "CRITICAL" or "HIGH" && f.FixAvailable is "YES" or "PARTIAL" && f.InspectorScore >= 7).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(f => f.FindingArn).Order(), result.OutputOf<PatchFinding>().Select(f => f.FindingArn).Order());
    }

    [Fact]
    public void Instances_pipe_in_and_instances_inspector_does_not_scan_are_warned_about()
    {
        var staging = _sandbox.State.InstancesIn("us-east-1").Where(i => i.Tags.GetValueOrDefault("Environment") == "staging").ToList();
        var result = _ps.Invoke("Get-PatchInstance @aws -Tag @{ Environment = 'staging' } | Get-PatchFinding @awsNoRegion");

        Assert.Empty(result.Errors);
        var ids = staging.Select(i => i.InstanceId).ToHashSet();
        Assert.Equal(Active().Where(f => ids.Contains(f.ResourceId)).Select(f => f.FindingArn).Order(), result.OutputOf<PatchFinding>().Select(f => f.FindingArn).Order());
        foreach (var idle in staging.Where(i => i.State != "running" || i.Ssm == null))
            Assert.Contains(result.Warnings, w => w.Message.Contains(idle.InstanceId));
        Assert.DoesNotContain(result.Warnings, w => w.Message.Contains(staging.First(i => i.State == "running" && i.Ssm != null).InstanceId));
    }

    [Fact]
    public void First_asks_inspector_for_exactly_that_many()
    {
        _sandbox.Counters.Reset();
        var result = _ps.Invoke("Get-PatchFinding @aws -First 5");
        Assert.Equal(5, result.Output.Count);
        Assert.Equal(1, _sandbox.Counters["inspector2:ListFindings"]);
    }

    [Fact]
    public void Bad_values_are_rejected_at_binding_naming_what_is_accepted()
    {
        var cve = _ps.Invoke("Get-PatchFinding @aws -VulnerabilityId 'CVE-24-1'");
        var error = Assert.Single(cve.Errors);
        Assert.StartsWith("ParameterArgumentValidationError,", error.FullyQualifiedErrorId);
        Assert.Contains("CVE-2024-6387", error.Exception.Message);

        var severity = _ps.Invoke("Get-PatchFinding @aws -Severity Severe");
        Assert.Contains("Critical", Assert.Single(severity.Errors).Exception.Message);
        Assert.Empty(cve.Output);
    }

    [Fact]
    public void Inspector_not_enabled_is_one_clear_error_with_the_fix()
    {
        _sandbox.Inspector2.SetEnabled("us-east-1", false);
        var result = _ps.Invoke("Get-PatchFinding @aws");

        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ServiceNotEnabled,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotEnabled, error.CategoryInfo.Category);
        Assert.Contains("not enabled", error.Exception.Message);
        Assert.Contains("inspector2 enable", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void Priorities_rank_every_instance_with_findings_riskiest_first_and_need_no_aws_for_piped_findings()
    {
        var findings = _ps.Invoke("$findings = Get-PatchFinding @aws; $findings.Count");
        Assert.Empty(findings.Errors);
        // In a scope with no session at all: findings alone are enough.
        var result = _ps.Invoke("$findings | Get-PatchPriority");

        Assert.Empty(result.Errors);
        var ranked = result.OutputOf<PatchPriority>();
        var withPackageFindings = Active().Where(f => f.Type == "PACKAGE_VULNERABILITY").Select(f => f.ResourceId).Distinct().Count();
        Assert.InRange(ranked.Count, withPackageFindings, Active().Select(f => f.ResourceId).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, ranked.Count), ranked.Select(r => r.Rank));
        Assert.Equal(ranked.Select(r => r.RiskScore).OrderDescending(), ranked.Select(r => r.RiskScore));
        var top = ranked[0];
        Assert.Equal(Active().Count(f => f.ResourceId == top.InstanceId && f.Type == "PACKAGE_VULNERABILITY"), top.FindingCount);
    }

    [Fact]
    public void Priorities_for_piped_instances_fetch_their_findings_and_include_clean_instances()
    {
        var production = _sandbox.State.InstancesIn("us-east-1").Where(i => i.Tags.GetValueOrDefault("Environment") == "production").ToList();
        var result = _ps.Invoke("Get-PatchInstance @aws -Tag @{ Environment = 'production' } | Get-PatchPriority @awsNoRegion");

        Assert.Empty(result.Errors);
        var ranked = result.OutputOf<PatchPriority>();
        Assert.Equal(production.Select(i => i.InstanceId).Order(), ranked.Select(r => r.InstanceId).Order());
        Assert.All(ranked, r => Assert.Equal("production", r.Environment));
        var clean = production.Where(i => !Active().Any(f => f.ResourceId == i.InstanceId)).ToList();
        Assert.All(clean, c => Assert.Equal(0, ranked.Single(r => r.InstanceId == c.InstanceId).RiskScore));
    }
}
