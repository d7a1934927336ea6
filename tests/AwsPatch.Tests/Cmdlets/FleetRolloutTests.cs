using AwsPatch.Commands.Common;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// A multi-account, multi-region listing piped into the rollout cmdlets (issue 18). A rollout lives in one account and
/// region (its record, its baseline snapshot, its waves and gates), so input from several is refused as a whole before
/// anything is read, snapshotted, sent or recorded, naming every account-region; one rollout per account-region (the
/// fix the error gives) patches each instance where it lives.
/// </summary>
public sealed class FleetRolloutTests(SandboxFixture fixture) : PatchRunTestBase(fixture), IClassFixture<SandboxFixture>
{
    private const string Second = SandboxAccounts.SecondAccountId;
    private const string First = SandboxFleet.DefaultAccountId;
    private const string Keys = "-EndpointUrl $endpoint -AccessKey AKIDSANDBOX -SecretKey sandbox-secret-value";
    private const string Listing = $$"""
        Get-PatchInstance {{Keys}} -Region us-east-1, eu-west-1 -AccountId {{First}}, {{Second}} -RoleName AwsPatch -ManagedOnly |
            Where-Object { $_.SsmPingStatus -eq 'Online' -and $_.State -eq 'running' }
        """;

    /// <summary>The hosted engine has no Group-Object: the same grouping by AccountId and Region, as a hashtable of lists.</summary>
    private const string Grouped = $$"""
        $groups = [ordered]@{}
        foreach ($i in {{Listing}}) {
            $key = "$($i.AccountId) $($i.Region)"
            if (-not $groups.Contains($key)) { $groups[$key] = [System.Collections.Generic.List[object]]::new() }
            $groups[$key].Add($i)
        }
        """;

    [Theory]
    [InlineData("Invoke-PatchRollout -Force -PollIntervalSeconds 0.1")]
    [InlineData("Invoke-PatchRollout -Force -PollIntervalSeconds 0.1 -WhatIf")]
    [InlineData("New-PatchRolloutPlan")]
    public void Input_from_several_accounts_and_regions_is_refused_whole_naming_each_and_nothing_is_sent(string command)
    {
        WaitOnSandboxClock();
        var result = Host.Invoke($"{Listing} | {command} {Keys}");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("RolloutSpansRegions,", error.FullyQualifiedErrorId);
        var name = command.Split(' ')[0];
        Assert.StartsWith($"{name} works in one account and one region, but the input has instances in 4 account-regions: ", error.Exception.Message);
        foreach (var account in new[] { First, Second })
        {
            foreach (var region in new[] { "us-east-1", "eu-west-1" })
            {
                var count = Server.Accounts[account].InstancesIn(region).Count(i => i.Ssm is { PingStatus: "Online" } && i.State == "running");
                Assert.Contains($"account {account} {region} ({count} instance(s))", error.Exception.Message);
            }
        }
        Assert.EndsWith("Nothing was sent.", error.Exception.Message);
        Assert.Contains($"Group-Object AccountId, Region | ForEach-Object {{ $_.Group | {name} ... }}", error.ErrorDetails.RecommendedAction);
        Assert.Empty(result.Output);
        Assert.Equal((0, 0, 0), (Server.Counters["ssm:SendCommand"], Server.Counters["ec2:CreateSnapshots"], Server.Counters["ssm:PutParameter"]));
        // The only writes are the listing's role assumptions; neither account got a command.
        Assert.Equal(Server.Counters["sts:AssumeRole"], Server.Counters.Writes);
        Assert.All(new[] { First, Second }, account => Assert.Empty(Server.Accounts[account].Commands));
    }

