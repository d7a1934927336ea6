using AwsPatch.Commands.Common;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// A multi-account, multi-region listing piped into the rollout cmdlets (issue 18). Invoke-PatchRollout's waves span
/// the account-regions: each instance is checked, snapshotted, patched and gated where it lives, the record lives in
/// one home (the caller's own account and default region), and a failed part stops the rollout everywhere. A plan is
/// of one account-region, so New-PatchRolloutPlan refuses such input whole, naming every account-region.
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

    [Fact]
    public void A_plan_of_several_accounts_and_regions_is_refused_whole_naming_each_and_nothing_is_sent()
    {
        WaitOnSandboxClock();
        var result = Host.Invoke($"{Listing} | New-PatchRolloutPlan {Keys}");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("RolloutSpansRegions,", error.FullyQualifiedErrorId);
        Assert.StartsWith("New-PatchRolloutPlan makes a plan of one account and one region, but the input has instances in 4 account-regions: ", error.Exception.Message);
        foreach (var account in new[] { First, Second })
        {
            foreach (var region in new[] { "us-east-1", "eu-west-1" })
            {
                var count = Server.Accounts[account].InstancesIn(region).Count(i => i.Ssm is { PingStatus: "Online" } && i.State == "running");
                Assert.Contains($"account {account} {region} ({count} instance(s))", error.Exception.Message);
            }
        }
        Assert.EndsWith("Nothing was sent.", error.Exception.Message);
        Assert.Contains("Pipe the instances straight into Invoke-PatchRollout", error.ErrorDetails.RecommendedAction);
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

    /// <summary>
    /// Per account-region one staging and one production instance on the same platform (so no production instance is
    /// on a platform the staging waves did not test).
    /// </summary>
    private List<(string Account, string Region, string Staging, string Production)> Spread()
    {
        var places = new[] { First, Second }.SelectMany(a => new[] { "us-east-1", "eu-west-1" }.Select(r => (Account: a, Region: r))).ToList();
        List<SandboxInstance> Ready(string account, string region, string environment) => Server.Accounts[account].InstancesIn(region)
            .Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running" && i.Tags.GetValueOrDefault("Environment") == environment).OrderBy(i => i.InstanceId, StringComparer.Ordinal).ToList();
        string PlatformOfBoth((string Account, string Region) p) => Ready(p.Account, p.Region, "staging").Select(PlatformOf)
            .Intersect(Ready(p.Account, p.Region, "production").Select(PlatformOf)).Order(StringComparer.Ordinal).First();
        return places.Select(p => (p.Account, p.Region,
            Ready(p.Account, p.Region, "staging").First(i => PlatformOf(i) == PlatformOfBoth(p)).InstanceId,
            Ready(p.Account, p.Region, "production").First(i => PlatformOf(i) == PlatformOfBoth(p)).InstanceId)).ToList();
    }

    private PowerShellResult RollOut(IEnumerable<string> ids, string rolloutId, string more = "") => Host.Invoke($$"""
        $StoredAWSRegion = 'us-east-1'
        $pick = '{{string.Join("','", ids)}}' -split ','
        {{Listing}} | Where-Object { $pick -contains $_.InstanceId } |
            Invoke-PatchRollout -WaveBy Environment -WaveOrder staging, production -CanaryCount 2 -RolloutId {{rolloutId}} -Force -PollIntervalSeconds 0.1 {{more}} {{Keys}}
        """);

    /// <summary>The rollout as Get-PatchRollout shows it from the home: the caller's own account and default region.</summary>
    private PatchRollout Recorded(string rolloutId)
    {
        var result = Host.Invoke($"$StoredAWSRegion = 'us-east-1'; Get-PatchRollout -RolloutId {rolloutId} {Keys}");
        Assert.True(result.Errors.Count == 0, result.ToString());
        return Assert.Single(result.OutputOf<PatchRollout>());
    }

    [Fact]
    public void A_rollout_of_a_multi_account_listing_patches_each_instance_in_its_own_account_and_region_in_waves_that_span_them()
    {
        WaitOnSandboxClock();
        var spread = Spread();
        var result = RollOut(spread.SelectMany(p => new[] { p.Staging, p.Production }), "ro-fleet-spans");

        Assert.True(result.Errors.Count == 0, result.ToString());
        var results = result.OutputOf<PatchRolloutResult>();
        Assert.Equal(8, results.Count);
        Assert.Equal(["canary", "staging", "production"], results.Select(r => r.WaveName).Distinct());
        Assert.All(results, r => Assert.Equal(("Success", "Passed"), (r.Status, r.Gate)));
        foreach (var (account, region, staging, production) in spread)
        {
            foreach (var id in new[] { staging, production })
            {
                var mine = Assert.Single(results, r => r.InstanceId == id);
                Assert.Equal((account, region, $"arn:aws:iam::{account}:role/AwsPatch"), (mine.AccountId, mine.Region, mine.RoleArn));
                Assert.NotNull(mine.SnapshotId);
            }
            // The account-region's installs went to its own instances only, in their own region.
            var here = Server.Accounts[account].Commands.Where(c => c.Region == region).ToList();
            var installed = here.Where(c => !c.IsScript && c.Parameters.GetValueOrDefault("Operation")?.Contains("Install") == true).SelectMany(c => c.InstanceIds);
            Assert.Equal(new[] { staging, production }.Order(StringComparer.Ordinal), installed.Distinct().Order(StringComparer.Ordinal));
            Assert.All(here.SelectMany(c => c.InstanceIds), id => Assert.Contains(id, new[] { staging, production }));
        }
        Assert.All(new[] { First, Second }, account => Assert.All(Server.Accounts[account].Commands, c => Assert.All(c.InstanceIds, id => Assert.Equal(c.Region, Server.Accounts[account].FindInstance(id)!.Region))));

        // One record, in the caller's own account and default region: the home the user names to Get-PatchRollout.
        var rollout = Recorded("ro-fleet-spans");
        Assert.Equal(("Succeeded", 3, 8), (rollout.State, rollout.Waves.Count, rollout.Waves.Sum(w => w.InstanceCount)));
        Assert.NotEmpty(Server.State.ParametersUnder("us-east-1", "/patch/awspatch/rollouts/ro-fleet-spans/"));
        Assert.Empty(Server.Accounts[Second].ParametersUnder("us-east-1", "/patch/awspatch/rollouts/"));
    }

    [Fact]
    public void A_failed_part_of_a_wave_stops_the_rollout_and_no_later_wave_starts_in_any_account()
    {
        WaitOnSandboxClock();
        var spread = Spread();
        var ids = spread.SelectMany(p => new[] { p.Staging, p.Production }).ToList();
        // The canary is the first two staging instances in id order (no risk given); fail a staging instance of the second account outside it.
        var canary = spread.Select(p => p.Staging).Order(StringComparer.Ordinal).Take(2).ToList();
        var bad = spread.Where(p => p.Account == Second).Select(p => p.Staging).First(id => !canary.Contains(id));
        Server.Accounts[Second].SetCommandFault(bad, CommandFault.Fail);

        var result = RollOut(ids, "ro-fleet-part");

        var results = result.OutputOf<PatchRolloutResult>();

        Assert.DoesNotContain(results, r => r.WaveName == "production");
        var failed = Assert.Single(results, r => r.Gate != "Passed");
        Assert.Equal((bad, Second), (failed.InstanceId, failed.AccountId));
        var stop = Assert.Single(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutWaveFailed,", StringComparison.Ordinal));
        Assert.Contains("No later wave was started (production)", stop.Exception.Message);
        // No production instance, in either account or region, was sent anything.
        foreach (var (account, _, _, production) in spread)
            Assert.DoesNotContain(Server.Accounts[account].Commands, c => c.InstanceIds.Contains(production));
        var rollout = Recorded("ro-fleet-part");
        Assert.Equal(("Failed", "staging"), (rollout.State, rollout.FailedWave));
        Assert.Equal("NotStarted", rollout.Waves[2].State);
    }

    [Fact]
    public void A_killed_rollout_across_accounts_is_resumed_from_its_home_assuming_the_recorded_roles_and_sends_nothing_twice()
    {
        var spread = Spread();
        var ids = spread.SelectMany(p => new[] { p.Staging, p.Production }).ToArray();
        var script = $$"""
            $StoredAWSRegion = 'us-east-1'
            {{Listing}} | Where-Object { $ids -contains $_.InstanceId } |
                Invoke-PatchRollout -WaveBy Environment -WaveOrder staging, production -CanaryCount 2 -RolloutId ro-fleet-kill -Force -PollIntervalSeconds 0.1 {{Keys}}
            """;
        Assert.Contains("Resume-PatchRollout -RolloutId ro-fleet-kill", KilledAfterFirstSend(script, ids));

        var resumed = LaterInAnotherProcess($"$StoredAWSRegion = 'us-east-1'; Resume-PatchRollout -RolloutId ro-fleet-kill -Force -PollIntervalSeconds 0.1 {Keys}");

        Assert.Null(resumed.Terminating);
        Assert.True(resumed.Errors.Count == 0, resumed.ToString());
        var results = resumed.OutputOf<PatchRolloutResult>();
        Assert.All(results, r => Assert.Equal(("Success", "Passed"), (r.Status, r.Gate)));
        Assert.Equal(ids.Order(StringComparer.Ordinal), results.Select(r => r.InstanceId).Order(StringComparer.Ordinal));
        foreach (var (account, region, staging, production) in spread)
        {
            foreach (var id in new[] { staging, production })
            {
                Assert.Equal((account, region), (results.Single(r => r.InstanceId == id).AccountId, results.Single(r => r.InstanceId == id).Region));
                // Sent its install once, across the killed process and the resume, in its own account only.
                Assert.Single(Server.Accounts[account].Commands, c => !c.IsScript && c.Parameters.GetValueOrDefault("Operation")?.Contains("Install") == true && c.InstanceIds.Contains(id));
            }
        }
        Assert.Equal("Succeeded", Recorded("ro-fleet-kill").State);
    }
}
