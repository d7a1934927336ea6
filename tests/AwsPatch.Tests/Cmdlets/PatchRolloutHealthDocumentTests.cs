using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Invoke-PatchRollout -HealthCheckDocument: after the other gates, the SSM document runs (SendCommand) on the wave's
/// healthy instances and is waited like the install; an invocation that does not end Success (the sandbox's
/// per-instance command fault applies to it) fails that instance's HealthCheck gate, the wave is rolled back with
/// -RollbackOnFailure, and no later wave starts. -WhatIf says it would run it and sends nothing.
/// </summary>
public sealed class PatchRolloutHealthDocumentTests : PatchRunTestBase, IClassFixture<SandboxFixture>
{
    private const string Rollout = "-WaveBy Environment -WaveOrder staging, production -CanaryCount 1 -Force -PollIntervalSeconds 0.1";
    private const string Check = "-HealthCheckDocument AWS-RunShellScript -HealthCheckParameters @{ commands = 'systemctl is-active nginx', 'curl -fsS localhost/health' }";

    public PatchRolloutHealthDocumentTests(SandboxFixture fixture) : base(fixture)
    {
    }

    /// <summary>Patchable Linux instances (AWS-RunShellScript runs on Linux and macOS only).</summary>
    private List<string> Linux(string environment) => Patchable(environment).Where(id => !Server.State.InstancesIn("us-east-1").Single(i => i.InstanceId == id).IsWindows).ToList();

    private List<SandboxCommand> HealthChecks() => Server.State.Commands.Where(c => c.DocumentName == "AWS-RunShellScript").ToList();

    private List<SandboxCommand> Installs() => Server.State.Commands
        .Where(c => c.DocumentName == "AWS-RunPatchBaseline" && c.Parameters.GetValueOrDefault("Operation")?.FirstOrDefault() == "Install" && c.Parameters.ContainsKey("SnapshotId")).ToList();

