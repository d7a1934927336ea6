using System;
using System.Collections.Generic;

namespace AwsPatch
{
    /// <summary>
    /// One instance's part of one wave of a staged rollout: its install, the gates it passed or failed, and whether it
    /// was rolled back. Carries <see cref="InstanceId"/>, <see cref="SnapshotId"/>, <see cref="CommandId"/>,
    /// <see cref="RunId"/>, <see cref="Region"/> and <see cref="RoleArn"/> so it pipes into the run, snapshot and AWS.Tools cmdlets.
    /// </summary>
    public sealed class PatchRolloutResult
    {
        public string RolloutId { get; init; } = string.Empty;

        /// <summary>The wave's number, from 1.</summary>
        public int Wave { get; init; }

        /// <summary>The wave's name (canary, staging, production …).</summary>
        public string WaveName { get; init; } = string.Empty;

        public string InstanceId { get; init; } = string.Empty;

        /// <summary>The install's status (Success, Failed, TimedOut …), or NotPatched for an instance left out before the send.</summary>
        public string Status { get; init; } = string.Empty;

        /// <summary>Passed, Failed, or NotRun (the instance was not patched, so it was not gated).</summary>
        public string Gate { get; init; } = string.Empty;

        /// <summary>Each gate's outcome for this instance, as <c>Name: Passed</c> or <c>Name: Failed (why)</c>.</summary>
        public IReadOnlyList<string> GateOutcomes { get; init; } = Array.Empty<string>();

        /// <summary>Its root volume was restored from its pre-patch snapshot, and it came back Online with EC2 status checks ok.</summary>
        public bool RolledBack { get; init; }

        /// <summary>The pre-patch root-volume snapshot (the one a rollback restores); null with -SkipSnapshot.</summary>
        public string? SnapshotId { get; init; }

        /// <summary>The wave's AWS-RunPatchBaseline command for this instance; empty when it was not sent one.</summary>
        public string CommandId { get; init; } = string.Empty;

        /// <summary>The wave's run (<c>&lt;RolloutId&gt;-w&lt;Wave&gt;</c>): Get-PatchRun and Get-PatchSnapshot find it by this id.</summary>
        public string RunId { get; init; } = string.Empty;

        /// <summary>Why the instance failed its install, a gate or its rollback; null when it passed.</summary>
        public string? Error { get; init; }

        public DateTime? CompletedAt { get; init; }

        public string Region { get; init; } = string.Empty;

        /// <summary>The account it was patched in through a role (a wave may span accounts); null when through the caller's own credentials.</summary>
        public string? AccountId { get; init; }

        /// <summary>The role it was patched through; null without one. Piped on, it binds <c>-RoleArn</c>, so Get-PatchRun and Get-PatchSnapshot look in its account.</summary>
        public string? RoleArn { get; init; }

        public override string ToString() => $"{InstanceId} ({RolloutId} wave {Wave})";
    }
}
