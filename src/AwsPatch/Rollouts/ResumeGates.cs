using System;
using System.Collections.Generic;

namespace AwsPatch.Rollouts
{
    /// <summary>
    /// The recorded gate settings Resume-PatchRollout was given again; null: not given, so the rollout's record stands
    /// (see <see cref="RolloutOptions.ResumedWith"/>).
    /// </summary>
    public sealed class ResumeGates
    {
        public string? HealthCheckDocument { get; init; }

        public IReadOnlyDictionary<string, IReadOnlyList<string>>? HealthCheckParameters { get; init; }

        /// <summary>-RemediationGate given (true) or given as -RemediationGate:$false (false).</summary>
        public bool? RemediationGate { get; init; }

        public TimeSpan? RemediationTimeout { get; init; }
    }
}
