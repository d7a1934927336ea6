using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>Ec2InstanceAggregationResponse: finding counts for one instance.</summary>
    public sealed class Ec2InstanceAggregationResponse
    {
        public string InstanceId { get; set; } = string.Empty;

        public string? Ami { get; set; }

        public string? OperatingSystem { get; set; }

        public Dictionary<string, string>? InstanceTags { get; set; }

        public string? AccountId { get; set; }

        public SeverityCounts? SeverityCounts { get; set; }

        public long? NetworkFindings { get; set; }

        public override string ToString() => InstanceId;
    }
}
