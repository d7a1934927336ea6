using System;
using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>A Finding, with the members AwsPatch uses (unknown members in the JSON are ignored).</summary>
    internal sealed class Finding
    {
        public string FindingArn { get; set; } = string.Empty;

        public string AwsAccountId { get; set; } = string.Empty;

        /// <summary>FindingType: PACKAGE_VULNERABILITY, NETWORK_REACHABILITY, CODE_VULNERABILITY.</summary>
        public string Type { get; set; } = string.Empty;

        public string? Title { get; set; }

        public string? Description { get; set; }

        /// <summary>INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, UNTRIAGED.</summary>
        public string Severity { get; set; } = string.Empty;

        /// <summary>ACTIVE, SUPPRESSED, CLOSED.</summary>
        public string Status { get; set; } = string.Empty;

        public double? InspectorScore { get; set; }

        public EpssDetails? Epss { get; set; }

        /// <summary>YES, NO.</summary>
        public string? ExploitAvailable { get; set; }

        /// <summary>YES, NO, PARTIAL.</summary>
        public string? FixAvailable { get; set; }

        public DateTime? FirstObservedAt { get; set; }

        public DateTime? LastObservedAt { get; set; }

        public DateTime? UpdatedAt { get; set; }

        public Remediation? Remediation { get; set; }

        public PackageVulnerabilityDetails? PackageVulnerabilityDetails { get; set; }

        public List<Resource> Resources { get; set; } = new List<Resource>();

        public ExploitabilityDetails? ExploitabilityDetails { get; set; }

        public override string ToString() => FindingArn;
    }
}
