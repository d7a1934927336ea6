using System;

namespace AwsPatch.Aws
{
    /// <summary>One replace-root-volume task.</summary>
    public sealed class Ec2ReplaceRootTaskRecord
    {
        public string TaskId { get; init; } = string.Empty;
        public string InstanceId { get; init; } = string.Empty;
        public string? SnapshotId { get; init; }
        /// <summary>pending, in-progress, failing, succeeded, failed, failed-detached.</summary>
        public string State { get; init; } = string.Empty;
        public DateTime? StartTime { get; init; }
        public DateTime? CompleteTime { get; init; }
    }
}
