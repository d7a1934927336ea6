using System;

namespace AwsPatch.Remediation
{
    /// <summary>
    /// The figures of the installs that ended on one UTC day (<see cref="PatchRemediation.PatchedAt"/>): each run,
    /// rollout wave or maintenance window that patched on that day, as Get-PatchRemediation found it.
    /// </summary>
    public sealed class RemediationTrendPoint
    {
        /// <summary>The UTC day the installs ended.</summary>
        public DateTime Day { get; init; }

        /// <summary>Instances whose last install ended that day.</summary>
        public int Instances { get; init; }

        public int Closed { get; init; }
        public int StillOpen { get; init; }
        public int New { get; init; }

        /// <summary>Closed / (Closed + StillOpen); null with neither.</summary>
        public double? ClosedShare { get; init; }

        /// <summary>Median (nearest rank) time to remediate of the findings closed after those installs.</summary>
        public TimeSpan? MedianTimeToRemediate { get; init; }
    }
}
