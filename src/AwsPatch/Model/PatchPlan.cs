using System;

namespace AwsPatch
{
    /// <summary>
    /// One instance's place in a risk-driven patch plan: its risk, the due date the policy gives it, the first
    /// maintenance window with an AWS-RunPatchBaseline Install task that patches it, and whether that window starts
    /// before the due date. <see cref="PatchNow"/> marks what cannot wait for a window: pipe those into Invoke-PatchRun.
    /// </summary>
    public sealed class PatchPlan
    {
        public string InstanceId { get; init; } = string.Empty;
        public int Rank { get; init; }
        public double RiskScore { get; init; }

        /// <summary>The policy tier that set the due date: Urgent, CriticalHigh, Routine, or CisaKev when a CISA KEV due date came first.</summary>
        public string Tier { get; init; } = string.Empty;

        /// <summary>When the instance must be patched by (UTC).</summary>
        public DateTime DueDate { get; init; }

        /// <summary>The earliest CISA Known Exploited Vulnerabilities due date among its findings (UTC); null when none is listed.</summary>
        public DateTime? KevDueDate { get; init; }

        /// <summary>The first Install window's start (UTC), whether or not it meets the due date; null when none patches it.</summary>
        public DateTime? WindowStart { get; init; }
        public string? WindowName { get; init; }
        public string? WindowId { get; init; }

        /// <summary>Whether a window starts at or before <see cref="DueDate"/>.</summary>
        public bool MeetsDueDate { get; init; }

        /// <summary>No window meets the due date: patch it now (Invoke-PatchRun) or add a window.</summary>
        public bool PatchNow => !MeetsDueDate;

        /// <summary>Why no window meets the due date (null when one does).</summary>
        public string? Reason { get; init; }
        public string? Environment { get; init; }
        public string? PatchGroup { get; init; }
        public bool InternetFacing { get; init; }
        public string Region { get; init; } = string.Empty;

        public override string ToString() => InstanceId;
    }
}
