using System;
using System.Collections.Generic;

namespace AwsPatch.Rollouts
{
    /// <summary>How to cut instances into waves: by a tag's values in order (or the patch group), then a canary off the first wave.</summary>
    public sealed class WaveSpec
    {
        /// <summary>The tag key whose values name the waves; <see cref="PatchGroupKey"/> means the patch group (either tag key). Null: one wave.</summary>
        public string? WaveBy { get; init; }

        /// <summary>The wave values in order; empty: every value found, in name order.</summary>
        public IReadOnlyList<string> WaveOrder { get; init; } = Array.Empty<string>();

        public int? CanaryCount { get; init; }

        public double? CanaryPercent { get; init; }

        /// <summary>MaxConcurrency per wave: one value for every wave, or one per wave (the canary included).</summary>
        public IReadOnlyList<string> MaxConcurrency { get; init; } = Array.Empty<string>();

        /// <summary>MaxErrors per wave, the same way; "0" when none is given.</summary>
        public IReadOnlyList<string> MaxErrors { get; init; } = Array.Empty<string>();

        /// <summary>The -WaveBy value that groups by patch group.</summary>
        public const string PatchGroupKey = "PatchGroup";
    }
}
