using System;
using System.Collections.Generic;

namespace AwsPatch.Snapshots
{
    /// <summary>What <see cref="ISnapshotService.CreateAsync"/> is asked to do.</summary>
    public sealed class SnapshotRequest
    {
        public IReadOnlyList<string> InstanceIds { get; init; } = Array.Empty<string>();

        /// <summary>Tagged on every snapshot as <c>AwsPatch:RunId</c>.</summary>
        public string RunId { get; init; } = string.Empty;

        /// <summary>Snapshot the root volume only, not the data volumes.</summary>
        public bool RootVolumeOnly { get; init; }

        /// <summary>Return only when every set is completed or failed (or <see cref="Timeout"/> passed).</summary>
        public bool Wait { get; init; }

        public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(60);

        public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(15);
    }
}
