using System;
using System.Collections.Generic;

namespace AwsPatch.Instances
{
    /// <summary>Which instances <see cref="InstanceService"/> lists. Empty members mean "no restriction".</summary>
    public sealed class InstanceQuery
    {
        /// <summary>Explicit ids; empty lists every instance in the region that matches the filters.</summary>
        public IReadOnlyList<string> InstanceIds { get; init; } = Array.Empty<string>();

        /// <summary>Tag key → accepted values: OR within a key, AND across keys.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Tags { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

        /// <summary>Accepted values of the <c>Patch Group</c> / <c>PatchGroup</c> tag.</summary>
        public IReadOnlyList<string> PatchGroups { get; init; } = Array.Empty<string>();

        /// <summary>Only instances Systems Manager manages.</summary>
        public bool ManagedOnly { get; init; }

        internal bool HasFilters => Tags.Count > 0 || PatchGroups.Count > 0;
    }
}
