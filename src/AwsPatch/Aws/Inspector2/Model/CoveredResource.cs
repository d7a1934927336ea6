using System;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>CoveredResource: whether Inspector scans a resource, and why (not).</summary>
    internal sealed class CoveredResource
    {
        /// <summary>AWS_EC2_INSTANCE, AWS_ECR_CONTAINER_IMAGE, AWS_ECR_REPOSITORY, AWS_LAMBDA_FUNCTION, CODE_REPOSITORY.</summary>
        public string ResourceType { get; set; } = string.Empty;

        public string ResourceId { get; set; } = string.Empty;

        public string AccountId { get; set; } = string.Empty;

        /// <summary>NETWORK, PACKAGE, CODE.</summary>
        public string ScanType { get; set; } = string.Empty;

        public ScanStatus? ScanStatus { get; set; }

        public ResourceScanMetadata? ResourceMetadata { get; set; }

        public DateTime? LastScannedAt { get; set; }

        /// <summary>EC2_SSM_AGENT_BASED, EC2_AGENTLESS.</summary>
        public string? ScanMode { get; set; }

        public override string ToString() => ResourceId;
    }
}
