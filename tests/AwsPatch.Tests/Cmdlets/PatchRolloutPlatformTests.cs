using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// The tested patch set is kept per platform (operating system and version, hence its patch baseline): the default
/// sandbox fleet, whose production runs platforms staging does not (Ubuntu, Windows Server 2019), rolls out staging ->
/// production end to end; a later wave's instance on a platform no earlier wave has is refused before anything is
/// sent, naming its platform and the fix, and the rest proceed.
/// </summary>
public sealed class PatchRolloutPlatformTests : PatchRunTestBase, IClassFixture<SandboxFixture>
{
    private const string Rollout = "-WaveBy Environment -WaveOrder staging, production -Force -PollIntervalSeconds 0.1";

    public PatchRolloutPlatformTests(SandboxFixture fixture) : base(fixture)
    {
    }

    private List<SandboxInstance> Ready(string environment) => Server.State.InstancesIn("us-east-1")
        .Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running" && i.Tags.GetValueOrDefault("Environment") == environment).ToList();

    private List<SandboxCommand> Installs() => Server.State.Commands
        .Where(c => c.Parameters.GetValueOrDefault("Operation")?.FirstOrDefault() == "Install" && c.Parameters.ContainsKey("SnapshotId")).ToList();

    [Fact]
    public void The_default_fleet_rolls_out_staging_then_production_end_to_end_and_production_only_platforms_are_refused_before_anything_is_sent()
    {
        var staging = Ready("staging");
        var stagingPlatforms = staging.Select(PlatformOf).ToHashSet();
        var production = Ready("production");
        var untested = production.Where(i => !stagingPlatforms.Contains(PlatformOf(i))).Select(i => i.InstanceId).Order().ToList();
        var tested = production.Select(i => i.InstanceId).Except(untested).ToList();
        Assert.NotEmpty(untested);   // the default fleet's production runs Ubuntu 22.04 and Windows Server 2019; staging does not
        Assert.Contains(production, i => i.IsWindows && stagingPlatforms.Contains(PlatformOf(i)));   // and Windows Server 2022 on both

        var result = Run($"Get-PatchInstance {Session} | Invoke-PatchRollout {Rollout} -RolloutId ro-fleet {Session}");

        // Each untested-platform instance: one error naming its platform and the fix, and no command ever named it.
        var refused = result.Errors.Where(e => e.FullyQualifiedErrorId.StartsWith("RolloutPlatformUntested", StringComparison.Ordinal)).ToList();
        Assert.Equal(untested, refused.Select(e => (string)e.TargetObject).Order());
        Assert.All(refused, e =>
        {
            var instance = production.Single(i => i.InstanceId == (string)e.TargetObject);
            Assert.Contains($"runs {PlatformOf(instance)}, which no instance of an earlier wave (staging) runs", e.Exception.Message);
            Assert.Contains("to an earlier wave or the canary", e.ErrorDetails.RecommendedAction);
        });
        Assert.DoesNotContain(Server.State.Commands, c => c.InstanceIds.Any(untested.Contains));
        // The other errors are the instances that cannot be patched at all (stopped, offline, unmanaged): reported, left out.
        Assert.All(result.Errors.Except(refused), e => Assert.Contains("left out of the rollout", e.Exception.Message));

        var results = result.OutputOf<PatchRolloutResult>();
        Assert.Equal(staging.Select(i => i.InstanceId).Concat(tested).Order(), results.Select(r => r.InstanceId).Order());
        Assert.All(results, r => Assert.Equal(("Success", "Passed"), (r.Status, r.Gate)));
        Assert.All(results.Where(r => r.WaveName == "production"), r => Assert.Contains("TestedSet: Passed", r.GateOutcomes));
        Assert.All(tested, id => Assert.Single(Installs(), c => c.InstanceIds.Contains(id)));

        var rollout = Assert.Single(Run($"Get-PatchRollout ro-fleet {Session}").OutputOf<PatchRollout>());
        Assert.Equal("Succeeded", rollout.State);
        Assert.Equal(stagingPlatforms.Order(StringComparer.OrdinalIgnoreCase), rollout.TestedPlatforms.Select(p => p[..p.LastIndexOf(" (", StringComparison.Ordinal)]));
    }

