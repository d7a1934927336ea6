using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Export-PatchReport's rollout part, from a real rollout in the sandbox whose staging wave fails and is rolled back:
/// the rollout (Get-PatchRollout) and its per-instance results (Invoke-PatchRollout) give the Rollouts, Rollout waves,
/// Rollout results and Rollbacks tables in HTML and their CSV files.
/// </summary>
public sealed class RolloutReportTests : PatchRunTestBase, IClassFixture<SandboxFixture>
{
    private readonly string _dir = Directory.CreateTempSubdirectory("awspatch-rollout-report-").FullName;

    public RolloutReportTests(SandboxFixture fixture) : base(fixture)
    {
    }

    [Fact]
    public void A_rolled_back_rollout_shows_its_waves_in_order_their_gates_and_the_restored_instance_with_its_snapshot()
    {
        try
        {
            var staging = Patchable("staging");
            var production = Patchable("production");
            var bad = staging[2];   // in the staging wave, not the canary
            Server.State.SetCommandFault(bad, CommandFault.Fail);
            var result = Run($"""
                $results = $ids | Invoke-PatchRollout -WaveBy Environment -WaveOrder staging, production -CanaryCount 1 -Force -PollIntervalSeconds 0.1 -RollbackOnFailure -RolloutId ro-report {Session} -ErrorAction SilentlyContinue
                $rollout = Get-PatchRollout -RolloutId ro-report {Session}
                @($rollout) + @($results) | Export-PatchReport -Path "$dir/rollout.html"
                @($rollout) + @($results) | Export-PatchReport -Path "$dir/rollout.csv" -Format Csv
                $rollout
                $results
                """, ("ids", staging.Concat(production).ToArray()), ("dir", _dir));
            Assert.True(result.Terminating is null, result.ToString());
            Assert.All(result.Errors, e => Assert.Equal(bad, e.TargetObject as string));   // only the failed instance's own error; the report took every object
            var rollout = Assert.Single(result.Output.Select(o => o.BaseObject).OfType<PatchRollout>());
            var rolledBack = Assert.Single(result.Output.Select(o => o.BaseObject).OfType<PatchRolloutResult>(), r => r.RolledBack);
            Assert.Equal(bad, rolledBack.InstanceId);
            Assert.False(string.IsNullOrEmpty(rolledBack.SnapshotId));

            var html = File.ReadAllText(Path.Join(_dir, "rollout.html"));
            Assert.Contains("<figure class=\"chart\" id=\"timeline-rollout-1\"><figcaption>Rollout ro-report (Failed)</figcaption>", html, StringComparison.Ordinal);
            Assert.Contains("<g class=\"wave\" data-wave=\"2\" data-state=\"Failed\">", html, StringComparison.Ordinal);
            Assert.Contains("<section id=\"rollouts\"><h2>Rollouts (1)</h2>", html, StringComparison.Ordinal);
            Assert.Contains($"<section id=\"rollout-waves\"><h2>Rollout waves ({rollout.Waves.Count})</h2>", html, StringComparison.Ordinal);
            Assert.Contains("<section id=\"rollbacks\"><h2>Rollbacks (1)</h2>", html, StringComparison.Ordinal);
            var rollbacks = html[html.IndexOf("<section id=\"rollbacks\">", StringComparison.Ordinal)..];
            Assert.Contains($"<td>{bad}</td>", rollbacks, StringComparison.Ordinal);
            Assert.Contains($"<td>{rolledBack.SnapshotId}</td>", rollbacks, StringComparison.Ordinal);
            // The waves in order: canary, staging (Failed), production (NotStarted).
            var waves = html[html.IndexOf("<section id=\"rollout-waves\">", StringComparison.Ordinal)..html.IndexOf("<section id=\"rollout-results\">", StringComparison.Ordinal)];
            var positions = rollout.Waves.OrderBy(w => w.Wave).Select(w => waves.IndexOf($"<td>{w.Name}</td>", StringComparison.Ordinal)).ToList();
            Assert.All(positions, p => Assert.True(p > 0));
            Assert.Equal(positions.Order(), positions);
            Assert.Contains("<td>Failed</td>", waves, StringComparison.Ordinal);
            Assert.Contains("<td>NotStarted</td>", waves, StringComparison.Ordinal);
            var failedGate = rollout.Waves.Single(w => w.State == "Failed").GateOutcomes.First(g => g.Contains("Failed", StringComparison.Ordinal));
            Assert.Contains(failedGate, System.Net.WebUtility.HtmlDecode(waves), StringComparison.Ordinal);

            var waveRows = File.ReadAllLines(Path.Join(_dir, "rollout.rollout-waves.csv"));
            Assert.StartsWith("RolloutId,Wave,Name,State,StartedAt,CompletedAt,Timeline,InstanceCount,GateOutcomes,RolledBackCount,", waveRows[0], StringComparison.Ordinal);
            Assert.Equal(rollout.Waves.Count, waveRows.Length - 1);
            Assert.StartsWith("ro-report,1,canary,Succeeded,", waveRows[1], StringComparison.Ordinal);
            Assert.StartsWith("ro-report,2,staging,Failed,", waveRows[2], StringComparison.Ordinal);
            Assert.Matches(@",T\+\d\d:\d\d:\d\d \u2192 T\+\d\d:\d\d:\d\d,", waveRows[1]);   // the wave's start and end, from the rollout's start
            Assert.Matches(@",NotStarted,,,,", waveRows[3]);   // production never started: no times

            var rolloutRows = File.ReadAllLines(Path.Join(_dir, "rollout.rollouts.csv"));
            Assert.Equal(2, rolloutRows.Length);
            Assert.StartsWith("ro-report,Failed,", rolloutRows[1], StringComparison.Ordinal);

            var resultRows = File.ReadAllLines(Path.Join(_dir, "rollout.rollout-results.csv"));
            Assert.Equal(staging.Count + 1, resultRows.Length);
            Assert.Single(resultRows, r => r.Contains($",{bad},Failed,", StringComparison.Ordinal) && r.Contains($",true,{rolledBack.SnapshotId},", StringComparison.Ordinal));
            var rollbackRows = File.ReadAllLines(Path.Join(_dir, "rollout.rollbacks.csv"));
            Assert.Equal(2, rollbackRows.Length);
            Assert.Equal("RolloutId,Wave,WaveName,InstanceId,SnapshotId,Error,Region", rollbackRows[0]);
            Assert.StartsWith($"ro-report,2,staging,{bad},{rolledBack.SnapshotId},", rollbackRows[1], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

}
