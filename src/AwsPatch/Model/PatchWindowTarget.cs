using System;
using System.Collections.Generic;

namespace AwsPatch
{
    /// <summary>One target registration of a maintenance window: its pairs (all must hold), e.g. <c>tag:Patch Group=web-prod</c>.</summary>
    public sealed class PatchWindowTarget
    {
        public string WindowId { get; init; } = string.Empty;
        public string WindowTargetId { get; init; } = string.Empty;
        public string? Name { get; init; }
        public string ResourceType { get; init; } = "INSTANCE";

        /// <summary>Each pair as <c>Key=value1,value2</c>.</summary>
        public IReadOnlyList<string> Targets { get; init; } = Array.Empty<string>();

        /// <summary>The patch group the registration names by its Patch Group/PatchGroup tag, if it does.</summary>
        public string? PatchGroup { get; init; }

        /// <summary>The pairs as SSM holds them (for coverage; the view shows <see cref="Targets"/>).</summary>
        internal IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Pairs { get; init; } = Array.Empty<KeyValuePair<string, IReadOnlyList<string>>>();

        public override string ToString() => string.Join(" AND ", Targets);
    }
}
