using System;
using System.Collections.Generic;
using System.Linq;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Rollouts
{
    /// <summary>
    /// What a rollout's tested set is kept per: the instance's operating system and version as its SSM agent reports
    /// it (for example <c>Amazon Linux 2023</c>, <c>Microsoft Windows Server 2022 Datacenter 10.0.20348</c>). Patch
    /// Manager picks the patch baseline per operating system and the patches (package versions, KBs) are per product,
    /// so a patch tested on one platform says nothing about another.
    /// </summary>
    public static class RolloutPlatform
    {
        public static string Of(PatchInstance instance) =>
            string.IsNullOrEmpty(instance.PlatformName) ? (string.IsNullOrEmpty(instance.Platform) ? "unknown platform" : instance.Platform)
            : string.IsNullOrEmpty(instance.PlatformVersion) ? instance.PlatformName!
            : instance.PlatformName + " " + instance.PlatformVersion;

        /// <summary>How many waves test the patch set: the first wave, and its canary when it has one.</summary>
        public static int TestWaves(IReadOnlyList<PatchRolloutWave> waves) =>
            waves.Count > 1 && waves[0].Name == WavePlanner.CanaryName ? 2 : 1;

        /// <summary>
        /// The instances of waves after the testing waves whose platform no earlier wave has: nothing they install
        /// could have been tested, so they are refused before anything is sent (one failure each, naming the fix).
        /// </summary>
        public static List<ItemFailure> Untested(IReadOnlyList<PatchRolloutWave> waves, IReadOnlyDictionary<string, string> platformOf)
        {
            var failures = new List<ItemFailure>();
            var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var testWaves = TestWaves(waves);
            for (var i = 0; i < waves.Count; i++)
            {
                var wave = waves[i];
                if (i >= testWaves)
                {
                    var earlier = string.Join(", ", waves.Take(i).Select(w => w.Name));
                    foreach (var id in wave.InstanceIds.Where(id => platformOf.TryGetValue(id, out var p) && !covered.Contains(p)))
                        failures.Add(new ItemFailure(id, "RolloutPlatformUntested", AwsErrorKind.InvalidInput,
                            $"Instance {id} runs {platformOf[id]}, which no instance of an earlier wave ({earlier}) runs, so wave '{wave.Name}' would install patches "
                            + "nobody tested on that platform; it was left out of the rollout. Nothing was sent to it.",
                            $"Add an instance that runs {platformOf[id]} to an earlier wave or the canary (tag one, or edit the plan from New-PatchRolloutPlan), or patch {id} in a rollout of its own."));
                }
                var refused = new HashSet<string>(failures.Select(f => f.TargetId), StringComparer.Ordinal);
                foreach (var id in wave.InstanceIds.Where(id => !refused.Contains(id)))
                {
                    if (platformOf.TryGetValue(id, out var p))
                        covered.Add(p);
                }
            }
            return failures;
        }
    }
}
