using System;
using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>One Run Command command as ListCommands/SendCommand return it.</summary>
    public sealed class RunCommandRecord
    {
        public string CommandId { get; init; } = string.Empty;

        public string DocumentName { get; init; } = string.Empty;

        public string Comment { get; init; } = string.Empty;

        public IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

        public IReadOnlyList<string> InstanceIds { get; init; } = Array.Empty<string>();

        /// <summary>True when the command was sent to SSM targets rather than instance ids.</summary>
        public bool HasTargets { get; init; }

        public DateTime? RequestedDateTime { get; init; }

        public string Status { get; init; } = string.Empty;

        public string StatusDetails { get; init; } = string.Empty;

        public int TargetCount { get; init; }

        public int CompletedCount { get; init; }

        public int ErrorCount { get; init; }

        /// <summary>The command's AlarmConfiguration alarms that went to ALARM and stopped it (TriggeredAlarms).</summary>
        public IReadOnlyList<string> TriggeredAlarms { get; init; } = Array.Empty<string>();
    }
}
