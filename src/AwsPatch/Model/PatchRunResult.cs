using System;
using System.Collections.Generic;

namespace AwsPatch
{
    /// <summary>
    /// One instance's part of a patch run: the AWS-RunPatchBaseline invocation's status and output. Carries
    /// <see cref="RunId"/>, <see cref="CommandId"/>, <see cref="InstanceId"/> and <see cref="Region"/> so it pipes into
    /// Wait-PatchRun, Stop-PatchRun, the other AwsPatch cmdlets and AWS.Tools (Get-SSMCommandInvocation …).
    /// </summary>
    public sealed class PatchRunResult
    {
        public string RunId { get; init; } = string.Empty;

        public string CommandId { get; init; } = string.Empty;

        public string InstanceId { get; init; } = string.Empty;

        /// <summary>Scan or Install.</summary>
        public string Operation { get; init; } = string.Empty;

        /// <summary>Pending, InProgress, Delayed, Success, Failed, TimedOut, Cancelled, Cancelling, or Undeliverable (the invocation's status, with Undeliverable lifted from its details).</summary>
        public string Status { get; init; } = string.Empty;

        /// <summary>Systems Manager's detailed status (Execution Timed Out, Delivery Timed Out, Undeliverable …).</summary>
        public string StatusDetails { get; init; } = string.Empty;

        public DateTime? RequestedAt { get; init; }

        public DateTime? StartedAt { get; init; }

        public DateTime? CompletedAt { get; init; }

        /// <summary>The pre-patch snapshots taken for this instance by -SnapshotFirst (empty when none were taken in this call).</summary>
        public IReadOnlyList<string> SnapshotIds { get; init; } = Array.Empty<string>();

        /// <summary>Whether the instance waits for a reboot to finish installing; null when Run Command does not say (see Get-PatchCompliance).</summary>
        public bool? PendingReboot { get; init; }

        /// <summary>The last lines of the document's standard output (Systems Manager keeps the first 2,500 characters).</summary>
        public string? OutputExcerpt { get; init; }

        /// <summary>Where the full output is, when -OutputS3BucketName was given.</summary>
        public string? StandardOutputUrl { get; init; }

        /// <summary>Why the instance was not patched, for failed, timed-out, cancelled and undeliverable invocations.</summary>
        public string? Error { get; init; }

        public string Region { get; init; } = string.Empty;

        /// <summary>True once the invocation reached a final status.</summary>
        public bool IsComplete { get; init; }

        public override string ToString() => $"{InstanceId} ({CommandId})";
    }
}
