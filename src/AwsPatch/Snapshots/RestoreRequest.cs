using System;
using System.Collections.Generic;

namespace AwsPatch.Snapshots
{
    /// <summary>What <see cref="SnapshotService.RestoreAsync"/> is asked to do.</summary>
    public sealed class RestoreRequest
    {
        /// <summary>The sets to roll back to, at most one per instance.</summary>
        public IReadOnlyList<PatchSnapshot> Sets { get; init; } = Array.Empty<PatchSnapshot>();

        /// <summary>Delete the root volume the task replaces (by default EC2 keeps it, detached).</summary>
        public bool DeleteReplacedRootVolume { get; init; }

        public bool Wait { get; init; }

        public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(60);

        public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(15);
    }
}
