using AwsPatch.Findings;

namespace AwsPatch.Tests.Unit.Findings;

public class PriorityCalculatorTests
{
    private static PatchFinding F(string instance, string severity, double? score = null, bool exploit = false, double? epss = null, string fix = "Yes", string? env = null, string type = "PackageVulnerability", string? cve = null) => new()
    {
        FindingArn = Guid.NewGuid().ToString(),
        InstanceId = instance,
        ResourceId = instance,
        Severity = severity,
        InspectorScore = score,
        ExploitAvailable = exploit,
        EpssScore = epss,
        FixAvailable = fix,
        Status = "Active",
        FindingType = type,
        VulnerabilityId = cve,
        Region = "us-east-1",
        ResourceTags = env == null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Environment"] = env },
    };

    [Fact]
    public void Finding_risk_matches_the_documented_formula()
    {
        // 9.8 × 1 × (1 + 4×0.01) × 1 = 10.192
        Assert.Equal(10.192, PriorityCalculator.FindingRisk(F("i-1", "Critical", 9.8, epss: 0.01)), 6);
        // 7.5 × 2 × (1 + 4×0.6) × 1 = 51
        Assert.Equal(51.0, PriorityCalculator.FindingRisk(F("i-1", "High", 7.5, exploit: true, epss: 0.6)), 6);
        // no Inspector score: High = 7; no fix: × 0.5 → 3.5
        Assert.Equal(3.5, PriorityCalculator.FindingRisk(F("i-1", "High", fix: "No")), 6);
        // Partial fixes count as fixable
        Assert.Equal(5.0, PriorityCalculator.FindingRisk(F("i-1", "Medium", fix: "Partial")), 6);
    }

    [Fact]
    public void Exploitable_high_epss_outranks_a_higher_raw_cvss()
    {
        var calc = new PriorityCalculator();
        calc.Add(F("i-cvss", "Critical", 9.8, epss: 0.01));
        calc.Add(F("i-exploit", "High", 7.5, exploit: true, epss: 0.6));
        var ranked = calc.Rank();
        Assert.Equal(new[] { "i-exploit", "i-cvss" }, ranked.Select(r => r.InstanceId));
        Assert.Equal(new[] { 1, 2 }, ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Instance_score_combines_findings_environment_and_exposure_as_documented()
    {
        var calc = new PriorityCalculator();
        calc.Add(F("i-a", "High", 8.0, env: "production", cve: "CVE-A"));     // 8
        calc.Add(F("i-a", "Medium", 5.0, env: "production", cve: "CVE-B"));   // 5
        calc.Add(F("i-a", "Low", 2.0, env: "production", fix: "No", cve: "CVE-C"));   // 1
        calc.Add(F("i-a", "Low", null, type: "NetworkReachability"));          // exposure only
        var a = Assert.Single(calc.Rank());
        // (8 + 0.1 × (5 + 1)) × 1.5 (production) × 1.5 (internet-facing) = 8.6 × 2.25 = 19.35
        Assert.Equal(19.35, a.RiskScore, 6);
        Assert.Equal((1, 1, 1, 3, 2), (a.HighCount, a.MediumCount, a.LowCount, a.FindingCount, a.FixableCount));
        Assert.True(a.InternetFacing);
        Assert.Equal("production", a.Environment);
        Assert.Equal(8.0, a.MaxInspectorScore);
        Assert.Equal(new[] { "CVE-A", "CVE-B", "CVE-C" }, a.TopVulnerabilityIds);
    }

    [Fact]
    public void Same_findings_rank_production_and_internet_facing_first_and_instances_without_findings_last()
    {
        var calc = new PriorityCalculator();
        foreach (var (id, env) in new[] { ("i-dev", "dev"), ("i-stage", "staging"), ("i-prod", "production") })
            calc.Add(F(id, "High", 7.0, env: env));
        calc.AddInstance("i-public", "us-east-1", "staging", null, internetFacing: true);
        calc.Add(F("i-public", "High", 7.0));
        calc.AddInstance("i-clean", "us-east-1", "production", "web-prod", internetFacing: false);

        var ranked = calc.Rank();
        Assert.Equal(new[] { "i-prod", "i-public", "i-stage", "i-dev", "i-clean" }, ranked.Select(r => r.InstanceId));
        Assert.Equal(new[] { 10.5, 10.5, 7.0, 5.6, 0.0 }, ranked.Select(r => r.RiskScore));
        Assert.Equal("web-prod", ranked[4].PatchGroup);
    }

    [Fact]
    public void Closed_and_suppressed_findings_do_not_count()
    {
        var calc = new PriorityCalculator();
        calc.Add(new PatchFinding { InstanceId = "i-1", Severity = "Critical", Status = "Closed", FixAvailable = "Yes" });
        calc.Add(F("i-1", "Low", 2.0));
        var only = Assert.Single(calc.Rank());
        Assert.Equal(0, only.CriticalCount);
        Assert.Equal(1, only.FindingCount);
    }

    [Fact]
    public void Instances_whose_findings_are_unknown_can_be_left_out_of_the_ranking()
    {
        var calc = new PriorityCalculator();
        calc.AddInstance("i-failed", "us-east-1", null, null, false);
        calc.Add(F("i-ok", "Low", 2.0));
        var ranked = calc.Rank(new HashSet<string> { "i-failed" });
        Assert.Equal("i-ok", Assert.Single(ranked).InstanceId);
        Assert.Equal(1, ranked[0].Rank);
    }
}
