using System;
using System.Collections.Generic;

namespace AwsPatch
{
    /// <summary>
    /// One Amazon Inspector vulnerability finding on one resource. For EC2 findings <see cref="InstanceId"/> is the
    /// instance, so findings pipe into the snapshot and patch cmdlets.
    /// </summary>
    public sealed class PatchFinding
    {
        public string FindingArn { get; init; } = string.Empty;

        /// <summary>The EC2 instance id for <c>Ec2Instance</c> findings; null for other resource types.</summary>
        public string? InstanceId { get; init; }

        /// <summary>The affected resource: instance id, ECR image ARN or Lambda function ARN.</summary>
        public string ResourceId { get; init; } = string.Empty;

        /// <summary>Ec2Instance, EcrImage, EcrRepository or Lambda.</summary>
        public string ResourceType { get; init; } = string.Empty;

        public string Region { get; init; } = string.Empty;

        public string? AccountId { get; init; }

        /// <summary>Critical, High, Medium, Low, Informational or Untriaged.</summary>
        public string Severity { get; init; } = string.Empty;

        /// <summary>Inspector's environment-adjusted score (0–10), when it has one.</summary>
        public double? InspectorScore { get; init; }

        /// <summary>EPSS: probability (0–1) that the vulnerability is exploited in the next 30 days.</summary>
        public double? EpssScore { get; init; }

        /// <summary>A public exploit is known.</summary>
        public bool ExploitAvailable { get; init; }

        /// <summary>Yes, No or Partial: whether updated packages fix every affected package.</summary>
        public string FixAvailable { get; init; } = string.Empty;

        /// <summary>The vendor's severity (ALAS Critical/Important/Medium/Low, MSRC Critical/Important …): what patch baseline severity filters match.</summary>
        public string? VendorSeverity { get; init; }

        /// <summary>CVE or vendor id (CVE-2024-6387, ALAS2-2024-2567 …).</summary>
        public string? VulnerabilityId { get; init; }

        /// <summary>Inspector's finding type: PackageVulnerability, NetworkReachability or CodeVulnerability.</summary>
        public string FindingType { get; init; } = string.Empty;

        public string Title { get; init; } = string.Empty;

        /// <summary>The first vulnerable package (most findings name one).</summary>
        public string? PackageName { get; init; }

        public string? InstalledVersion { get; init; }

        public string? FixedInVersion { get; init; }

        /// <summary>Every vulnerable package name in the finding.</summary>
        public IReadOnlyList<string> PackageNames { get; init; } = Array.Empty<string>();

        public string? Remediation { get; init; }

        public DateTime? FirstObservedAt { get; init; }

        public DateTime? LastObservedAt { get; init; }

        /// <summary>When Inspector last changed the finding; for a Closed finding, when it closed.</summary>
        public DateTime? UpdatedAt { get; init; }

        /// <summary>Active, Suppressed or Closed.</summary>
        public string Status { get; init; } = string.Empty;

        /// <summary>The resource's tags as Inspector reports them (Environment, Patch Group …).</summary>
        public IReadOnlyDictionary<string, string> ResourceTags { get; init; } = new Dictionary<string, string>();

        public override string ToString() => FindingArn;
    }
}
