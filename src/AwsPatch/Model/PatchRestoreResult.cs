using System;

namespace AwsPatch
{
    /// <summary>
    /// One instance's root-volume rollback (an EC2 replace-root-volume task) to the root snapshot of a pre-patch set.
    /// Carries <see cref="InstanceId"/>, <see cref="SnapshotId"/> and <see cref="Region"/> so it pipes on by property name.
    /// </summary>
    public sealed class PatchRestoreResult
    {
        public string InstanceId { get; init; } = string.Empty;

        public string RunId { get; init; } = string.Empty;

        /// <summary>The root-volume snapshot the instance was restored from.</summary>
        public string SnapshotId { get; init; } = string.Empty;

        /// <summary>The replace-root-volume task id (<c>replacevol-…</c>).</summary>
        public string TaskId { get; init; } = string.Empty;

        /// <summary>pending, in-progress, succeeded, failing, failed or failed-detached.</summary>
        public string State { get; init; } = string.Empty;

        public DateTime? StartTime { get; init; }

        public DateTime? CompleteTime { get; init; }

        public string Region { get; init; } = string.Empty;

        public override string ToString() => $"{InstanceId} ({TaskId})";
    }
}
