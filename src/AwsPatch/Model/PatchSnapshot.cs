using System;
using System.Collections.Generic;

namespace AwsPatch
{
    /// <summary>
    /// One instance's pre-patch snapshot set: every EBS volume's snapshot taken together (crash-consistent) for one
    /// run. <see cref="State"/> is <c>completed</c> only when every snapshot in the set completed.
    /// Carries <see cref="InstanceId"/> so it pipes into Invoke-PatchRun.
    /// </summary>
    public sealed class PatchSnapshot
    {
        public string InstanceId { get; init; } = string.Empty;

        public string RunId { get; init; } = string.Empty;

        public IReadOnlyList<string> SnapshotIds { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> VolumeIds { get; init; } = Array.Empty<string>();

        /// <summary>The snapshot of the root volume: what Restore-PatchSnapshot rolls back to.</summary>
        public string? RootSnapshotId { get; init; }

        /// <summary>pending, completed or error (error when any snapshot in the set failed).</summary>
        public string State { get; init; } = string.Empty;

        /// <summary>Percent done over the whole set (0–100).</summary>
        public int Progress { get; init; }

        public DateTime? StartTime { get; init; }

        /// <summary>When the last snapshot of the set completed (as first seen by polling).</summary>
        public DateTime? CompletedTime { get; init; }

        public string Region { get; init; } = string.Empty;

        public override string ToString() => $"{InstanceId} ({RunId})";
    }
}
