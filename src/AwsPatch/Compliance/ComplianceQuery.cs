using System;
using System.Collections.Generic;

namespace AwsPatch.Compliance
{
    /// <summary>Which instances <see cref="ComplianceService"/> reports on. Instances and patch groups are exclusive.</summary>
    public sealed class ComplianceQuery
    {
        /// <summary>Explicit instances; empty (and no <see cref="PatchGroups"/>) means every managed instance in the region.</summary>
        public IReadOnlyList<ComplianceTarget> Instances { get; init; } = Array.Empty<ComplianceTarget>();

        /// <summary>Patch groups, each listed with DescribeInstancePatchStatesForPatchGroup.</summary>
        public IReadOnlyList<string> PatchGroups { get; init; } = Array.Empty<string>();

        /// <summary>Only instances whose EC2 <c>Environment</c> tag is this value (each output carries it); null keeps all.</summary>
        public string? Environment { get; init; }

        /// <summary>Only these compliance states; empty keeps all.</summary>
        public IReadOnlyCollection<string> States { get; init; } = Array.Empty<string>();

        public TimeSpan StaleAfter { get; init; } = ComplianceStates.DefaultStaleAfter;
    }
}
