using System;
using System.Collections.Generic;

namespace AwsPatch.Runs
{
    /// <summary>What one Invoke-PatchRun asks for: the AWS-RunPatchBaseline parameters and the rate control.</summary>
    public sealed class PatchRunRequest
    {
        public string RunId { get; init; } = string.Empty;

        /// <summary>Scan or Install.</summary>
        public string Operation { get; init; } = "Scan";

        /// <summary>RebootIfNeeded or NoReboot.</summary>
        public string RebootOption { get; init; } = "RebootIfNeeded";

        public string? BaselineOverride { get; init; }

        public string? InstallOverrideList { get; init; }

        /// <summary>AWS-RunPatchBaseline's SnapshotId: one GUID shared by commands that must resolve the same baseline snapshot (a rollout's waves).</summary>
        public string? SnapshotId { get; init; }

        public string? MaxConcurrency { get; init; }

        public string? MaxErrors { get; init; }

        public int? TimeoutSeconds { get; init; }

        public bool CloudWatchOutput { get; init; }

        public string? OutputS3BucketName { get; init; }

        /// <summary>SendCommand's AlarmConfiguration: a CloudWatch alarm whose ALARM state stops the commands; null for none.</summary>
        public string? AlarmName { get; init; }

        /// <summary>Send only to instances whose pre-patch snapshot set completed.</summary>
        public bool SnapshotFirst { get; init; }

        /// <summary>The document parameters for SendCommand.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> DocumentParameters()
        {
            var parameters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
            {
                ["Operation"] = new[] { Operation },
                ["RebootOption"] = new[] { RebootOption },
            };
            if (!string.IsNullOrEmpty(BaselineOverride))
                parameters["BaselineOverride"] = new[] { BaselineOverride! };
            if (!string.IsNullOrEmpty(InstallOverrideList))
                parameters["InstallOverrideList"] = new[] { InstallOverrideList! };
            if (!string.IsNullOrEmpty(SnapshotId))
                parameters["SnapshotId"] = new[] { SnapshotId! };
            return parameters;
        }
    }
}
