using System;
using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>One patch of one instance (DescribeInstancePatches' PatchComplianceData), in SDK-free terms.</summary>
    public sealed class PatchRecord
    {
        public string Title { get; init; } = string.Empty;
        public string? KBId { get; init; }
        public string? Classification { get; init; }
        public string? Severity { get; init; }
        public string? State { get; init; }

        /// <summary>Null when the patch is not installed (Systems Manager reports epoch 0 then).</summary>
        public DateTime? InstalledTime { get; init; }

        public IReadOnlyList<string> CveIds { get; init; } = Array.Empty<string>();
    }
}
