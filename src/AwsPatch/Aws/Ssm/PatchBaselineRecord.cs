using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>
    /// What GetPatchBaseline says a baseline approves: its global filters, approval rules (each a list of filters that
    /// must all match), and explicitly approved and rejected patches.
    /// </summary>
    public sealed class PatchBaselineRecord
    {
        public string BaselineId { get; init; } = string.Empty;
        public string Name { get; init; } = string.Empty;
        /// <summary>WINDOWS, AMAZON_LINUX_2023, UBUNTU …</summary>
        public string OperatingSystem { get; init; } = string.Empty;
        public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> GlobalFilters { get; init; } = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        public IReadOnlyList<PatchBaselineRule> Rules { get; init; } = new List<PatchBaselineRule>();
        public IReadOnlyList<string> ApprovedPatches { get; init; } = new List<string>();
        public IReadOnlyList<string> RejectedPatches { get; init; } = new List<string>();
    }
}
