using System;
using System.Collections.Generic;
using System.Linq;

namespace AwsPatch
{
    /// <summary>
    /// A staged rollout as its record in Parameter Store tells it: its waves and their gate outcomes, the pinned patch
    /// set, and its state. Written by Invoke-PatchRollout, read by Get-PatchRollout from any session.
    /// </summary>
    public sealed class PatchRollout
    {
        public string RolloutId { get; init; } = string.Empty;

        /// <summary>InProgress, Succeeded, Failed or Stopped.</summary>
        public string State { get; init; } = string.Empty;

        /// <summary>Every wave in order.</summary>
        public IReadOnlyList<PatchRolloutWave> Waves { get; init; } = Array.Empty<PatchRolloutWave>();

        /// <summary>How many waves passed their gates.</summary>
        public int WavesSucceeded => Waves.Count(w => w.State == "Succeeded");

        public int InstanceCount => Waves.Sum(w => w.InstanceCount);

        /// <summary>The first wave that failed, if any.</summary>
        public string? FailedWave => Waves.FirstOrDefault(w => w.State == "Failed")?.Name;

        /// <summary>
        /// AWS-RunPatchBaseline's SnapshotId every wave's Scan and Install uses, so every instance resolves the same
        /// baseline snapshot: the same approved patches in every wave.
        /// </summary>
        public string PatchSnapshotId { get; init; } = string.Empty;

        /// <summary>
        /// The tested set, every platform together: the patches installed on the first wave's (and canary's) instances
        /// once it passed (in the rollout or before it). It is kept per platform (<see cref="TestedPlatforms"/>): a later
        /// wave's instance may install only what the testing waves' instances of its own platform have installed.
        /// </summary>
        public IReadOnlyList<string> TestedPatches { get; init; } = Array.Empty<string>();

        /// <summary>The platforms (operating system and version) the testing waves covered, each with its tested set's size, e.g. <c>Amazon Linux 2023 (131 patch(es))</c>.</summary>
        public IReadOnlyList<string> TestedPlatforms { get; init; } = Array.Empty<string>();

        public string Operation { get; init; } = "Install";

        public string RebootOption { get; init; } = "RebootIfNeeded";

        /// <summary>Whether instances of a failed wave are restored from their pre-patch snapshots.</summary>
        public bool RollbackOnFailure { get; init; }

        /// <summary>The rollout patches without pre-patch snapshots (the user gave -SkipSnapshot).</summary>
        public bool SkipSnapshot { get; init; }

        /// <summary>The wait between a wave passing its gates and the next wave starting.</summary>
        public TimeSpan Soak { get; init; }

        /// <summary>The CloudWatch alarm whose ALARM state stops a wave's install commands and fails the wave (-AlarmName); null for none.</summary>
        public string? AlarmName { get; init; }

        /// <summary>
        /// The SSM document every wave runs as its HealthCheck gate (-HealthCheckDocument), as recorded for
        /// Resume-PatchRollout; null for none. Its parameters are recorded too but not shown. A scriptblock -HealthCheck is never recorded.
        /// </summary>
        public string? HealthCheckDocument { get; init; }

        /// <summary>The Remediation gate's deadline after each wave's rescan (-RemediationGate, -RemediationTimeoutMinutes), as recorded; null: no Remediation gate.</summary>
        public TimeSpan? RemediationTimeout { get; init; }

        public DateTime? StartedAt { get; init; }

        public string Region { get; init; } = string.Empty;

        public override string ToString() => RolloutId;
    }
}
