using System;
using System.Collections.Generic;

namespace AwsPatch
{
    /// <summary>
    /// One AwsPatch patch run as Systems Manager remembers it: the run's commands (found by the RunId in their comment)
    /// and their counts. Get-PatchRun without -RunId lists these; pipe one to Get-PatchRun for per-instance results.
    /// </summary>
    public sealed class PatchRun
    {
        public string RunId { get; init; } = string.Empty;

        /// <summary>Scan or Install (of the latest command).</summary>
        public string Operation { get; init; } = string.Empty;

        /// <summary>
        /// InProgress while anything runs; NoInstances when the run reached no instance; Success only when every instance
        /// succeeded; otherwise the status the unsuccessful instances share (Failed, TimedOut, Cancelled, Undeliverable), or Failed.
        /// </summary>
        public string Status { get; init; } = string.Empty;

        public int InstanceCount { get; init; }

        public int CompletedCount { get; init; }

        /// <summary>Instances whose latest invocation ended without success (Failed, TimedOut, Cancelled, Undeliverable).</summary>
        public int ErrorCount { get; init; }

        public IReadOnlyList<string> CommandIds { get; init; } = Array.Empty<string>();

        /// <summary>When the first command of the run was sent.</summary>
        public DateTime? RequestedAt { get; init; }

        public string Region { get; init; } = string.Empty;

        public override string ToString() => RunId;
    }
}
