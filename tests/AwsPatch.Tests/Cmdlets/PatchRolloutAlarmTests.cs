using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Invoke-PatchRollout -AlarmName: every wave's install command carries the CloudWatch alarm as SendCommand's
/// AlarmConfiguration; when the alarm is in ALARM, Systems Manager (the sandbox, as SSM does) stops the command, and
/// the wave fails its Alarm gate, naming the alarm. No later wave starts.
/// </summary>
public sealed class PatchRolloutAlarmTests : PatchRunTestBase, IClassFixture<SandboxFixture>
{
    private const string Rollout = "-WaveBy Environment -WaveOrder staging, production -CanaryCount 1 -Force -PollIntervalSeconds 0.1";

    public PatchRolloutAlarmTests(SandboxFixture fixture) : base(fixture)
    {
    }

    private List<SandboxCommand> Installs() => Server.State.Commands
        .Where(c => c.Parameters.GetValueOrDefault("Operation")?.FirstOrDefault() == "Install" && c.Parameters.ContainsKey("SnapshotId")).ToList();

    [Fact]
    public void An_alarm_that_goes_to_ALARM_after_the_canary_stops_the_staging_install_and_fails_the_wave_naming_the_alarm()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        // The canary passes with the alarm OK; then (as its health check runs) the service's alarm fires.
        Action fire = () => Server.State.SetAlarmState("web-5xx", "ALARM", Server.Clock.UtcNow);
        var result = Run($"$ids | Invoke-PatchRollout {Rollout} -AlarmName web-5xx -RollbackOnFailure -RolloutId ro-alarm "
            + $"-HealthCheck {{ param($InstanceId, $Wave) if ($Wave.Name -eq 'canary') {{ $fire.Invoke() }} }} {Session}",
            ("ids", staging.Concat(production).ToArray()), ("fire", fire));

        var results = result.OutputOf<PatchRolloutResult>();
        var canary = Assert.Single(results, r => r.WaveName == "canary");
        Assert.Equal(("Success", "Passed"), (canary.Status, canary.Gate));
        Assert.Contains("Alarm: Passed", canary.GateOutcomes);

        // Every install the rollout sent carried the alarm; the staging one was stopped by it.
        Assert.All(Installs(), c => Assert.Equal(["web-5xx"], c.AlarmNames));
        var stopped = Assert.Single(Installs(), c => c.InstanceIds.Any(staging.Skip(1).Contains));
        Assert.Equal("web-5xx", stopped.TriggeredAlarm);
        var stagingResults = results.Where(r => r.WaveName == "staging").ToList();
        Assert.Equal(staging.Count - 1, stagingResults.Count);
        Assert.All(stagingResults, r =>
        {
            Assert.Equal(("Cancelled", "Failed", false), (r.Status, r.Gate, r.RolledBack));
            Assert.Contains(r.GateOutcomes, g => g.StartsWith("Alarm: Failed (CloudWatch alarm web-5xx went to ALARM", StringComparison.Ordinal) && g.Contains(stopped.CommandId, StringComparison.Ordinal));
        });
        // Nothing ran on them, so nothing is restored; production is never sent.
        Assert.Empty(Server.State.ReplaceRootTasks);
        Assert.DoesNotContain(Installs(), c => c.InstanceIds.Any(production.Contains));
        var stop = Assert.Single(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutWaveFailed", StringComparison.Ordinal));
        Assert.Contains("Alarm: Failed (CloudWatch alarm web-5xx went to ALARM", stop.Exception.Message);
        Assert.Contains("No later wave was started (production)", stop.Exception.Message);

        var rollout = Assert.Single(Run($"Get-PatchRollout ro-alarm {Session}").OutputOf<PatchRollout>());
        Assert.Equal(("Failed", "staging", "web-5xx"), (rollout.State, rollout.FailedWave, rollout.AlarmName));
        Assert.Contains(rollout.Waves.Single(w => w.Name == "staging").GateOutcomes, g => g.StartsWith("Alarm: Failed", StringComparison.Ordinal));
    }

