using System;

namespace AwsPatch.Aws
{
    /// <summary>Inspector's coverage of one resource (ListCoverage): whether it is scanned, and if not, why.</summary>
    public sealed class CoverageRecord
    {
        public string ResourceId { get; init; } = string.Empty;

        /// <summary>ACTIVE (scanned) or INACTIVE.</summary>
        public string ScanStatus { get; init; } = string.Empty;

        /// <summary>Why not, for INACTIVE: UNMANAGED_EC2_INSTANCE, NO_INVENTORY, STALE_INVENTORY …</summary>
        public string? Reason { get; init; }

        /// <summary>When Inspector last scanned the resource (UTC); null when it never did.</summary>
        public DateTime? LastScannedAt { get; init; }
    }
}
