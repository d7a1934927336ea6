using System;
using System.Collections.Generic;
using AwsPatch.Aws;

namespace AwsPatch.Compliance
{
    /// <summary>
    /// The derived <see cref="PatchCompliance.ComplianceState"/>, first match wins:
    /// <list type="number">
    /// <item><c>NotScanned</c>: Systems Manager has no patch state for the instance (no scan or install ever reported).</item>
    /// <item><c>Stale</c>: the last operation ended longer ago than the allowed age (-StaleAfter, 7 days by default),
    /// measured against the machine clock; its counts may no longer be true.</item>
    /// <item><c>PendingReboot</c>: patches are installed but wait for a reboot (InstalledPendingRebootCount &gt; 0).</item>
    /// <item><c>NonCompliant</c>: patches are missing or failed (MissingCount + FailedCount &gt; 0), or any of the
    /// Critical/Security/Other non-compliant counts is above zero.</item>
    /// <item><c>Compliant</c>: otherwise.</item>
    /// </list>
    /// </summary>
    public static class ComplianceStates
    {
        public const string Compliant = "Compliant";
        public const string NonCompliant = "NonCompliant";
        public const string PendingReboot = "PendingReboot";
        public const string NotScanned = "NotScanned";
        public const string Stale = "Stale";

        /// <summary>The five states, in the order they are derived.</summary>
        public static IReadOnlyList<string> All { get; } = new[] { NotScanned, Stale, PendingReboot, NonCompliant, Compliant };

        /// <summary>The default for -StaleAfter.</summary>
        public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromDays(7);

        public static string Derive(PatchCompliance? state, DateTime utcNow, TimeSpan staleAfter)
        {
            if (state == null)
                return NotScanned;
            if (state.OperationEndTime == null || state.OperationEndTime.Value < utcNow - staleAfter)
                return Stale;
            if (state.InstalledPendingRebootCount > 0)
                return PendingReboot;
            if (state.MissingCount + state.FailedCount > 0
                || state.CriticalNonCompliantCount > 0 || state.SecurityNonCompliantCount > 0 || state.OtherNonCompliantCount > 0)
                return NonCompliant;
            return Compliant;
        }
    }
}
