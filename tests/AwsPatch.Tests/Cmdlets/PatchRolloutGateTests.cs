using AwsPatch.Commands.Common;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Unit;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// The after-reboot gate of Invoke-PatchRollout with the sandbox's per-instance afterReboot faults: an instance
/// whose agent never comes back, or whose EC2 status check stays impaired, fails its wave (rolled back with
/// -RollbackOnFailure) and no later wave starts. The recovery deadline runs on the wait clock, which moves the sandbox's.
/// </summary>
public sealed class PatchRolloutGateTests : PatchRunTestBase, IClassFixture<SandboxFixture>
{
    private const string Rollout = "-WaveBy Environment -WaveOrder staging, production -CanaryCount 1 -Force -PollIntervalSeconds 10 -RecoveryTimeoutMinutes 5";

    public PatchRolloutGateTests(SandboxFixture fixture) : base(fixture)
    {
        // The module waits on a clock that moves the sandbox's with it, so the five-minute recovery deadline
        // passes in thirty polls, not in five real minutes.
        WaitOnSandboxClock();
    }

    [Theory]
    [InlineData(AfterRebootFault.StatusImpaired)]
    [InlineData(AfterRebootFault.AgentOffline)]
    public void A_canary_that_does_not_come_back_from_its_reboot_fails_the_rollout_and_nothing_else_is_patched(AfterRebootFault fault)
    {
        var staging = Patchable("staging");
        var production = Patchable("production");
        var canary = staging[0];
        Server.State.SetAfterRebootFault(canary, fault);
        var result = Run($"$ids | Invoke-PatchRollout {Rollout} -RollbackOnFailure -RolloutId ro-reboot {Session}", ("ids", staging.Concat(production).ToArray()));

        var only = Assert.Single(result.OutputOf<PatchRolloutResult>());
        var outcomes = string.Join(" | ", only.GateOutcomes);
        Assert.Equal((canary, "Failed", true), (only.InstanceId, only.Gate, only.RolledBack));
        if (fault == AfterRebootFault.StatusImpaired)
        {
            // The install reports Success; the instance's status check stays impaired past the deadline.
            Assert.Equal("Success", only.Status);
            Assert.Contains(only.GateOutcomes, g => g.StartsWith("AgentAndStatus: Failed", StringComparison.Ordinal) && g.Contains("impaired", StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            // The agent never reconnects: the install cannot report, so it fails before any later gate runs.
            Assert.NotEqual("Success", only.Status);
            Assert.True(only.GateOutcomes.Any(g => g.StartsWith("Invocations: Failed", StringComparison.Ordinal)), outcomes);
        }
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutWaveFailed", StringComparison.Ordinal));
        Assert.DoesNotContain(Server.State.Commands, c => c.Parameters.GetValueOrDefault("Operation")?.FirstOrDefault() == "Install" && c.InstanceIds.Any(id => id != canary));
        Assert.Equal(canary, Assert.Single(Server.State.ReplaceRootTasks).InstanceId);

        var rollout = Assert.Single(Run($"Get-PatchRollout ro-reboot {Session}").OutputOf<PatchRollout>());
        Assert.Equal(("Failed", "canary"), (rollout.State, rollout.FailedWave));
    }
}
