using System.Management.Automation;
using AwsPatch.Commands.Common;
using AwsPatch.Runs;

namespace AwsPatch.Tests.Unit.Commands;

/// <summary>Invoke-PatchRun's -WhatIf/-Confirm text names every step, and its impact follows the operation.</summary>
public sealed class PatchRunStepsTests
{
    private const string Run = "run-20250601T120000Z-abcdef";

    [Fact]
    public void Install_with_a_snapshot_names_the_snapshot_the_install_and_the_reboot_in_order()
    {
        var text = PatchRunSteps.Describe(new PatchRunRequest { RunId = Run, Operation = "Install", InstallOverrideList = "s3://bucket/list.yaml" }, snapshot: true);

        Assert.Equal($"Run {Run}: snapshot every EBS volume (tagged AwsPatch:RunId) and wait until the snapshots complete (no snapshots, no patching), "
            + "then install the approved patches with AWS-RunPatchBaseline, install override list s3://bucket/list.yaml, "
            + "then reboot the instance if the installed patches need it (RebootIfNeeded)", text);
    }

    [Fact]
    public void NoReboot_says_nothing_reboots_and_a_scan_says_it_installs_nothing()
    {
        Assert.EndsWith("then do not reboot (NoReboot: patches that need a reboot stay pending)",
            PatchRunSteps.Describe(new PatchRunRequest { RunId = Run, Operation = "Install", RebootOption = "NoReboot" }, snapshot: false));
        Assert.Equal($"Run {Run}: scan for missing patches with AWS-RunPatchBaseline (installs nothing)",
            PatchRunSteps.Describe(new PatchRunRequest { RunId = Run, Operation = "Scan" }, snapshot: false));
    }

    [Theory]
    [InlineData("Install", false, ConfirmImpact.High)]
    [InlineData("Install", true, ConfirmImpact.High)]
    [InlineData("Scan", true, ConfirmImpact.Medium)]
    [InlineData("Scan", false, ConfirmImpact.Low)]
    public void Impact_is_High_for_Install_Medium_for_a_snapshot_and_Low_for_a_scan(string operation, bool snapshot, ConfirmImpact impact) =>
        Assert.Equal(impact, PatchRunSteps.ImpactOf(new PatchRunRequest { RunId = Run, Operation = operation }, snapshot));
}
