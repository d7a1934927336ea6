using System;
using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>An AMI and the snapshots its block device mappings use.</summary>
    public sealed class Ec2ImageRecord
    {
        public string ImageId { get; init; } = string.Empty;
        public string? Name { get; init; }
        public IReadOnlyList<string> SnapshotIds { get; init; } = Array.Empty<string>();
    }
}
