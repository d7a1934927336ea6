namespace AwsPatch.Aws.Inspector2
{
    /// <summary>AggregationResponse (a union); only the EC2 instance member is modelled, others read as all-null.</summary>
    public sealed class AggregationResponse
    {
        public Ec2InstanceAggregationResponse? Ec2InstanceAggregation { get; set; }
    }
}
