using System;
using System.Collections.Generic;

namespace AwsPatch
{
    /// <summary>
    /// One instance's vulnerability roll-up and its place in the patch order (<see cref="Rank"/> 1 = patch first).
    /// Carries <see cref="InstanceId"/> and <see cref="Region"/> so it pipes into the snapshot and patch cmdlets.
    /// </summary>
    public sealed class PatchPriority
    {
        public int Rank { get; init; }

        public string InstanceId { get; init; } = string.Empty;

        /// <summary>The priority score; see <c>Get-Help Get-PatchPriority -Full</c> for the formula.</summary>
        public double RiskScore { get; init; }

        public int CriticalCount { get; init; }

        public int HighCount { get; init; }

        public int MediumCount { get; init; }

        public int LowCount { get; init; }

        /// <summary>Informational and untriaged findings.</summary>
        public int OtherCount { get; init; }

        public int FindingCount { get; init; }

        /// <summary>Findings an update fixes (fully or partly).</summary>
        public int FixableCount { get; init; }

        public int ExploitAvailableCount { get; init; }

        public double? MaxInspectorScore { get; init; }

        public double? MaxEpssScore { get; init; }

        public string? Environment { get; init; }

        public string? PatchGroup { get; init; }

        /// <summary>Reachable from the internet (a public IP, or an Inspector network-reachability finding).</summary>
        public bool InternetFacing { get; init; }

        /// <summary>The vulnerability ids of the riskiest findings, riskiest first (at most five).</summary>
        public IReadOnlyList<string> TopVulnerabilityIds { get; init; } = Array.Empty<string>();

        /// <summary>The ARNs of the instance's active package findings (New-PatchPlan reads their CISA KEV due dates).</summary>
        public IReadOnlyList<string> FindingArns { get; init; } = Array.Empty<string>();

        public string Region { get; init; } = string.Empty;

        /// <summary>The instance's account (from its findings, or the instance piped in); null when neither named it.</summary>
        public string? AccountId { get; init; }

        public override string ToString() => InstanceId;
    }
}