    [Fact]
    public void New_PatchRolloutPlan_leaves_an_untested_platform_out_of_its_plan_and_says_why()
    {
        var plan = Run($"Get-PatchInstance {Session} | New-PatchRolloutPlan -WaveBy Environment -WaveOrder staging, production {Session}");

        var windows2019 = Ready("production").Single(i => i.Ssm!.PlatformName!.Contains("2019", StringComparison.Ordinal)).InstanceId;
        var production = Assert.Single(Assert.Single(plan.OutputOf<PatchRolloutPlan>()).Waves, w => w.Name == "production");
        Assert.DoesNotContain(windows2019, production.InstanceIds);
        Assert.Contains(plan.OutputOf<PatchRolloutPlan>()[0].LeftOut, l => l.StartsWith(windows2019 + ": Instance " + windows2019 + " runs Microsoft Windows Server 2019", StringComparison.Ordinal));
        Assert.Contains(plan.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutPlatformUntested", StringComparison.Ordinal) && (string)e.TargetObject == windows2019);
        Assert.Empty(Server.State.Commands);
    }

    [Fact]
    public void A_production_instance_on_a_platform_staging_has_is_held_to_that_platforms_tested_set()
    {
        // Staging's Amazon Linux 2023 tests the release; the release is also published for Amazon Linux 2 production
        // instances, which staging's Amazon Linux 2 instances do not get: Amazon Linux 2 never tested it.
        var staging = Ready("staging").Where(i => i.Ssm!.PlatformName == "Amazon Linux").ToList();
        var production = Ready("production").Where(i => i.Ssm!.PlatformName == "Amazon Linux").ToList();
        var all = staging.Concat(production).Select(i => i.InstanceId).ToArray();
        Assert.Empty(Run($"$null = Invoke-PatchRun -InstanceId $ids -Operation Install -Force -Wait -PollIntervalSeconds 0.1 {Session}", ("ids", all)).Errors);
        var al2023 = staging.Concat(production).Where(i => i.Ssm!.PlatformVersion == "2023").Select(i => i.InstanceId);
        var al2Production = production.Where(i => i.Ssm!.PlatformVersion == "2").Select(i => i.InstanceId).ToList();
        Release("openssl-libs.x86_64:1:3.2.2-1.amzn2023.0.99", al2023.Concat(al2Production).ToList());
        Server.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = Run($"$ids | Invoke-PatchRollout {Rollout} -RolloutId ro-perplatform {Session}", ("ids", all));

        var results = result.OutputOf<PatchRolloutResult>().Where(r => r.WaveName == "production").ToList();
        Assert.All(results.Where(r => !al2Production.Contains(r.InstanceId)), r => Assert.Equal("Passed", r.Gate));
        Assert.All(results.Where(r => al2Production.Contains(r.InstanceId)), r => Assert.Contains(r.GateOutcomes, g =>
            g.StartsWith("TestedSet: Failed (it installed openssl-libs.x86_64:1:3.2.2-1.amzn2023.0.99, which no instance running Amazon Linux 2 in the first wave installed", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_production_instance_whose_platform_only_failed_in_staging_within_MaxErrors_is_refused_before_production_is_sent_and_the_rest_go()
    {
        var staging = Ready("staging");
        var production = Ready("production");
        // Windows Server 2022: one staging instance, one production instance. Its install fails, within staging's MaxErrors 1.
        var platform = staging.GroupBy(PlatformOf).First(g => g.Count() == 1 && production.Any(p => PlatformOf(p) == g.Key)).Key;
        var bad = staging.Single(i => PlatformOf(i) == platform).InstanceId;
        var untested = production.Where(i => PlatformOf(i) == platform).Select(i => i.InstanceId).Order().ToList();
        var stagingPlatforms = staging.Select(PlatformOf).ToHashSet();
        var ids = staging.Concat(production.Where(i => stagingPlatforms.Contains(PlatformOf(i)))).Select(i => i.InstanceId).ToArray();
        Server.State.SetCommandFault(bad, CommandFault.Fail);
        WaitOnSandboxClock();   // the module's waits move the sandbox clock: no real time spent polling

        var result = Run($"$ids | Invoke-PatchRollout -WaveBy Environment -WaveOrder staging, production -MaxErrors 1, 0 -Force -PollIntervalSeconds 10 -RolloutId ro-failedplatform {Session}", ("ids", ids));

        var refused = result.Errors.Where(e => e.FullyQualifiedErrorId.StartsWith("RolloutPlatformUntested", StringComparison.Ordinal)).ToList();
        Assert.Equal(untested, refused.Select(e => (string)e.TargetObject).Order());
        Assert.All(refused, e =>
        {
            Assert.Contains($"runs {platform}, but no instance running {platform} passed the rollout's testing wave (staging)", e.Exception.Message);
            Assert.Contains("nothing was sent to it", e.Exception.Message);
            Assert.Contains($"Fix the {platform} instance(s) that failed wave staging", e.ErrorDetails.RecommendedAction);
        });
        Assert.DoesNotContain(Server.State.Commands, c => c.InstanceIds.Any(untested.Contains));
        // Only the failed staging install and the refusals are errors: the rest of production went, and passed.
        Assert.All(result.Errors.Except(refused), e => Assert.Equal(bad, e.TargetObject));
        var results = result.OutputOf<PatchRolloutResult>();
        Assert.DoesNotContain(results, r => untested.Contains(r.InstanceId));
        var sent = production.Select(i => i.InstanceId).Where(ids.Contains).Except(untested).ToList();
        Assert.NotEmpty(sent);
        Assert.Equal(sent.Order(), results.Where(r => r.WaveName == "production").Select(r => r.InstanceId).Order());
        Assert.All(results.Where(r => r.WaveName == "production"), r => Assert.Equal(("Success", "Passed"), (r.Status, r.Gate)));
        Assert.All(sent, id => Assert.Single(Installs(), c => c.InstanceIds.Contains(id)));
        Assert.Equal("Succeeded", Assert.Single(Run($"Get-PatchRollout ro-failedplatform {Session}").OutputOf<PatchRollout>()).State);
    }

    private void Release(string title, IReadOnlyList<string> instanceIds)
    {
        using var http = new HttpClient();
        var body = System.Text.Json.JsonSerializer.Serialize(new { title, instanceIds });
        var answer = http.PostAsync(new Uri(Server.Endpoint, "_sandbox/patches"), new StringContent(body, System.Text.Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
        Assert.True(answer.IsSuccessStatusCode, answer.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }
}
