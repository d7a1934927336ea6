using System.Collections.Generic;
using System.Management.Automation;
using AwsPatch.Common;
using AwsPatch.Runs;

namespace AwsPatch.Commands.Common
{
    /// <summary>What Invoke-PatchRun would do to one target, for its -WhatIf/-Confirm text and its confirmation impact.</summary>
    internal static class PatchRunSteps
    {
        /// <summary>Install is High (it changes and may reboot the instance), a snapshot Medium (it creates resources), a Scan alone Low.</summary>
        public static ConfirmImpact ImpactOf(PatchRunRequest request, bool snapshot) =>
            request.Operation == "Install" ? ConfirmImpact.High : snapshot ? ConfirmImpact.Medium : ConfirmImpact.Low;

        /// <summary>Every step, in order: the snapshot (when this target gets one), the operation, the reboot.</summary>
        public static string Describe(PatchRunRequest request, bool snapshot)
        {
            var steps = new List<string>();
            if (snapshot)
                steps.Add($"snapshot every EBS volume (tagged {RunIds.TagKey}) and wait until the snapshots complete (no snapshots, no patching)");
            if (request.Operation == "Install")
            {
                var overrides = (string.IsNullOrEmpty(request.BaselineOverride) ? string.Empty : $", baseline override {request.BaselineOverride}")
                    + (string.IsNullOrEmpty(request.InstallOverrideList) ? string.Empty : $", install override list {request.InstallOverrideList}");
                steps.Add($"install the approved patches with AWS-RunPatchBaseline{overrides}");
                steps.Add(request.RebootOption == "NoReboot"
                    ? "do not reboot (NoReboot: patches that need a reboot stay pending)"
                    : "reboot the instance if the installed patches need it (RebootIfNeeded)");
            }
            else
            {
                steps.Add("scan for missing patches with AWS-RunPatchBaseline (installs nothing)");
            }
            return $"Run {request.RunId}: {string.Join(", then ", steps)}";
        }
    }
}
