using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>One approval rule of a patch baseline: a patch is approved when every filter matches it, <see cref="ApproveAfterDays"/> after its release.</summary>
    public sealed class PatchBaselineRule
    {
        public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Filters { get; init; } = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        public int? ApproveAfterDays { get; init; }
    }
}