    [Fact]
    public void An_alarm_that_goes_to_ALARM_mid_install_stops_the_wave_rolls_back_what_had_started_and_sends_nothing_later()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        // Simulated time moves only while the module waits; the alarm fires once staging's install is running.
        var fired = false;
        WaitOnSandboxClock(afterEachDelay: () =>
        {
            if (fired || !Installs().Any(c => c.InstanceIds.Any(staging.Skip(1).Contains) && c.Invocations.Any(i => i.Status == "InProgress")))
                return;
            fired = true;
            Server.State.SetAlarmState("web-5xx", "ALARM", Server.Clock.UtcNow);
        });
        var result = Run($"$ids | Invoke-PatchRollout {Rollout.Replace("-PollIntervalSeconds 0.1", "-PollIntervalSeconds 10")} -AlarmName web-5xx -RollbackOnFailure -RolloutId ro-midinstall {Session}",
            ("ids", staging.Concat(production).ToArray()));

        Assert.True(fired);
        var results = result.OutputOf<PatchRolloutResult>();
        Assert.Equal(("Success", "Passed"), Assert.Single(results, r => r.WaveName == "canary") is var c ? (c.Status, c.Gate) : default);
        var stopped = Assert.Single(Installs(), i => i.InstanceIds.Any(staging.Skip(1).Contains));
        Assert.Equal("web-5xx", stopped.TriggeredAlarm);
        var stagingResults = results.Where(r => r.WaveName == "staging").ToList();
        Assert.Equal(staging.Skip(1).Order(), stagingResults.Select(r => r.InstanceId).Order());
        // The installs that had started were cut off mid-way: each is rolled back from its pre-patch snapshot.
        Assert.All(stagingResults, r =>
        {
            Assert.True(("Cancelled", "Failed", true) == (r.Status, r.Gate, r.RolledBack), $"{r.InstanceId}: {r.Status} {r.Gate} {r.RolledBack}: {r.Error}");
            Assert.NotNull(r.SnapshotId);
            Assert.Contains(r.GateOutcomes, g => g.StartsWith("Alarm: Failed (CloudWatch alarm web-5xx went to ALARM", StringComparison.Ordinal));
        });
        Assert.Equal(staging.Skip(1).Order(), Server.State.ReplaceRootTasks.Select(t => t.InstanceId).Order());
        Assert.DoesNotContain(Server.State.Commands, cmd => cmd.InstanceIds.Any(production.Contains));
        var stop = Assert.Single(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutWaveFailed", StringComparison.Ordinal));
        Assert.Contains("No later wave was started (production)", stop.Exception.Message);
        Assert.Contains($"{staging.Count - 1} instance(s) were rolled back", stop.Exception.Message);

        var rollout = Assert.Single(Run($"Get-PatchRollout ro-midinstall {Session}").OutputOf<PatchRollout>());
        Assert.Equal(("Failed", "staging", staging.Count - 1), (rollout.State, rollout.FailedWave, rollout.Waves.Single(w => w.Name == "staging").RolledBackCount));
    }

    [Fact]
    public void An_alarm_already_in_ALARM_stops_the_canary_before_it_starts_and_nothing_else_is_sent()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        Server.State.SetAlarmState("db-latency", "ALARM", Server.Clock.UtcNow);
        var result = Run($"$ids | Invoke-PatchRollout {Rollout} -AlarmName db-latency -RolloutId ro-alarmed {Session}", ("ids", staging.Concat(production).ToArray()));

        var only = Assert.Single(result.OutputOf<PatchRolloutResult>());
        Assert.Equal((staging[0], "Cancelled", "Failed"), (only.InstanceId, only.Status, only.Gate));
        Assert.Contains(only.GateOutcomes, g => g.StartsWith("Alarm: Failed (CloudWatch alarm db-latency went to ALARM", StringComparison.Ordinal));
        var error = Assert.Single(result.Errors, e => (string)e.TargetObject == staging[0]);
        Assert.Contains("db-latency", error.Exception.Message);
        Assert.Equal(staging[0], Assert.Single(Assert.Single(Installs()).InstanceIds));
    }
}
