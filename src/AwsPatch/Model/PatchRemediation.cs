using System;

namespace AwsPatch
{
    /// <summary>
    /// What became of one Inspector finding after an instance was patched (Get-PatchRemediation): Closed (with when),
    /// StillOpen (with the reason), or New (first observed after the patch).
    /// </summary>
    public sealed class PatchRemediation
    {
        public string InstanceId { get; init; } = string.Empty;
        public string Region { get; init; } = string.Empty;
        public string FindingArn { get; init; } = string.Empty;
        /// <summary>CVE or vendor id.</summary>
        public string? VulnerabilityId { get; init; }
        /// <summary>Critical, High, Medium, Low, Informational or Untriaged.</summary>
        public string Severity { get; init; } = string.Empty;
        public string? PackageName { get; init; }
        /// <summary>The Windows update (KB id) the finding names: Inspector reports Windows findings per KB.</summary>
        public string? KbId { get; init; }
        /// <summary>The Environment tag of the instance, as Inspector reports it.</summary>
        public string? Environment { get; init; }
        /// <summary>Closed, StillOpen or New.</summary>
        public string Outcome { get; init; } = string.Empty;
        /// <summary>For StillOpen: PendingReboot, NotRescannedYet, NoFixAvailable, PackageNotInBaseline or Unknown; otherwise null.</summary>
        public string? Reason { get; init; }
        /// <summary>For StillOpen: the evidence behind <see cref="Reason"/> (the patch state, the last scan, the baseline's rules) and what to do.</summary>
        public string? ReasonDetail { get; init; }
        /// <summary>When the install the finding is measured against ended (the patch state's operation end).</summary>
        public DateTime? PatchedAt { get; init; }
        public DateTime? FirstObservedAt { get; init; }
        /// <summary>When Inspector closed the finding (its updatedAt), for Closed.</summary>
        public DateTime? ClosedAt { get; init; }
        /// <summary>Inspector's last scan of the instance (ListCoverage), to read NotRescannedYet against <see cref="PatchedAt"/>.</summary>
        public DateTime? LastScannedAt { get; init; }
        /// <summary>
        /// The AwsPatch run of the install this finding is joined to (for Closed: the latest Install requested on the
        /// instance before Inspector closed it; otherwise the latest before <see cref="PatchedAt"/>), from the
        /// AWS-RunPatchBaseline commands' comments; null when no such command is found (older than ListCommands' 30 days,
        /// sent by a maintenance window or outside AwsPatch).
        /// </summary>
        public string? RunId { get; init; }
        /// <summary>The rollout whose wave <see cref="RunId"/> is (its record in Parameter Store); null otherwise.</summary>
        public string? RolloutId { get; init; }
        /// <summary>From first observed to closed, for Closed findings.</summary>
        public TimeSpan? TimeToRemediate => ClosedAt is DateTime closed && FirstObservedAt is DateTime first ? closed - first : (TimeSpan?)null;
        public override string ToString() => FindingArn;
    }
}
