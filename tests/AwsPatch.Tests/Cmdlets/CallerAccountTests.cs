using AwsPatch.Commands.Common;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Unit;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// AccountId on what the session's own credentials read (issue 18): no role names the account, so the module asks STS
/// GetCallerIdentity, once per credentials for the process and only for objects that need it; when that fails the
/// objects keep an empty AccountId, the command writes one warning naming why, and the listing is whole.
/// </summary>
public sealed class CallerAccountTests : FleetTestBase, IClassFixture<SandboxFixture>
{
    private const string Identity = "sts:GetCallerIdentity";

    public CallerAccountTests(SandboxFixture fixture)
        : base(fixture)
    {
        // Services of this runspace's own (a fresh account cache, so the counts below are this test's calls alone),
        // waiting on the sandbox clock (a scan takes no real time).
        ModuleServices.UseWaitClock(Ps.Runspace, new FakeWaitClock(onDelay: by => Sandbox.Clock.Advance(by)));
    }

    [Fact]
    public void Compliance_missing_patches_and_priorities_read_with_own_keys_name_their_account_asked_once_for_every_region_and_command()
    {
        var east = Sandbox.State.InstancesIn("us-east-1").First(i => i.Ssm is { PingStatus: "Online" } && i.State == "running").InstanceId;
        Assert.Empty(Ps.Invoke($"Invoke-PatchRun @aws -InstanceId {east} -Operation Scan -Wait").Errors);   // so it has patches to list

        var compliance = Ps.Invoke("Get-PatchCompliance @awsNoRegion -Region us-east-1, eu-west-1");
        var missing = Ps.Invoke($"Get-PatchMissing @aws -InstanceId {east} -State Missing, Installed");
        var ranked = Ps.Invoke($"Get-PatchPriority @aws -InstanceId {east}");

        foreach (var result in new[] { compliance, missing, ranked })
            Assert.True(result.Errors.Count == 0 && result.Warnings.Count == 0 && result.Terminating is null, result.ToString());
        Assert.Equal(["eu-west-1", "us-east-1"], compliance.OutputOf<PatchCompliance>().Select(c => c.Region).Distinct().Order());
        Assert.All(compliance.OutputOf<PatchCompliance>(), c => Assert.Equal(First, c.AccountId));
        Assert.NotEmpty(missing.OutputOf<PatchMissing>());
        Assert.All(missing.OutputOf<PatchMissing>(), m => Assert.Equal(First, m.AccountId));
        Assert.Equal(First, Assert.Single(ranked.OutputOf<PatchPriority>()).AccountId);
        Assert.Equal(1, Sandbox.Counters[Identity]);
    }

    [Fact]
    public void Reading_through_a_role_listing_instances_or_finding_nothing_asks_STS_nothing()
    {
        var role = Ps.Invoke($"Get-PatchCompliance @aws -RoleArn arn:aws:iam::{First}:role/AwsPatch");
        var instances = Ps.Invoke("Get-PatchInstance @aws");
        var none = Ps.Invoke("Get-PatchCompliance @aws -InstanceId i-0000000000000dead");

        Assert.All(role.OutputOf<PatchCompliance>(), c => Assert.Equal(First, c.AccountId));
        Assert.NotEmpty(role.OutputOf<PatchCompliance>());
        Assert.All(instances.OutputOf<PatchInstance>(), i => Assert.Equal(First, i.AccountId));   // EC2 names the owner
        Assert.Empty(none.Output);
        Assert.Single(none.Errors);
        Assert.Equal(0, Sandbox.Counters[Identity]);
    }

    [Fact]
    public void When_the_account_cannot_be_read_AccountId_stays_empty_with_one_warning_naming_why_and_the_listing_is_whole()
    {
        var expected = Ps.Invoke($"Get-PatchCompliance @awsNoRegion -Region us-east-1, eu-west-1 -RoleArn arn:aws:iam::{First}:role/AwsPatch")
            .OutputOf<PatchCompliance>().Select(c => (c.Region, c.InstanceId, c.ComplianceState)).Order().ToList();
        // A proxy or VPC endpoint policy in the way of STS answers with its own page, no AWS error code.
        Sandbox.Faults.For(Identity).Error = new InjectedError(403);

        var result = Ps.Invoke("Get-PatchCompliance @awsNoRegion -Region us-east-1, eu-west-1");

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        Assert.Equal(expected, result.OutputOf<PatchCompliance>().Select(c => (c.Region, c.InstanceId, c.ComplianceState)).Order());
        Assert.All(result.OutputOf<PatchCompliance>(), c => Assert.Null(c.AccountId));
        var warning = Assert.Single(result.Warnings).Message;
        Assert.Contains("AccountId is left empty", warning);
        Assert.Contains(Identity, warning);
        Assert.Contains("-AccessKey/-SecretKey", warning);   // the credentials it could not name the account of
        Assert.Contains("-RoleArn", warning);
        Assert.DoesNotContain(SandboxShell.SecretKey, result.AllText);
        Assert.Equal(1, Sandbox.Counters[Identity]);
    }
}
