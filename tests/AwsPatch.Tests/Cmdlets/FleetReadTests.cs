using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// The read cmdlets across accounts and regions (issue 18): Get-PatchCompliance and Get-PatchFinding fan out like
/// Get-PatchInstance (each account–region once, every object saying where it is, one error per failing target), the
/// roll-ups break down per account and region, and -InstanceId finds each id where it lives.
/// </summary>
public sealed class FleetReadTests(SandboxFixture fixture) : FleetTestBase(fixture), IClassFixture<SandboxFixture>
{
    private const string BothAccounts = $"-AccountId {First}, {Second} -RoleName AwsPatch -Region us-east-1, eu-west-1";

    private static List<(string? Account, string Region, string Id, string State)> Compliance(PowerShellResult result) =>
        [.. result.OutputOf<PatchCompliance>().Select(c => (c.AccountId, c.Region, c.InstanceId, c.ComplianceState)).Order()];

    /// <summary>What each account–region pair reports on its own, one call per pair.</summary>
    private List<(string? Account, string Region, string Id, string State)> OneByOne(string command)
    {
        var all = new List<(string?, string, string, string)>();
        foreach (var account in new[] { First, Second })
        {
            foreach (var region in new[] { "us-east-1", "eu-west-1" })
            {
                var single = Ps.Invoke($"{command} @awsNoRegion -AccountId {account} -RoleName AwsPatch -Region {region}");
                Assert.True(single.Errors.Count == 0, single.ToString());
                all.AddRange(Compliance(single));
            }
        }
        return [.. all.Order()];
    }

    [Fact]
    public void Compliance_across_two_accounts_and_two_regions_is_what_each_pair_reports_and_says_where_each_instance_is()
    {
        var expected = OneByOne("Get-PatchCompliance");
        Sandbox.Counters.Reset();

        var result = Ps.Invoke($"Get-PatchCompliance @awsNoRegion {BothAccounts} -ThrottleLimit 2");

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        Assert.Equal(expected, Compliance(result));
        Assert.Equal(4, expected.Select(c => (c.Account, c.Region)).Distinct().Count());
        Assert.All(result.OutputOf<PatchCompliance>(), c => Assert.Equal(c.Region, Sandbox.Accounts[c.AccountId!].FindInstance(c.InstanceId)!.Region));
    }

