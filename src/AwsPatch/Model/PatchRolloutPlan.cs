using System;
using System.Collections.Generic;
using System.Linq;

namespace AwsPatch
{
    /// <summary>
    /// The waves a rollout would patch, made by New-PatchRolloutPlan: inspect it, change it, save it
    /// (Export-Clixml), and pipe it to Invoke-PatchRollout, which runs exactly these waves.
    /// </summary>
    public sealed class PatchRolloutPlan
    {
        /// <summary>The waves in order.</summary>
        public IReadOnlyList<PatchRolloutWave> Waves { get; init; } = Array.Empty<PatchRolloutWave>();

        public int WaveCount => Waves.Count;

        public int InstanceCount => Waves.Sum(w => w.InstanceCount);

        /// <summary>Instances given but left out of every wave, each with why (stopped, unmanaged, offline, no wave value).</summary>
        public IReadOnlyList<string> LeftOut { get; init; } = Array.Empty<string>();

        public string Region { get; init; } = string.Empty;

        /// <summary>The account the plan was made in through a role; null when made with the session's own credentials.</summary>
        public string? AccountId { get; init; }

        /// <summary>
        /// The role the plan was made through; null without one. Piped on, it binds <c>-RoleArn</c> (and Region binds
        /// <c>-Region</c>), so Invoke-PatchRollout runs the plan in the account and region it was made for.
        /// </summary>
        public string? RoleArn { get; init; }

        public override string ToString() => string.Join(" -> ", Waves.Select(w => $"{w.Name} ({w.InstanceCount})"));
    }
}