    [Fact]
    public void Each_wave_runs_the_health_check_document_on_its_instances_after_the_other_gates_and_passes()
    {
        var staging = Linux("staging");
        var production = Linux("production");
        var result = Run($"$ids | Invoke-PatchRollout {Rollout} {Check} -RolloutId ro-hc {Session}", ("ids", staging.Concat(production).ToArray()));

        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors.Select(e => e.ToString())));
        var results = result.OutputOf<PatchRolloutResult>();
        Assert.Equal(staging.Count + production.Count, results.Count);
        Assert.All(results, r => Assert.Equal("HealthCheck: Passed", r.GateOutcomes[^1]));
        // One health check command per wave, to exactly the wave's instances, each sent after the wave's gate Scan.
        var checks = HealthChecks();
        Assert.Equal(3, checks.Count);
        Assert.Equal(staging.Concat(production).Order(), checks.SelectMany(c => c.InstanceIds).Order());
        Assert.All(checks, c => Assert.Equal(["systemctl is-active nginx", "curl -fsS localhost/health"], c.Parameters["commands"]));
        Assert.All(checks, c => Assert.StartsWith("AwsPatch health check ro-hc-w", c.Comment));
        Assert.All(checks, c => Assert.All(c.Invocations, i => Assert.Equal("Success", i.Status)));
        var productionCheck = Assert.Single(checks, c => c.InstanceIds.Any(production.Contains));
        Assert.True(Installs().Where(c => c.InstanceIds.Any(production.Contains)).Max(c => c.RequestedDateTime) < productionCheck.RequestedDateTime);
        var stagingCheck = Assert.Single(checks, c => c.InstanceIds.Any(staging.Skip(1).Contains));
        Assert.True(stagingCheck.RequestedDateTime < Installs().Where(c => c.InstanceIds.Any(production.Contains)).Min(c => c.RequestedDateTime));
    }

    [Fact]
    public void A_failed_health_check_invocation_fails_that_instances_gate_rolls_the_wave_back_and_production_is_not_sent()
    {
        var staging = Linux("staging");
        var production = Linux("production");
        var bad = staging[2];
        // Installed and gated fine; then (as the wave's health check starts) its commands begin to fail.
        Action breakIt = () => Server.State.SetCommandFault(bad, CommandFault.Fail);
        var result = Run($"$ids | Invoke-PatchRollout {Rollout} {Check} -RollbackOnFailure -RolloutId ro-hcfail "
            + $"-HealthCheck {{ param($InstanceId, $Wave) if ($Wave.Name -eq 'staging') {{ $breakIt.Invoke() }} }} {Session}",
            ("ids", staging.Concat(production).ToArray()), ("breakIt", breakIt));

        var results = result.OutputOf<PatchRolloutResult>();
        var failed = Assert.Single(results, r => r.Gate != "Passed");
        Assert.Equal((bad, "Success", true), (failed.InstanceId, failed.Status, failed.RolledBack));
        var check = Assert.Single(HealthChecks(), c => c.InstanceIds.Contains(bad));
        Assert.Contains($"HealthCheck: Failed (health check document AWS-RunShellScript ended Failed (command {check.CommandId}))", failed.GateOutcomes);
        Assert.All(results.Where(r => r.InstanceId != bad), r => Assert.Contains("HealthCheck: Passed", r.GateOutcomes));
        Assert.Equal(bad, Assert.Single(Server.State.ReplaceRootTasks).InstanceId);
        Assert.DoesNotContain(Installs(), c => c.InstanceIds.Any(production.Contains));
        var stop = Assert.Single(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutWaveFailed", StringComparison.Ordinal));
        Assert.Contains("HealthCheck: Failed (1 instance(s))", stop.Exception.Message);
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutGateFailed", StringComparison.Ordinal) && (string)e.TargetObject == bad);
    }

    [Fact]
    public void A_killed_rollout_resumed_without_the_health_check_parameters_still_runs_the_recorded_health_check_document()
    {
        var staging = Linux("staging");
        var production = Linux("production");
        var ids = staging.Concat(production).ToArray();
        KilledAfterFirstSend($"$ids | Invoke-PatchRollout {Rollout} {Check} -RolloutId ro-hckill {Session}", ids);   // the canary's install in flight
        Assert.Empty(HealthChecks());
        // What the record keeps is what Get-PatchRollout shows, from any session: the document, not its parameters.
        var recorded = Assert.Single(Run($"Get-PatchRollout -RolloutId ro-hckill {Session}").OutputOf<PatchRollout>());
        Assert.Equal(("AWS-RunShellScript", (TimeSpan?)null), (recorded.HealthCheckDocument, recorded.RemediationTimeout));

        // Resumed from this test's own engine (not the killed one), its waits moving the sandbox clock.
        Server.Clock.Advance(TimeSpan.FromMinutes(30));
        WaitOnSandboxClock();
        var resumed = Run($"Resume-PatchRollout -RolloutId ro-hckill -Force -PollIntervalSeconds 10 {Session}");

        Assert.Null(resumed.Terminating);
        Assert.True(resumed.Errors.Count == 0, string.Join("\n", resumed.Errors.Select(e => e.ToString())));
        var results = resumed.OutputOf<PatchRolloutResult>();
        Assert.Equal(ids.Order(), results.Select(r => r.InstanceId).Order());
        Assert.All(results, r => Assert.Equal("HealthCheck: Passed", r.GateOutcomes[^1]));
        // The recorded document and parameters, once per wave, although the resume named neither.
        var checks = HealthChecks();
        Assert.Equal(3, checks.Count);
        Assert.Equal(ids.Order(), checks.SelectMany(c => c.InstanceIds).Order());
        Assert.All(checks, c => Assert.Equal(["systemctl is-active nginx", "curl -fsS localhost/health"], c.Parameters["commands"]));
    }

    [Fact]
    public void WhatIf_says_it_would_run_the_health_check_document_and_sends_nothing()
    {
        var ids = Linux("staging").ToArray();
        var result = Run($"$ids | Invoke-PatchRollout -CanaryCount 1 {Check} -WhatIf {Session}", ("ids", ids));

        Assert.Empty(result.Errors);
        Assert.Empty(Server.State.Commands);
        var lines = result.HostText.Split('\n').Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2 + ids.Length, lines.Count);   // canary and staging, then each instance
        Assert.Equal(2, lines.Count(l => l.Contains("gates: Invocations, AgentAndStatus, Compliance (a fresh Scan), HealthCheck (document AWS-RunShellScript)\" on target \"ro-", StringComparison.Ordinal)));
    }
}
