using System.Collections.Generic;

namespace AwsPatch.Rollouts
{
    /// <summary>An instance a rollout may patch (found, running, managed, Online), with what waves are made from.</summary>
    public sealed class RolloutCandidate
    {
        public string InstanceId { get; init; } = string.Empty;

        public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

        /// <summary>The patch group (either tag key, as Get-PatchInstance reads it).</summary>
        public string? PatchGroup { get; init; }

        /// <summary>Risk from Get-PatchPriority: higher goes first within its wave; null when none was given.</summary>
        public double? RiskScore { get; init; }
    }
}
