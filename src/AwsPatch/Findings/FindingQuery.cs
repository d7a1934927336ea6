using System;
using System.Collections.Generic;

namespace AwsPatch.Findings
{
    /// <summary>Which findings <see cref="FindingService"/> lists, in the words users type (Critical, Ec2Instance …).</summary>
    public sealed class FindingQuery
    {
        /// <summary>Resource (instance) ids; empty means every resource in the account and region.</summary>
        public IReadOnlyList<string> ResourceIds { get; init; } = Array.Empty<string>();

        /// <summary>Ec2Instance, EcrImage, Lambda; empty means all types.</summary>
        public IReadOnlyList<string> ResourceTypes { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> Severities { get; init; } = Array.Empty<string>();

        /// <summary>Active, Suppressed, Closed.</summary>
        public IReadOnlyList<string> Statuses { get; init; } = Array.Empty<string>();

        /// <summary>Only findings an update fixes (fully or partly).</summary>
        public bool FixAvailable { get; init; }

        /// <summary>Only findings with a known public exploit.</summary>
        public bool ExploitAvailable { get; init; }

        public double? MinimumScore { get; init; }

        public double? MinimumEpss { get; init; }

        public IReadOnlyList<string> VulnerabilityIds { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> PackageNames { get; init; } = Array.Empty<string>();

        /// <summary>Stop after this many findings (and stop fetching).</summary>
        public long? First { get; init; }

        /// <summary>Warn about given resources Inspector does not scan (ListCoverage).</summary>
        public bool ReportCoverage { get; init; } = true;
    }
}
