using System;
using System.Collections.Generic;

namespace AwsPatch
{
    /// <summary>One wave of a staged rollout: its instances in the order they are patched, its rate control and where it got to.</summary>
    public sealed class PatchRolloutWave
    {
        /// <summary>The wave's number, from 1.</summary>
        public int Wave { get; init; }

        public string Name { get; init; } = string.Empty;

        /// <summary>The wave's instances, highest risk first when priorities were given.</summary>
        public IReadOnlyList<string> InstanceIds { get; init; } = Array.Empty<string>();

        public int InstanceCount => InstanceIds.Count;

        /// <summary>SendCommand's MaxConcurrency for the wave (a number or a percentage); null for Systems Manager's default.</summary>
        public string? MaxConcurrency { get; init; }

        /// <summary>How many of the wave's instances may fail their install or a gate (a number or a percentage) before the wave fails.</summary>
        public string MaxErrors { get; init; } = "0";

        /// <summary>Planned, InProgress, Succeeded, Failed or NotStarted (a later wave of a rollout that stopped).</summary>
        public string State { get; init; } = "Planned";

        /// <summary>The wave's gate outcomes, as <c>Name: Passed</c> or <c>Name: Failed (n instance(s))</c>.</summary>
        public IReadOnlyList<string> GateOutcomes { get; init; } = Array.Empty<string>();

        /// <summary>Instances of the wave restored from their pre-patch snapshots.</summary>
        public int RolledBackCount { get; init; }

        /// <summary>The wave's run id (<c>&lt;RolloutId&gt;-w&lt;Wave&gt;</c>).</summary>
        public string RunId { get; init; } = string.Empty;

        public DateTime? StartedAt { get; init; }

        public DateTime? CompletedAt { get; init; }

        public override string ToString() => $"{Wave} {Name}";
    }
}
