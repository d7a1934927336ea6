using System;
using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>
    /// Inspector <c>filterCriteria</c> in API terms (upper-case enum values): OR within a member, AND across members.
    /// Each list holds at most <see cref="MaxValues"/> values, the API's limit.
    /// </summary>
    public sealed class FindingFilter
    {
        public const int MaxValues = 10;

        public IReadOnlyList<string> ResourceIds { get; init; } = Array.Empty<string>();
        /// <summary>Resource id prefixes (PREFIX comparisons, OR-ed with <see cref="ResourceIds"/>); partitions a listing.</summary>
        public IReadOnlyList<string> ResourceIdPrefixes { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> ResourceTypes { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> Severities { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> Statuses { get; init; } = Array.Empty<string>();
        /// <summary>YES / NO / PARTIAL.</summary>
        public IReadOnlyList<string> FixAvailable { get; init; } = Array.Empty<string>();
        /// <summary>YES / NO.</summary>
        public IReadOnlyList<string> ExploitAvailable { get; init; } = Array.Empty<string>();
        public double? MinimumInspectorScore { get; init; }
        public double? MinimumEpssScore { get; init; }
        public IReadOnlyList<string> VulnerabilityIds { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> PackageNames { get; init; } = Array.Empty<string>();
    }
}
