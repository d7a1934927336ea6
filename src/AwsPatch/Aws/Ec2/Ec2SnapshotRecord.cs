using System;
using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>What the snapshot gateway reports of one EBS snapshot.</summary>
    public sealed class Ec2SnapshotRecord
    {
        public string SnapshotId { get; init; } = string.Empty;
        public string VolumeId { get; init; } = string.Empty;
        /// <summary>pending, completed, error (or recoverable/recovering).</summary>
        public string State { get; init; } = string.Empty;
        /// <summary>0–100.</summary>
        public int Progress { get; init; }
        public DateTime? StartTime { get; init; }
        /// <summary>When a completed snapshot finished (EC2's completionTime); null while pending or when EC2 does not say.</summary>
        public DateTime? CompletionTime { get; init; }
        public int VolumeSize { get; init; }
        public string? Description { get; init; }
        public string? StateMessage { get; init; }
        public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    }
}
