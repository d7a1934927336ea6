using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>
    /// ListFindingAggregations input. <see cref="AggregationType"/> is required; for AWS_EC2_INSTANCE set
    /// <see cref="AggregationRequest"/>.<see cref="Inspector2.AggregationRequest.Ec2InstanceAggregation"/> (or leave it null).
    /// <see cref="MaxResults"/>: 1..<see cref="Inspector2Limits.ListFindingAggregationsMaxResults"/>.
    /// </summary>
    public sealed class ListFindingAggregationsRequest
    {
        /// <summary>AggregationType AWS_EC2_INSTANCE.</summary>
        public const string AwsEc2InstanceType = "AWS_EC2_INSTANCE";

        public string AggregationType { get; set; } = AwsEc2InstanceType;

        public AggregationRequest? AggregationRequest { get; set; }

        public List<StringFilter>? AccountIds { get; set; }

        public int? MaxResults { get; set; }

        public string? NextToken { get; set; }
    }
}
