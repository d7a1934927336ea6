using System.Management.Automation;
using AwsPatch.Rollouts;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Invoke-PatchRollout, Get-PatchRollout and Resume-PatchRollout in real pipelines against the sandbox: waves by
/// Environment with a canary, the pinned SnapshotId, gates, a failed wave that stops the rollout (with and without
/// rollback), -WhatIf writing nothing, bad input refused before anything is sent, and a killed rollout resumed from
/// another engine.
/// </summary>
public sealed class PatchRolloutCmdletTests : PatchRunTestBase, IClassFixture<SandboxFixture>
{
    private const string Rollout = "-WaveBy Environment -WaveOrder staging, production -CanaryCount 1 -Force -PollIntervalSeconds 0.1";

    public PatchRolloutCmdletTests(SandboxFixture fixture) : base(fixture)
    {
    }

    /// <summary>
    /// The fleet as after last month's patching (every instance fully patched by a plain run), then one patch released
    /// to <paramref name="releaseTo"/>: what a rollout then installs is that patch, the same everywhere.
    /// </summary>
    private void PatchedThenReleased(IReadOnlyList<string> ids, IReadOnlyList<string> releaseTo, string title = "openssl-libs.x86_64:1:3.2.2-1.amzn2023.0.99")
    {
        var prepatched = Run($"$null = Invoke-PatchRun -InstanceId $ids -Operation Install -Force -Wait -PollIntervalSeconds 0.1 {Session}", ("ids", ids.ToArray()));
        Assert.Empty(prepatched.Errors);
        Release(title, releaseTo);
        Server.Clock.Advance(TimeSpan.FromMinutes(5));
    }

