namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// New-PatchRolloutPlan: the waves Invoke-PatchRollout would patch, as an object, made without writing or sending
/// anything; instances that cannot be patched are errors and in LeftOut; the plan piped to Invoke-PatchRollout runs
/// exactly its waves, and a changed plan runs as changed.
/// </summary>
public sealed class NewPatchRolloutPlanTests : PatchRunTestBase, IClassFixture<SandboxFixture>
{
    public NewPatchRolloutPlanTests(SandboxFixture fixture) : base(fixture)
    {
    }

    [Fact]
    public void A_plan_has_the_canary_and_the_waves_in_order_and_lists_what_it_left_out_without_writing_anything()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        var offline = Server.State.InstancesIn("us-east-1").First(i => i.State == "running" && i.Ssm is { PingStatus: "ConnectionLost" }).InstanceId;
        var result = Run($"$ids | New-PatchRolloutPlan -WaveBy Environment -WaveOrder staging, production -CanaryCount 1 -MaxErrors 0, 1, 10% {Session}",
            ("ids", staging.Concat(production).Append(offline).ToArray()));

        Assert.True(result.OutputOf<PatchRolloutPlan>().Count == 1, string.Join("\n", result.Errors.Select(e => e.ToString())));
        var plan = Assert.Single(result.OutputOf<PatchRolloutPlan>());
        Assert.Equal(["canary", "staging", "production"], plan.Waves.Select(w => w.Name));
        Assert.Equal([1, staging.Count - 1, production.Count], plan.Waves.Select(w => w.InstanceCount));
        Assert.Equal(["0", "1", "10%"], plan.Waves.Select(w => w.MaxErrors));
        Assert.Equal(production, plan.Waves[2].InstanceIds.Order(StringComparer.Ordinal));
        Assert.Equal("us-east-1", plan.Region);
        Assert.StartsWith(offline + ": ", Assert.Single(plan.LeftOut), StringComparison.Ordinal);
        Assert.Equal(offline, Assert.Single(result.Errors).TargetObject);
        Assert.Empty(Server.State.Commands);
        Assert.Empty(Server.State.Parameters);
        Assert.DoesNotContain(Server.State.Snapshots, s => s.Tags.ContainsKey("AwsPatch:RunId"));
    }

    [Fact]
    public void A_plan_refuses_the_bad_input_Invoke_PatchRollout_refuses()
    {
        Host.SetVariable("ids", Patchable("staging").ToArray());
        var result = Host.Invoke($"$ids | New-PatchRolloutPlan -WaveBy Environment -WaveOrder staging, qa {Session}");

        var error = result.Terminating is System.Management.Automation.IContainsErrorRecord t ? t.ErrorRecord : Assert.Single(result.Errors);
        Assert.StartsWith("WaveValueHasNoInstance", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal("qa", error.TargetObject);
        Assert.Empty(result.OutputOf<PatchRolloutPlan>());
    }

    [Fact]
    public void A_changed_plan_piped_to_Invoke_PatchRollout_runs_exactly_its_waves()
    {
        var staging = Patchable("staging");
        var left = staging[^1];
        var result = Run($$"""
            $plan = $ids | New-PatchRolloutPlan -WaveBy Environment -WaveOrder staging -CanaryCount 2 {{Session}}
            $plan.Waves[1] = [AwsPatch.PatchRolloutWave]@{ Name = 'rest'; InstanceIds = [string[]]@($plan.Waves[1].InstanceIds | Where-Object { $_ -ne $left }) }
            $plan | Invoke-PatchRollout -RolloutId ro-planned -Force -PollIntervalSeconds 0.1 {{Session}}
            """, ("ids", staging.ToArray()), ("left", left));

        Assert.Empty(result.Errors);
        var results = result.OutputOf<PatchRolloutResult>();
        Assert.Equal(staging.Where(id => id != left).Order(StringComparer.Ordinal), results.Select(r => r.InstanceId).Order(StringComparer.Ordinal));
        Assert.Equal(["canary", "rest"], results.Select(r => r.WaveName).Distinct());
        Assert.DoesNotContain(Server.State.Commands, c => c.Parameters.GetValueOrDefault("Operation")?.FirstOrDefault() == "Install" && c.InstanceIds.Contains(left));
    }
}