    [Fact]
    public void The_compliance_summary_across_accounts_and_regions_breaks_the_counts_down_per_account_and_per_region()
    {
        var each = OneByOne("Get-PatchCompliance");

        var result = Ps.Invoke($"Get-PatchCompliance @awsNoRegion {BothAccounts} -Summary");

        Assert.True(result.Errors.Count == 0, result.ToString());
        var summary = Assert.Single(result.OutputOf<PatchComplianceSummary>());
        Assert.Equal(each.Count, summary.Total);
        Assert.Equal(each.Count(c => c.State == "Compliant"), summary.Compliant);
        Assert.Equal(
            each.GroupBy(c => c.Account!).Select(g => (g.Key, g.Count(), g.Count(c => c.State == "Compliant"))).OrderBy(g => g.Key),
            summary.ByAccount.Select(c => (c.Name, c.Total, c.Compliant)).OrderBy(c => c.Name));
        Assert.All(summary.ByAccount, c => Assert.Equal("AccountId", c.GroupBy));
        Assert.Equal(
            each.GroupBy(c => c.Region).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key),
            summary.ByRegion.Select(c => (c.Name, c.Total)).OrderBy(c => c.Name));
        Assert.Equal("eu-west-1, us-east-1", summary.Region);
    }

    [Fact]
    public void Instances_piped_from_a_multi_account_listing_are_read_in_their_own_account_and_region()
    {
        var result = Ps.Invoke($"""
            $listed = Get-PatchInstance @awsNoRegion {BothAccounts} -ManagedOnly | Where-Object State -eq 'running'
            $listed | Get-PatchCompliance -EndpointUrl $endpoint -AccessKey $ak -SecretKey $sk
            """);

        Assert.True(result.Errors.Count == 0, result.ToString());
        var listed = (List<PatchInstance>)[.. Ps.Invoke("$listed").OutputOf<PatchInstance>()];
        Assert.Equal(
            [.. listed.Select(i => (i.AccountId, i.Region, i.InstanceId)).Order()],
            result.OutputOf<PatchCompliance>().Select(c => (c.AccountId, c.Region, c.InstanceId)).Order());
        Assert.Contains(listed, i => i.AccountId == Second && i.Region == "eu-west-1");
    }

    [Fact]
    public void A_role_that_cannot_be_assumed_is_one_compliance_error_naming_it_and_the_other_account_is_reported()
    {
        var result = Ps.Invoke($"Get-PatchCompliance @aws -RoleArn arn:aws:iam::{First}:role/AwsPatch, arn:aws:iam::{Second}:role/NoSuchRole -Summary");

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("AssumeRoleFailed,", error.FullyQualifiedErrorId);
        Assert.Equal($"{Second}/us-east-1", error.TargetObject);
        var summary = Assert.Single(result.OutputOf<PatchComplianceSummary>());
        Assert.Equal(First, Assert.Single(summary.ByAccount).Name);
        Assert.True(summary.Total > 0);
    }

    [Fact]
    public void Findings_across_accounts_and_regions_come_from_each_and_an_account_without_Inspector_is_one_error_per_region()
    {
        var east = Ps.Invoke("Get-PatchFinding @awsNoRegion -Region us-east-1 -Severity Critical").OutputOf<PatchFinding>();
        var west = Ps.Invoke("Get-PatchFinding @awsNoRegion -Region eu-west-1 -Severity Critical").OutputOf<PatchFinding>();

        var result = Ps.Invoke($"Get-PatchFinding @awsNoRegion {BothAccounts} -Severity Critical");

        Assert.Null(result.Terminating);
        Assert.Equal(east.Concat(west).Select(f => f.FindingArn).Order(), result.OutputOf<PatchFinding>().Select(f => f.FindingArn).Order());
        Assert.NotEmpty(east);
        Assert.NotEmpty(west);
        Assert.All(result.OutputOf<PatchFinding>(), f => Assert.Equal(First, f.AccountId));
        // Inspector was never activated in the sandbox's second account.
        Assert.Equal([$"{Second}/eu-west-1", $"{Second}/us-east-1"], result.Errors.Select(e => (string)e.TargetObject).Order());
        Assert.All(result.Errors, e => Assert.StartsWith("AccountRegionFailed,", e.FullyQualifiedErrorId));
    }

    [Fact]
    public void The_priority_summary_ranks_the_account_region_pairs_and_counts_what_the_instances_add_up_to()
    {
        var result = Ps.Invoke("""
            $findings = Get-PatchFinding @awsNoRegion -Region us-east-1, eu-west-1 -Severity Critical, High
            $ranked = $findings | Get-PatchPriority
            $findings | Get-PatchPriority -Summary
            """);

        Assert.True(result.Errors.Count == 0, result.ToString());
        var ranked = Ps.Invoke("$ranked").OutputOf<PatchPriority>();
        var summaries = result.OutputOf<PatchPrioritySummary>();
        Assert.Equal(["eu-west-1", "us-east-1"], summaries.Select(s => s.Region).Order());
        Assert.All(summaries, s =>
        {
            var here = ranked.Where(p => p.Region == s.Region).ToList();
            Assert.Equal(First, s.AccountId);
            Assert.Equal(here.Count, s.InstanceCount);
            Assert.Equal(here.Sum(p => p.CriticalCount), s.CriticalCount);
            Assert.Equal(here.Min(p => p.Rank), s.TopRank);
            Assert.Equal(here.Single(p => p.Rank == s.TopRank).InstanceId, s.TopInstanceId);
        });
        Assert.Equal(1, summaries[0].TopRank);
        Assert.All(ranked, p => Assert.Equal(First, p.AccountId));
    }

    [Fact]
    public void Priorities_of_ids_in_several_regions_are_each_instance_read_where_it_lives_and_an_id_found_nowhere_is_one_warning()
    {
        var east = Sandbox.Accounts[First].InstancesIn("us-east-1").Where(i => i.State == "running").Select(i => i.InstanceId).Take(3).ToList();
        var west = Sandbox.Accounts[First].InstancesIn("eu-west-1").Where(i => i.State == "running").Select(i => i.InstanceId).Take(2).ToList();
        const string nowhere = "i-0000000000000dead";
        var alone = Ps.Invoke($"Get-PatchPriority @awsNoRegion -Region us-east-1 -InstanceId {string.Join(", ", east)}").OutputOf<PatchPriority>()
            .Concat(Ps.Invoke($"Get-PatchPriority @awsNoRegion -Region eu-west-1 -InstanceId {string.Join(", ", west)}").OutputOf<PatchPriority>())
            .Select(p => (p.AccountId, p.Region, p.InstanceId, p.RiskScore, p.FindingCount)).Order().ToList();

        Sandbox.Counters.Reset();

        // Piped one by one: still one lookup of all the ids per region at the end, not one per id.
        var result = Ps.Invoke($"{string.Join(", ", east.Concat(west).Append(nowhere).Select(id => $"'{id}'"))} | Get-PatchPriority @awsNoRegion -Region us-east-1, eu-west-1");

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        var ranked = result.OutputOf<PatchPriority>();
        Assert.Equal(alone, ranked.Select(p => (p.AccountId, p.Region, p.InstanceId, p.RiskScore, p.FindingCount)).Order());
        Assert.Equal(east.Count + west.Count, ranked.Count);
        Assert.All(ranked, p => Assert.Equal(First, p.AccountId));
        Assert.Equal(Enumerable.Range(1, ranked.Count), ranked.Select(p => p.Rank));
        Assert.Equal(ranked.Select(p => p.RiskScore).OrderDescending(), ranked.Select(p => p.RiskScore));
        Assert.Contains(ranked, p => p.FindingCount > 0);
        var warning = Assert.Single(result.Warnings);   // each region says it does not have the others' ids: only the id no region has is said
        Assert.Contains(nowhere, warning.Message);
        Assert.Equal(2, Sandbox.Counters["inspector2:ListCoverage"]);
    }

    [Fact]
    public void Priorities_through_two_roles_rank_the_instance_in_its_account_and_the_account_without_Inspector_is_one_error()
    {
        var id = Ps.Invoke("Get-PatchFinding @aws -Severity Critical -First 1").OutputOf<PatchFinding>().Single().InstanceId!;
        var single = Ps.Invoke($"Get-PatchPriority @aws -InstanceId {id}");
        var alone = Assert.Single(single.OutputOf<PatchPriority>());

        var result = Ps.Invoke($"Get-PatchPriority @aws -RoleArn arn:aws:iam::{First}:role/AwsPatch, arn:aws:iam::{Second}:role/AwsPatch -InstanceId {id}");

        Assert.Null(result.Terminating);
        var ranked = Assert.Single(result.OutputOf<PatchPriority>());
        Assert.Equal((First, "us-east-1", id, alone.RiskScore, alone.FindingCount, 1), (ranked.AccountId, ranked.Region, ranked.InstanceId, ranked.RiskScore, ranked.FindingCount, ranked.Rank));
        Assert.True(ranked.FindingCount > 0);
        // Inspector was never activated in the sandbox's second account.
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("AccountRegionFailed,", error.FullyQualifiedErrorId);
        Assert.Equal($"{Second}/us-east-1", error.TargetObject);
        Assert.Equal(single.Warnings.Select(w => w.Message), result.Warnings.Select(w => w.Message));   // what Inspector says of the instance, once
    }

    [Theory]
    [InlineData("Get-PatchInstance")]
    [InlineData("Get-PatchCompliance")]
    public void InstanceId_with_several_accounts_and_regions_finds_each_id_where_it_lives_and_one_error_names_an_id_found_nowhere(string cmdlet)
    {
        var west = Managed(First, "eu-west-1");
        var second = Managed(Second, "us-east-1");
        const string nowhere = "i-0000000000000dead";

        var result = Ps.Invoke($"{cmdlet} @awsNoRegion {BothAccounts} -InstanceId {west}, {second}, {nowhere}");

        Assert.Null(result.Terminating);
        var found = result.Output.Select(o => ((string)o.Properties["AccountId"].Value, (string)o.Properties["Region"].Value, (string)o.Properties["InstanceId"].Value)).Order();
        Assert.Equal([(First, "eu-west-1", west), (Second, "us-east-1", second)], found);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("InstanceNotFound,", error.FullyQualifiedErrorId);
        Assert.Equal(nowhere, error.TargetObject);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        foreach (var target in new[] { $"{First}/us-east-1", $"{First}/eu-west-1", $"{Second}/us-east-1", $"{Second}/eu-west-1" })
            Assert.Contains(target, error.Exception.Message);
        Assert.False(string.IsNullOrEmpty(error.ErrorDetails?.RecommendedAction));
    }

    [Fact]
    public void Findings_by_id_in_several_regions_come_from_where_each_instance_lives_and_only_an_id_found_nowhere_is_warned_about()
    {
        var west = Ps.Invoke("Get-PatchFinding @awsNoRegion -Region eu-west-1 -First 1").OutputOf<PatchFinding>().Single().InstanceId!;
        const string nowhere = "i-0000000000000dead";
        var alone = Ps.Invoke($"Get-PatchFinding @awsNoRegion -Region eu-west-1 -InstanceId {west}").OutputOf<PatchFinding>();

        var result = Ps.Invoke($"Get-PatchFinding @awsNoRegion -Region us-east-1, eu-west-1 -InstanceId {west}, {nowhere}, i-bad");

        Assert.Null(result.Terminating);
        Assert.Equal(alone.Select(f => f.FindingArn).Order(), result.OutputOf<PatchFinding>().Select(f => f.FindingArn).Order());
        Assert.All(result.OutputOf<PatchFinding>(), f => Assert.Equal("eu-west-1", f.Region));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains(nowhere, warning.Message);
        var error = Assert.Single(result.Errors);   // the malformed id, once rather than once per region
        Assert.StartsWith("InvalidInstanceId,", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void Missing_patches_by_id_across_accounts_and_regions_are_read_where_each_instance_lives()
    {
        var west = Managed(First, "eu-west-1");
        var second = Managed(Second, "us-east-1");
        const string nowhere = "i-0000000000000dead";

        var result = Ps.Invoke($"Get-PatchMissing @awsNoRegion {BothAccounts} -InstanceId {west}, {second}, {nowhere} -State Missing, Installed");

        Assert.Null(result.Terminating);
        // Each instance is read in its own account and region: its patches come out there, or (never scanned) one
        // warning names it in its own region; the other accounts and regions, which do not manage it, stay silent.
        var home = new Dictionary<string, (string Account, string Region)> { [west] = (First, "eu-west-1"), [second] = (Second, "us-east-1") };
        Assert.All(result.OutputOf<PatchMissing>(), m => Assert.Equal(home[m.InstanceId], (m.AccountId!, m.Region)));
        foreach (var (id, where) in home)
        {
            var warned = result.Warnings.Where(w => w.Message.Contains(id)).ToList();
            Assert.True(result.OutputOf<PatchMissing>().Any(m => m.InstanceId == id) || warned.Count == 1, result.ToString());
            Assert.All(warned, w => Assert.Contains($"in {where.Region}", w.Message));
        }
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("InstanceNotFound,", error.FullyQualifiedErrorId);
        Assert.Equal(nowhere, error.TargetObject);
    }
}
