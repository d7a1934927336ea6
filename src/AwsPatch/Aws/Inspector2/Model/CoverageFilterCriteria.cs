using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>CoverageFilterCriteria (subset). Coverage string filters allow only EQUALS and NOT_EQUALS.</summary>
    internal sealed class CoverageFilterCriteria
    {
        public List<StringFilter>? AccountId { get; set; }

        public List<StringFilter>? ResourceId { get; set; }

        public List<StringFilter>? ResourceType { get; set; }

        public List<StringFilter>? ScanType { get; set; }

        public List<StringFilter>? ScanStatusCode { get; set; }

        public List<StringFilter>? ScanStatusReason { get; set; }

        public List<StringFilter>? ScanMode { get; set; }

        public List<MapFilter>? Ec2InstanceTags { get; set; }

        public List<DateFilter>? LastScannedAt { get; set; }
    }
}
