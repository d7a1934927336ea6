using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>
    /// FilterCriteria of ListFindings: AND across fields, OR within a field's list
    /// (each list 1..<see cref="Inspector2Limits.MaxFiltersPerField"/> entries). Null fields are not sent.
    /// </summary>
    internal sealed class FilterCriteria
    {
        public List<StringFilter>? FindingArn { get; set; }

        public List<StringFilter>? AwsAccountId { get; set; }

        public List<StringFilter>? FindingType { get; set; }

        public List<StringFilter>? Severity { get; set; }

        public List<StringFilter>? FindingStatus { get; set; }

        public List<StringFilter>? Title { get; set; }

        public List<DateFilter>? FirstObservedAt { get; set; }

        public List<DateFilter>? LastObservedAt { get; set; }

        public List<DateFilter>? UpdatedAt { get; set; }

        public List<NumberFilter>? InspectorScore { get; set; }

        public List<NumberFilter>? EpssScore { get; set; }

        public List<StringFilter>? ResourceType { get; set; }

        public List<StringFilter>? ResourceId { get; set; }

        public List<MapFilter>? ResourceTags { get; set; }

        public List<StringFilter>? Ec2InstanceImageId { get; set; }

        public List<StringFilter>? Ec2InstanceVpcId { get; set; }

        public List<StringFilter>? Ec2InstanceSubnetId { get; set; }

        public List<StringFilter>? VulnerabilityId { get; set; }

        public List<StringFilter>? VulnerabilitySource { get; set; }

        public List<PackageFilter>? VulnerablePackages { get; set; }

        public List<StringFilter>? FixAvailable { get; set; }

        public List<StringFilter>? ExploitAvailable { get; set; }

        public List<StringFilter>? LambdaFunctionName { get; set; }

        public List<StringFilter>? EcrImageRepositoryName { get; set; }
    }
}
