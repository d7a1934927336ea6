using System;

namespace AwsPatch.Remediation
{
    /// <summary>
    /// The figures of one round of patching as Get-PatchRemediation found it: one rollout (all its waves), one run outside
    /// a rollout, or, for the findings no run could be joined to (<see cref="PatchRemediation.RunId"/> null), the
    /// installs that ended on one UTC day.
    /// </summary>
    public sealed class RemediationTrendPoint
    {
        /// <summary>The rollout of this point; null for a run outside a rollout and for a day.</summary>
        public string? RolloutId { get; init; }

        /// <summary>The run of this point (outside a rollout); null for a rollout and for a day.</summary>
        public string? RunId { get; init; }

        /// <summary>Whether this point is a day fallback: installs no AwsPatch run could be joined to.</summary>
        public bool IsDay => RolloutId == null && RunId == null;

        /// <summary>The UTC day the point's first install ended (for a day point: the day).</summary>
        public DateTime Day { get; init; }

        /// <summary>When the point's first install ended: the trend's order.</summary>
        public DateTime FirstPatchedAt { get; init; }

        /// <summary>Instances with findings in this point.</summary>
        public int Instances { get; init; }

        public int Closed { get; init; }
        public int StillOpen { get; init; }
        public int New { get; init; }

        /// <summary>Closed / (Closed + StillOpen); null with neither.</summary>
        public double? ClosedShare { get; init; }

        /// <summary>Median and 90th percentile (nearest rank) time to remediate of the findings this point closed.</summary>
        public TimeSpan? MedianTimeToRemediate { get; init; }
        public TimeSpan? P90TimeToRemediate { get; init; }
    }
}
