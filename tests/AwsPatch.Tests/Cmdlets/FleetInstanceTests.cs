using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Get-PatchInstance across regions and accounts (issue 18): several regions, several roles assumed through the
/// sandbox's STS, a failing role among good ones, the external id, credentials cached per role, and the session
/// parameters every other cmdlet rejects when it cannot fan out yet.
/// </summary>
public sealed class FleetInstanceTests(SandboxFixture fixture) : FleetTestBase(fixture), IClassFixture<SandboxFixture>
{
    private static List<(string Account, string Region, string Id)> Listed(PowerShellResult result) =>
        [.. result.OutputOf<PatchInstance>().Select(i => (i.AccountId!, i.Region, i.InstanceId)).Order()];

    [Fact]
    public void Several_regions_list_each_region_once_and_every_instance_says_where_it_lives()
    {
        var result = Ps.Invoke("Get-PatchInstance @awsNoRegion -Region us-east-1, eu-west-1");

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        Assert.Equal([.. Fleet(First, "us-east-1", "eu-west-1").Order()], Listed(result));
        Assert.Equal(2, Sandbox.Counters["ec2:DescribeInstances"]);
        Assert.Equal(0, Sandbox.Counters["sts:AssumeRole"]);
    }

    [Fact]
    public void Several_accounts_through_their_roles_and_each_role_is_assumed_once_across_regions_and_calls()
    {
        var command = $"Get-PatchInstance @awsNoRegion -AccountId {First}, {Second} -RoleName AwsPatch -Region us-east-1, eu-west-1 -ThrottleLimit 2";
        var result = Ps.Invoke(command);

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        Assert.Equal([.. Fleet(First, "us-east-1", "eu-west-1").Concat(Fleet(Second, "us-east-1", "eu-west-1")).Order()], Listed(result));
        Assert.Equal(4, Sandbox.Counters["ec2:DescribeInstances"]);
        Assert.Equal(2, Sandbox.Counters["sts:AssumeRole"]);

        var again = Ps.Invoke(command);
        Assert.Equal(Listed(result), Listed(again));
        Assert.Equal(2, Sandbox.Counters["sts:AssumeRole"]);   // cached per role until shortly before it expires
    }

    [Fact]
    public void A_role_that_cannot_be_assumed_is_one_error_naming_its_account_and_the_others_go_on()
    {
        var result = Ps.Invoke($"$DebugPreference = 'Continue'; Get-PatchInstance @aws -RoleArn arn:aws:iam::{First}:role/AwsPatch, arn:aws:iam::{Second}:role/NoSuchRole");

        Assert.Null(result.Terminating);
        Assert.Equal([.. Fleet(First, "us-east-1").Order()], Listed(result));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("AssumeRoleFailed,", error.FullyQualifiedErrorId);
        Assert.Equal($"{Second}/us-east-1", error.TargetObject);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains($"arn:aws:iam::{Second}:role/NoSuchRole", error.Exception.Message);
        Assert.Contains("AccessDenied", error.Exception.Message);
        Assert.Contains("trust policy", error.ErrorDetails.RecommendedAction);
        Assert.DoesNotContain("ASIA", result.AllText);   // no assumed access key (let alone its secret) in any stream
        Assert.DoesNotContain(SandboxShell.SecretKey, result.AllText);
    }

    [Fact]
    public void Each_failing_account_region_is_its_own_error_naming_it_and_the_statement_goes_on()
    {
        Sandbox.Faults.For("ec2:DescribeInstances").Denied = true;

        var result = Ps.Invoke($"Get-PatchInstance @awsNoRegion -Region us-east-1, eu-west-1 -AccountId {Second} -RoleName AwsPatch; 'next'");

        Assert.Null(result.Terminating);
        Assert.Equal("next", Assert.Single(result.Output).BaseObject);
        Assert.Equal([$"{Second}/eu-west-1", $"{Second}/us-east-1"], result.Errors.Select(e => (string)e.TargetObject).Order());
        Assert.All(result.Errors, e =>
        {
            Assert.StartsWith("AccountRegionFailed,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.PermissionDenied, e.CategoryInfo.Category);
            Assert.Contains($"account {Second}", e.Exception.Message);
            Assert.Contains("ec2:DescribeInstances", e.ErrorDetails.RecommendedAction);
        });
    }

    [Fact]
    public void The_external_id_the_trust_policy_asks_for_is_sent()
    {
        Sandbox.Accounts.AddRole(new SandboxRole(Second, "Customer") { TrustedAccounts = [First], ExternalId = "tenant-42" });

        var without = Ps.Invoke($"Get-PatchInstance @aws -AccountId {Second} -RoleName Customer");
        var with = Ps.Invoke($"Get-PatchInstance @aws -AccountId {Second} -RoleName Customer -ExternalId tenant-42");

        Assert.StartsWith("AssumeRoleFailed,", Assert.Single(without.Errors).FullyQualifiedErrorId);
        Assert.Empty(without.Output);
        Assert.True(with.Errors.Count == 0, with.ToString());
        Assert.Equal([.. Fleet(Second, "us-east-1").Order()], Listed(with));
    }

    [Theory]
    [InlineData("Get-PatchInstance @aws -AccountId 210987654321", "-AccountId needs -RoleName")]
    [InlineData("Get-PatchInstance @aws -RoleName AwsPatch", "-RoleName needs -AccountId")]
    [InlineData("Get-PatchInstance @aws -ExternalId x1", "-ExternalId is only sent")]
    [InlineData("Get-PatchInstance @aws -RoleArn arn:aws:iam::210987654321:role/AwsPatch -AccountId 210987654321", "cannot be combined")]
    [InlineData("Get-PatchInstance @aws -RoleArn role/AwsPatch", "is not an IAM role ARN")]
    [InlineData("Get-PatchWindow @awsNoRegion -Region us-east-1, eu-west-1", "works in one region and one account at a time")]
    public void Contradictory_or_not_yet_supported_targets_end_the_command_with_the_fix(string command, string message)
    {
        var result = Ps.Invoke(command);

        var error = (result.Terminating as IContainsErrorRecord)?.ErrorRecord ?? result.Errors.FirstOrDefault();
        Assert.NotNull(error);
        Assert.Contains(message, error!.Exception.Message);
        Assert.False(string.IsNullOrEmpty(error.ErrorDetails?.RecommendedAction));
        Assert.Empty(result.Output);
        Assert.Equal(0, Sandbox.Counters["sts:AssumeRole"]);
    }
}
