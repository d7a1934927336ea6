using System;
using System.Collections.Generic;

namespace AwsPatch.Runs
{
    /// <summary>A command of a run being followed: its id, the run it belongs to, and the snapshots per instance.</summary>
    public sealed class SentCommand
    {
        public string CommandId { get; init; } = string.Empty;

        public string RunId { get; init; } = string.Empty;

        public string Operation { get; init; } = string.Empty;

        public DateTime? RequestedAt { get; init; }

        /// <summary>The command's status when it was found (ListCommands); empty for a command just sent.</summary>
        public string Status { get; init; } = string.Empty;

        /// <summary>Sent to SSM targets: the set of invocations is known only from the service.</summary>
        public bool HasTargets { get; init; }

        public IReadOnlyList<string> InstanceIds { get; init; } = Array.Empty<string>();

        /// <summary>The document parameters the command was sent with (Operation, RebootOption …), when known.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

        /// <summary>The alarms that stopped the command (its TriggeredAlarms when it was found); empty for a command just sent.</summary>
        public IReadOnlyList<string> TriggeredAlarms { get; init; } = Array.Empty<string>();

        public IReadOnlyDictionary<string, IReadOnlyList<string>> SnapshotIds { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    }
}
