using System;
using System.Collections.Generic;

namespace AwsPatch
{
    /// <summary>Get-PatchCompliance -Summary: the instances counted per compliance state, per patch group and per environment.</summary>
    public sealed class PatchComplianceSummary
    {
        public int Total { get; init; }

        public int Compliant { get; init; }

        public int NonCompliant { get; init; }

        public int PendingReboot { get; init; }

        public int Stale { get; init; }

        public int NotScanned { get; init; }

        /// <summary>Counts per patch group, largest first.</summary>
        public IReadOnlyList<PatchComplianceCount> ByPatchGroup { get; init; } = Array.Empty<PatchComplianceCount>();

        /// <summary>Counts per Environment tag (known when instances were piped in), largest first.</summary>
        public IReadOnlyList<PatchComplianceCount> ByEnvironment { get; init; } = Array.Empty<PatchComplianceCount>();

        /// <summary>
        /// Counts per account, largest first: the account of the role each instance was read through, or of the session's
        /// own credentials; <c>(own account)</c> for instances whose account could not be read.
        /// </summary>
        public IReadOnlyList<PatchComplianceCount> ByAccount { get; init; } = Array.Empty<PatchComplianceCount>();

        /// <summary>Counts per region, largest first.</summary>
        public IReadOnlyList<PatchComplianceCount> ByRegion { get; init; } = Array.Empty<PatchComplianceCount>();

        /// <summary>The region, or the regions (comma-separated) when the input spanned several.</summary>
        public string Region { get; init; } = string.Empty;

        public override string ToString() => $"{Compliant}/{Total} compliant ({Region})";
    }
}