    private void Release(string title, IReadOnlyList<string> instanceIds)
    {
        using var http = new HttpClient();
        var body = System.Text.Json.JsonSerializer.Serialize(new { title, instanceIds });
        var answer = http.PostAsync(new Uri(Server.Endpoint, "_sandbox/patches"), new StringContent(body, System.Text.Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
        Assert.True(answer.IsSuccessStatusCode, answer.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    /// <summary>The rollout's Install commands that named the instance (runs of a rollout are <c>ro-…-wN</c>).</summary>
    private List<string> InstallsTo(string id) => Server.State.Commands
        .Where(c => c.Parameters.GetValueOrDefault("Operation")?.FirstOrDefault() == "Install" && c.Parameters.ContainsKey("SnapshotId") && c.InstanceIds.Contains(id)).Select(c => c.CommandId).ToList();

    /// <summary>Half an hour after a kill (what was in flight has finished, unless <paramref name="minutes"/> says otherwise), Resume-PatchRollout from another engine, as from another process.</summary>
    private PowerShellResult ResumedLater(string rolloutId, int minutes = 30) =>
        LaterInAnotherProcess($"Resume-PatchRollout -RolloutId {rolloutId} -Force -PollIntervalSeconds 0.1 {Session}", minutes);

    [Fact]
    public void A_rollout_patches_canary_then_staging_then_production_with_one_pinned_SnapshotId_and_records_it()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        var all = staging.Concat(production).ToList();
        PatchedThenReleased(all, all);
        var result = Run($"$ids | Invoke-PatchRollout {Rollout} -RolloutId ro-happy {Session}", ("ids", all.ToArray()));

        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors.Select(e => e.ToString())));
        var results = result.OutputOf<PatchRolloutResult>();
        Assert.Equal(staging.Count + production.Count, results.Count);
        Assert.All(results, r => Assert.Equal(("Success", "Passed", "ro-happy"), (r.Status, r.Gate, r.RolloutId)));
        Assert.Equal(["canary", "staging", "production"], results.Select(r => r.WaveName).Distinct());
        Assert.Equal(staging[0], Assert.Single(results, r => r.Wave == 1).InstanceId);
        Assert.Equal(production.Order(), results.Where(r => r.WaveName == "production").Select(r => r.InstanceId).Order());
        Assert.All(results, r => Assert.StartsWith("snap-", r.SnapshotId));
        Assert.All(results, r => Assert.Contains(r.GateOutcomes, g => g == "Compliance: Passed"));
        Assert.All(results, r => Assert.Contains(r.GateOutcomes, g => g == "AgentAndStatus: Passed"));

        // Every wave's Install and gate Scan resolve the same baseline snapshot.
        var pins = Server.State.Commands.Where(c => c.Parameters.ContainsKey("SnapshotId")).Select(c => Assert.Single(c.Parameters["SnapshotId"])).Distinct().ToList();
        Assert.True(Guid.TryParse(Assert.Single(pins), out _));
        Assert.All(staging.Concat(production), id => Assert.Single(InstallsTo(id)));
        // Waves in order: no production install before the last staging install.
        var installs = Server.State.Commands.Where(c => c.Parameters["Operation"][0] == "Install" && c.Parameters.ContainsKey("SnapshotId")).ToList();
        var lastStaging = installs.Where(c => c.InstanceIds.Any(staging.Contains)).Max(c => c.RequestedDateTime);
        var firstProduction = installs.Where(c => c.InstanceIds.Any(production.Contains)).Min(c => c.RequestedDateTime);
        Assert.True(lastStaging < firstProduction);

        var got = Run($"Get-PatchRollout -RolloutId ro-happy {Session}").OutputOf<PatchRollout>();
        var rollout = Assert.Single(got);
        Assert.Equal(("Succeeded", 3, pins[0]), (rollout.State, rollout.WavesSucceeded, rollout.PatchSnapshotId));
        // What the canary and staging installed in the rollout, beside what they run since last month's patching.
        Assert.Contains("openssl-libs.x86_64:1:3.2.2-1.amzn2023.0.99", rollout.TestedPatches);
        Assert.All(rollout.Waves, w => Assert.All(w.GateOutcomes, g => Assert.Contains(": Passed", g)));
        Assert.Contains(Server.State.Parameters, p => p.Name == RolloutRecord.PlanName("ro-happy"));
        Assert.Contains(result.Progress, p => p.Activity == "Rollout ro-happy" && p.StatusDescription.StartsWith("Wave 3 of 3 (production", StringComparison.Ordinal));
        Assert.Contains(result.Progress, p => p.ParentActivityId >= 0);   // the wave's run nests under the rollout
    }

    [Fact]
    public void A_failed_canary_stops_the_rollout_and_no_other_instance_is_patched()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        Server.State.SetCommandFault(staging[0], CommandFault.Fail);
        var result = Run($"$ids | Invoke-PatchRollout {Rollout} -RolloutId ro-canary {Session}", ("ids", staging.Concat(production).ToArray()));

        var canary = Assert.Single(result.OutputOf<PatchRolloutResult>());
        Assert.Equal((staging[0], "Failed", "Failed", false), (canary.InstanceId, canary.Status, canary.Gate, canary.RolledBack));
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutInstallFailed") && (string)e.TargetObject == staging[0]);
        var stop = Assert.Single(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutWaveFailed"));
        Assert.Contains("No later wave was started (staging, production)", stop.Exception.Message);
        Assert.All(staging.Skip(1).Concat(production), id => Assert.Empty(InstallsTo(id)));

        var rollout = Assert.Single(Run($"Get-PatchRollout ro-canary {Session}").OutputOf<PatchRollout>());
        Assert.Equal(("Failed", "canary"), (rollout.State, rollout.FailedWave));
        Assert.Equal(["Failed", "NotStarted", "NotStarted"], rollout.Waves.Select(w => w.State));
    }

    [Fact]
    public void A_canary_instance_that_failed_within_MaxErrors_tests_nothing_and_what_only_it_runs_is_not_in_the_pinned_set()
    {
        // One platform, so staging's other instance tests it too: the failed canary instance is not the only one.
        string Platform(string id) => PlatformOf(Server.State.FindInstance(id)!);
        var platform = Patchable("staging").GroupBy(Platform).OrderByDescending(g => g.Count()).First().Key;
        var staging = Patchable("staging").Where(id => Platform(id) == platform).ToList();
        var production = Patchable("production").Where(id => Platform(id) == platform).ToList();
        Assert.True(staging.Count >= 2 && production.Count >= 1);
        var all = staging.Concat(production).ToList();
        // The canary instance runs a patch nobody else has; the same patch is then published to production.
        var bad = staging[0];
        const string onlyBad = "openssl-libs.x86_64:1:3.2.2-1.amzn2023.0.99";
        Release(onlyBad, [bad]);
        Assert.Empty(Run($"$null = Invoke-PatchRun -InstanceId $ids -Operation Install -Force -Wait -PollIntervalSeconds 0.1 {Session}", ("ids", all.ToArray())).Errors);
        var samePlatform = production;
        Release(onlyBad, samePlatform);
        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        Server.State.SetCommandFault(bad, CommandFault.Fail);

        var result = Run($"$ids | Invoke-PatchRollout -WaveBy Environment -WaveOrder staging, production -CanaryCount 1 -MaxErrors 1, 0, 0 -Force -PollIntervalSeconds 0.1 -RolloutId ro-badcanary {Session}", ("ids", all.ToArray()));

        var results = result.OutputOf<PatchRolloutResult>();
        var canary = Assert.Single(results, r => r.Wave == 1);
        Assert.Equal((bad, "Failed", "Failed"), (canary.InstanceId, canary.Status, canary.Gate));   // within the canary's MaxErrors 1: the rollout goes on
        Assert.All(results.Where(r => r.WaveName == "staging"), r => Assert.Equal("Passed", r.Gate));
        var rollout = Assert.Single(Run($"Get-PatchRollout ro-badcanary {Session}").OutputOf<PatchRollout>());
        Assert.DoesNotContain(onlyBad, rollout.TestedPatches);
        // Production installs it (the pin allows it) and its TestedSet gate says nobody tested it.
        Assert.All(results.Where(r => samePlatform.Contains(r.InstanceId)), r =>
            Assert.Contains(r.GateOutcomes, g => g.StartsWith($"TestedSet: Failed (it installed {onlyBad}, which no instance running", StringComparison.Ordinal)));
        Assert.Equal(("Failed", "production"), (rollout.State, rollout.FailedWave));
    }

    [Fact]
    public void A_wave_lists_its_instances_only_for_its_install_check_and_its_recovery_polls()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        var all = staging.Concat(production).ToArray();
        Assert.True(all.Length <= 50);   // one DescribeInstances and one DescribeInstanceInformation per listing
        Server.Counters.Reset();

        var result = Run($"$ids | Invoke-PatchRollout {Rollout} -SkipSnapshot -RolloutId ro-reads {Session}", ("ids", all));

        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors.Select(e => e.ToString())));
        Assert.Equal("Succeeded", Assert.Single(Run($"Get-PatchRollout ro-reads {Session}").OutputOf<PatchRollout>()).State);
        // The rollout's check reads every instance once; then each of the 3 waves lists its instances for its install's
        // pre-send check and once per recovery poll (each poll also one DescribeInstanceStatus); the gate Scan, the
        // untested-platform refusal and the tested set take what those read (the record keeps the platforms).
        var polls = Server.Counters["ec2:DescribeInstanceStatus"];
        Assert.InRange(polls, 3, 30);
        Assert.Equal(1 + 3 + polls, Server.Counters["ec2:DescribeInstances"]);
        Assert.Equal(1 + 3 + polls, Server.Counters["ssm:DescribeInstanceInformation"]);
    }

    [Fact]
    public void A_failed_staging_wave_is_rolled_back_from_its_snapshots_and_production_is_untouched()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        var bad = staging[2];
        Server.State.SetCommandFault(bad, CommandFault.Fail);
        var result = Run($"$ids | Invoke-PatchRollout {Rollout} -RollbackOnFailure -RolloutId ro-rollback {Session}", ("ids", staging.Concat(production).ToArray()));

        var results = result.OutputOf<PatchRolloutResult>();
        Assert.Equal(staging.Count, results.Count);   // canary + staging; production never started
        var failed = Assert.Single(results, r => r.Gate != "Passed");
        Assert.Equal((bad, "Failed", true), (failed.InstanceId, failed.Status, failed.RolledBack));
        var task = Assert.Single(Server.State.ReplaceRootTasks);
        Assert.Equal(bad, task.InstanceId);
        Assert.Equal(failed.SnapshotId, task.SnapshotId);
        Assert.All(results.Where(r => r.InstanceId != bad), r => Assert.False(r.RolledBack));
        Assert.All(production, id => Assert.Empty(InstallsTo(id)));
        var error = Assert.Single(result.Errors, e => (string)e.TargetObject == bad);
        Assert.Contains("rolled back to its pre-patch snapshot", error.Exception.Message);

        var rollout = Assert.Single(Run($"Get-PatchRollout -RolloutId ro-rollback {Session}").OutputOf<PatchRollout>());
        Assert.Equal(("Failed", "staging"), (rollout.State, rollout.FailedWave));
        Assert.Equal(1, rollout.Waves.Single(w => w.Name == "staging").RolledBackCount);
        Assert.Equal("NotStarted", rollout.Waves.Single(w => w.Name == "production").State);
    }

    [Fact]
    public void WhatIf_shows_every_wave_and_writes_nothing()
    {
        var ids = Patchable("staging").Concat(Patchable("production")).ToArray();
        var result = Run($"$ids | Invoke-PatchRollout {Rollout} -RollbackOnFailure -WhatIf {Session}", ("ids", ids));

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Empty(Server.State.Commands);
        Assert.Empty(Server.State.Parameters);
        Assert.DoesNotContain(Server.State.Snapshots, s => s.Tags.ContainsKey("AwsPatch:RunId"));
        // One line per wave with its whole plan, then one short line per instance.
        var lines = result.HostText.Split('\n').Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3 + ids.Length, lines.Count);
        var waves = lines.Where(l => l.Contains(" wave ") && l.Contains("on target \"ro-")).ToList();
        Assert.Equal(3, waves.Count);
        Assert.Contains("wave 1 of 3 (canary, 1 instance(s)): MaxConcurrency default, MaxErrors 0; snapshot every EBS volume first", waves[0]);
        Assert.Contains("its installed patches become the tested set per platform", waves[0]);
        Assert.Contains("wave 3 of 3 (production", waves[2]);
        Assert.Contains("only patches the testing wave installed on the same platform", waves[2]);
        Assert.Contains("gates: Invocations, AgentAndStatus, Compliance (a fresh Scan), TestedSet; on failure restore its failed instances from their snapshots", waves[2]);
        var instances = lines.Except(waves).ToList();
        Assert.Equal(ids.Order(), instances.Select(l => l[(l.IndexOf("on target \"", StringComparison.Ordinal) + 11)..].Split(' ')[0]).Order());
        Assert.All(instances, l => Assert.DoesNotContain("snapshot", l));
        Assert.All(instances, l => Assert.True(l.Length < 170, l));   // the wave line says the rest
    }

    [Theory]
    [InlineData("-WaveBy Environment -WaveOrder staging, qa", "WaveValueHasNoInstance", "qa")]
    [InlineData("-WaveBy Environment -WaveOrder staging -CanaryCount 50", "CanaryTooLarge", "canary")]
    [InlineData("-SkipSnapshot -RollbackOnFailure", "RollbackNeedsSnapshots", "SkipSnapshot")]
    public void Bad_input_is_refused_before_anything_is_written_or_sent(string parameters, string errorId, string target)
    {
        var ids = Patchable("staging").ToArray();
        Host.SetVariable("ids", ids);
        var result = Host.Invoke($"$ids | Invoke-PatchRollout {parameters} -Force {Session}");

        var error = Assert.Single(result.Errors.Concat(result.Terminating is IContainsErrorRecord t ? [t.ErrorRecord] : Array.Empty<ErrorRecord>()));
        Assert.StartsWith(errorId, error.FullyQualifiedErrorId);
        Assert.Equal(target, error.TargetObject);
        Assert.False(string.IsNullOrEmpty(error.ErrorDetails?.RecommendedAction));
        Assert.Empty(Server.State.Commands);
        Assert.Empty(Server.State.Parameters);
    }

    [Fact]
    public void Stopped_and_offline_instances_are_reported_and_left_out_and_the_rest_are_patched()
    {
        var staging = Patchable("staging");
        var offline = Server.State.InstancesIn("us-east-1").First(i => i.State != "running" || i.Ssm is not { PingStatus: "Online" }).InstanceId;
        var result = Run($"$ids | Invoke-PatchRollout -Force -PollIntervalSeconds 0.1 {Session}", ("ids", staging.Append(offline).ToArray()));

        var error = Assert.Single(result.Errors);
        Assert.Equal(offline, error.TargetObject);
        Assert.Contains("left out of the rollout", error.Exception.Message);
        Assert.Equal(staging.Order(), result.OutputOf<PatchRolloutResult>().Select(r => r.InstanceId).Order());
        Assert.Empty(InstallsTo(offline));
    }

    [Fact]
    public void A_health_check_that_returns_false_fails_its_wave_and_stops_the_rollout()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        PatchedThenReleased(staging.Concat(production).ToList(), staging.Concat(production).ToList());
        var result = Run($"$ids | Invoke-PatchRollout {Rollout} -HealthCheck {{ param($InstanceId, $Wave) $Wave.Name -ne 'staging' }} {Session}", ("ids", staging.Concat(production).ToArray()));

        var results = result.OutputOf<PatchRolloutResult>();
        Assert.Equal("Passed", Assert.Single(results, r => r.WaveName == "canary").Gate);
        Assert.All(results.Where(r => r.WaveName == "staging"), r => Assert.Contains("HealthCheck: Failed (the -HealthCheck scriptblock returned $false)", r.GateOutcomes));
        Assert.All(production, id => Assert.Empty(InstallsTo(id)));
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutWaveFailed"));
    }

    [Fact]
    public void A_killed_rollout_is_resumed_from_another_engine_and_patches_every_instance_once()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        var ids = staging.Concat(production).ToArray();
        PatchedThenReleased(ids, ids);
        // Killed while the canary's install is in flight.
        Assert.Contains("Resume-PatchRollout -RolloutId ro-kill", KilledAfterFirstSend($"$ids | Invoke-PatchRollout {Rollout} -RolloutId ro-kill {Session}", ids));
        var during = Assert.Single(Run($"Get-PatchRollout ro-kill {Session}").OutputOf<PatchRollout>());
        Assert.Equal("InProgress", during.State);

        var resumed = ResumedLater("ro-kill");

        Assert.Null(resumed.Terminating);
        Assert.Empty(resumed.Errors);
        // The canary's run finished while nobody watched: one line says so, not the run's own "nothing was sent" advice.
        var warning = Assert.Single(resumed.Warnings);
        Assert.Equal("Wave 1 (canary) of rollout ro-kill: its run ro-kill-w1 had finished before the rollout was resumed; the results of 1 instance(s) were read back from Systems Manager (1 Success) and nothing was sent again.", warning.Message);
        var results = resumed.OutputOf<PatchRolloutResult>();
        Assert.All(results, r => Assert.Equal(("Success", "Passed"), (r.Status, r.Gate)));
        Assert.Equal(ids.Order(), results.Select(r => r.InstanceId).Order());
        Assert.All(ids, id => Assert.Single(InstallsTo(id)));   // nothing sent twice
        Assert.Equal("Succeeded", Assert.Single(Run($"Get-PatchRollout ro-kill {Session}").OutputOf<PatchRollout>()).State);

        var again = Run($"Resume-PatchRollout -RolloutId ro-kill -Force {Session}");
        Assert.Empty(again.Output);
        Assert.Contains(again.Warnings, w => w.Message.Contains("already succeeded"));
    }

    [Fact]
    public void A_record_missing_a_wave_is_refused_on_resume_and_nothing_is_sent()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        var ids = staging.Concat(production).ToArray();
        PatchedThenReleased(ids, ids);
        KilledAfterFirstSend($"$ids | Invoke-PatchRollout {Rollout} -RolloutId ro-cut {Session}", ids);
        // As if the writing process had stopped before the last wave's plan: the record cannot say who is in it.
        Assert.True(Server.State.DeleteParameter("us-east-1", RolloutRecord.WavePath("ro-cut", 3) + "plan"));
        var sends = Server.State.Commands.Count;

        var resumed = ResumedLater("ro-cut");

        var error = Assert.Single(resumed.Errors);
        Assert.StartsWith("RolloutRecordIncomplete", error.FullyQualifiedErrorId);
        Assert.Contains("is incomplete", error.Exception.Message);
        Assert.Empty(resumed.OutputOf<PatchRolloutResult>());
        Assert.Equal(sends, Server.State.Commands.Count);
    }

    [Fact]
    public void A_rollout_resumed_while_its_wave_is_still_in_flight_follows_the_wave_to_the_end_and_says_so_once()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        var ids = staging.Concat(production).ToArray();
        PatchedThenReleased(ids, ids);
        KilledAfterFirstSend($"$ids | Invoke-PatchRollout {Rollout} -RolloutId ro-inflight {Session}", ids);

        var resumed = ResumedLater("ro-inflight", minutes: 0);   // the canary's install is still in progress

        Assert.Null(resumed.Terminating);
        Assert.Empty(resumed.Errors);
        var results = resumed.OutputOf<PatchRolloutResult>();
        Assert.Equal(ids.Order(), results.Select(r => r.InstanceId).Order());
        Assert.All(results, r => Assert.Equal(("Success", "Passed"), (r.Status, r.Gate)));
        Assert.All(ids, id => Assert.Single(InstallsTo(id)));
        var warning = Assert.Single(resumed.Warnings);
        Assert.Equal("Wave 1 (canary) of rollout ro-inflight: its run ro-inflight-w1 was still in progress when the rollout was resumed (1 instance(s), followed here to the end); "
            + "the results of 1 instance(s) were read back from Systems Manager (1 Success) and nothing was sent again.", warning.Message);
    }

    [Fact]
    public void A_rollout_killed_after_its_gate_Scan_was_sent_reads_the_Scan_back_on_resume_and_sends_it_nothing_twice()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        var ids = staging.Concat(production).ToArray();
        PatchedThenReleased(ids, ids);
        // The canary's install, then its gate Scan: killed while the Scan is in flight.
        KilledAfterFirstSend($"$ids | Invoke-PatchRollout {Rollout} -RolloutId ro-killscan {Session}", ids, sends: 2);
        var scans = Server.State.Commands.Count(c => c.Comment?.Contains("ro-killscan-w1-scan", StringComparison.Ordinal) == true);
        Assert.Equal(1, scans);

        var resumed = ResumedLater("ro-killscan");

        Assert.Null(resumed.Terminating);
        Assert.True(resumed.Errors.Count == 0, string.Join("\n", resumed.Errors.Select(e => e.ToString())));
        var results = resumed.OutputOf<PatchRolloutResult>();
        Assert.Equal(ids.Order(), results.Select(r => r.InstanceId).Order());
        Assert.All(results, r => Assert.Equal(("Success", "Passed"), (r.Status, r.Gate)));
        Assert.Contains("Compliance: Passed", Assert.Single(results, r => r.Wave == 1).GateOutcomes);
        Assert.Equal(1, Server.State.Commands.Count(c => c.Comment?.Contains("ro-killscan-w1-scan", StringComparison.Ordinal) == true));
        Assert.All(ids, id => Assert.Single(InstallsTo(id)));
        Assert.Single(resumed.Warnings);
    }

    [Fact]
    public void A_patch_staging_never_installed_fails_production_at_the_tested_set_gate()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        var all = staging.Concat(production).ToList();
        PatchedThenReleased(all, all);
        Release("curl.x86_64:0:8.9.1-1.amzn2023.0.7", production);   // applies to production only: staging never tests it
        var result = Run($"$ids | Invoke-PatchRollout {Rollout} -RolloutId ro-untested {Session}", ("ids", all.ToArray()));

        var results = result.OutputOf<PatchRolloutResult>();
        Assert.All(results.Where(r => r.WaveName != "production"), r => Assert.Equal("Passed", r.Gate));
        Assert.All(results.Where(r => r.WaveName == "production"), r =>
            Assert.Contains(r.GateOutcomes, g => g.StartsWith("TestedSet: Failed (it installed curl.x86_64:0:8.9.1-1.amzn2023.0.7", StringComparison.Ordinal)));
        Assert.Equal(("Failed", "production"), (Assert.Single(Run($"Get-PatchRollout ro-untested {Session}").OutputOf<PatchRollout>()) is var r1 ? (r1.State, r1.FailedWave) : default));
    }

    [Fact]
    public void Production_may_install_patches_staging_already_runs_from_before_the_rollout_and_the_tested_set_gate_passes()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        var all = staging.Concat(production).ToList();
        PatchedThenReleased(all, all);
        // Last month staging got the kernel update and production did not: the waves differ in what they miss.
        Release("kernel.x86_64:0:6.1.112-122.189.amzn2023", all);
        Assert.Empty(Run($"$null = Invoke-PatchRun -InstanceId $ids -Operation Install -Force -Wait -PollIntervalSeconds 0.1 {Session}", ("ids", staging.ToArray())).Errors);
        Release("curl.x86_64:0:8.9.1-1.amzn2023.0.7", all);
        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        var result = Run($"$ids | Invoke-PatchRollout {Rollout} -RolloutId ro-mixed {Session}", ("ids", all.ToArray()));

        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors.Select(e => e.ToString())));
        var results = result.OutputOf<PatchRolloutResult>();
        Assert.Equal(all.Count, results.Count);
        Assert.All(results.Where(r => r.WaveName == "production"), r => Assert.Contains("TestedSet: Passed", r.GateOutcomes));
        // Production installed both; staging tested the kernel update before the rollout and curl in it.
        var installed = Run($"Get-PatchMissing -InstanceId $ids -State Installed, InstalledPendingReboot {Session}", ("ids", production.ToArray())).Output
            .Select(o => (string)o.Properties["Title"].Value).ToHashSet();
        Assert.Contains("kernel.x86_64:0:6.1.112-122.189.amzn2023", installed);
        Assert.Contains("curl.x86_64:0:8.9.1-1.amzn2023.0.7", installed);
        var rollout = Assert.Single(Run($"Get-PatchRollout ro-mixed {Session}").OutputOf<PatchRollout>());
        Assert.Equal("Succeeded", rollout.State);
        Assert.Contains("kernel.x86_64:0:6.1.112-122.189.amzn2023", rollout.TestedPatches);
    }

    [Fact]
    public void An_instance_a_fresh_Scan_finds_non_compliant_fails_the_compliance_gate_and_is_rolled_back()
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        var all = staging.Concat(production).ToList();
        PatchedThenReleased(all, all);
        Server.State.SetNonCompliant(staging[1], true);   // its install succeeds, but a patch stays Missing
        var result = Run($"$ids | Invoke-PatchRollout {Rollout} -RollbackOnFailure -RolloutId ro-compliance {Session}", ("ids", all.ToArray()));

        var failed = Assert.Single(result.OutputOf<PatchRolloutResult>(), r => r.Gate != "Passed");
        Assert.Equal((staging[1], "Success", true), (failed.InstanceId, failed.Status, failed.RolledBack));
        Assert.Contains(failed.GateOutcomes, g => g.StartsWith("Compliance: Failed (after the install a Scan finds", StringComparison.Ordinal));
        Assert.All(production, id => Assert.Empty(InstallsTo(id)));
    }
}