    [Fact]
    public void One_rollout_per_account_and_region_patches_each_instance_in_its_own_account_and_region()
    {
        // Two of the four account-regions (both accounts, both regions): a rollout per group, as the refusal advises.
        WaitOnSandboxClock();
        var result = Run($$"""
            {{Grouped}}
            foreach ($key in "{{First}} us-east-1", "{{Second}} eu-west-1") { $groups[$key][0] | Invoke-PatchRollout -Force -PollIntervalSeconds 0.1 {{Keys}} }
            """);

        Assert.True(result.Errors.Count == 0, result.ToString());
        var results = result.OutputOf<PatchRolloutResult>();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(("Success", "Passed"), (r.Status, r.Gate)));
        Assert.Equal(2, results.Select(r => r.RolloutId).Distinct().Count());
        foreach (var (account, region) in new[] { (First, "us-east-1"), (Second, "eu-west-1") })
        {
            var state = Server.Accounts[account];
            var mine = Assert.Single(results, r => state.FindInstance(r.InstanceId) is not null);
            Assert.Equal(region, mine.Region);
            Assert.Equal(region, state.FindInstance(mine.InstanceId)!.Region);
            // Every command of this account went to its own instances, in their own region.
            Assert.NotEmpty(state.Commands);
            Assert.All(state.Commands, c => Assert.All(c.InstanceIds, id =>
            {
                Assert.Equal(mine.InstanceId, id);
                Assert.Equal(c.Region, state.FindInstance(id)!.Region);
            }));
        }
    }

    [Fact]
    public void One_rollout_per_account_and_region_under_WhatIf_writes_nothing_and_is_not_refused()
    {
        WaitOnSandboxClock();
        var result = Run($$"""
            {{Grouped}}
            foreach ($group in $groups.Values) { $group | Invoke-PatchRollout -WhatIf {{Keys}} }
            foreach ($group in $groups.Values) { $group | New-PatchRolloutPlan {{Keys}} }
            """);

        Assert.True(result.Errors.Count == 0, result.ToString());
        var plans = result.OutputOf<PatchRolloutPlan>();
        Assert.Equal(4, plans.Count);
        Assert.Equal(["eu-west-1", "eu-west-1", "us-east-1", "us-east-1"], plans.Select(p => p.Region).Order());
        Assert.Contains("What if:", result.HostText);
        Assert.Equal(Server.Counters["sts:AssumeRole"], Server.Counters.Writes);
    }

    [Fact]
    public void A_plan_made_through_a_role_runs_in_its_account_when_piped_and_is_refused_where_it_was_not_made()
    {
        WaitOnSandboxClock();
        var result = Run($$"""
            $plan = Get-PatchInstance {{Keys}} -Region eu-west-1 -AccountId {{Second}} -RoleName AwsPatch -ManagedOnly |
                Where-Object { $_.SsmPingStatus -eq 'Online' -and $_.State -eq 'running' } | New-PatchRolloutPlan {{Keys}}
            $plan
            $plan | Invoke-PatchRollout -WhatIf {{Keys}}
            """);

        Assert.True(result.Errors.Count == 0, result.ToString());
        var plan = Assert.Single(result.OutputOf<PatchRolloutPlan>());
        Assert.Equal((Second, $"arn:aws:iam::{Second}:role/AwsPatch", "eu-west-1"), (plan.AccountId, plan.RoleArn, plan.Region));
        Assert.True(plan.InstanceCount > 0);
        Assert.Contains("What if:", result.HostText);
        Assert.Contains($"{plan.Waves[0].InstanceIds[0]} (eu-west-1)", result.HostText);

        // Given as -Plan, its RoleArn does not bind: the rollout would look in the caller's own account and is refused.
        var elsewhere = Host.Invoke($"Invoke-PatchRollout -Plan $plan -Force {Keys} -Region eu-west-1");
        var error = Assert.Single(elsewhere.Errors);
        Assert.StartsWith("RolloutPlanElsewhere,", error.FullyQualifiedErrorId);
        Assert.Equal($"The plan was made for account {Second} eu-west-1, but this rollout would run in the credentials' own account eu-west-1. Nothing was sent.", error.Exception.Message);
        Assert.Empty(elsewhere.Output);
        Assert.Equal((0, 0, 0), (Server.Counters["ssm:SendCommand"], Server.Counters["ec2:CreateSnapshots"], Server.Counters["ssm:PutParameter"]));
        Assert.Equal(Server.Counters["sts:AssumeRole"], Server.Counters.Writes);
    }
}
