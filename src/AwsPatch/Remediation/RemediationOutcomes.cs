namespace AwsPatch.Remediation
{
    /// <summary>The values of <see cref="PatchRemediation.Outcome"/> and <see cref="PatchRemediation.Reason"/>.</summary>
    public static class RemediationOutcomes
    {
        public const string Closed = "Closed";
        public const string StillOpen = "StillOpen";
        public const string New = "New";

        /// <summary>The fix is installed but waits for a reboot (the patch state counts patches InstalledPendingReboot).</summary>
        public const string PendingReboot = "PendingReboot";
        /// <summary>Inspector has not scanned the instance since the install ended.</summary>
        public const string NotRescannedYet = "NotRescannedYet";
        /// <summary>Inspector knows no fix for the vulnerable package.</summary>
        public const string NoFixAvailable = "NoFixAvailable";
        /// <summary>Rescanned after a completed install with a fix available, and the instance's baseline rejects the package or none of its rules approves the fix.</summary>
        public const string PackageNotInBaseline = "PackageNotInBaseline";
        /// <summary>Rescanned after a completed install with a fix available, and the baseline approves (or may approve) the fix, or could not be read: no evidence says why it is open.</summary>
        public const string Unknown = "Unknown";
    }
}
