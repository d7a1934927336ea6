using System;
using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>What to send with SendCommand: a document, its parameters, and instance ids or targets.</summary>
    public sealed class RunCommandSpec
    {
        public string DocumentName { get; init; } = "AWS-RunPatchBaseline";

        public IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

        public IReadOnlyList<string> InstanceIds { get; init; } = Array.Empty<string>();

        /// <summary>SSM targets (<c>tag:&lt;key&gt;</c> → values); used when <see cref="InstanceIds"/> is empty.</summary>
        public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Targets { get; init; } = Array.Empty<KeyValuePair<string, IReadOnlyList<string>>>();

        public string? Comment { get; init; }

        public string? MaxConcurrency { get; init; }

        public string? MaxErrors { get; init; }

        public int? TimeoutSeconds { get; init; }

        public bool CloudWatchOutput { get; init; }

        public string? OutputS3BucketName { get; init; }

        /// <summary>SendCommand's AlarmConfiguration: the CloudWatch alarm whose ALARM state stops the command; null for none.</summary>
        public string? AlarmName { get; init; }
    }
}
