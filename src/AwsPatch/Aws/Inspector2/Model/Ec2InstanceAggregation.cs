using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>Ec2InstanceAggregation: which instances to count, and how to sort them.</summary>
    public sealed class Ec2InstanceAggregation
    {
        public List<StringFilter>? Amis { get; set; }

        public List<StringFilter>? OperatingSystems { get; set; }

        public List<StringFilter>? InstanceIds { get; set; }

        public List<MapFilter>? InstanceTags { get; set; }

        /// <summary>ASC, DESC.</summary>
        public string? SortOrder { get; set; }

        /// <summary>NETWORK_FINDINGS, CRITICAL, HIGH, ALL.</summary>
        public string? SortBy { get; set; }
    }
}
