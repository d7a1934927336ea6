namespace AwsPatch.Aws.Inspector2
{
    /// <summary>AggregationRequest (a union: set exactly one member); only the EC2 instance member is modelled.</summary>
    public sealed class AggregationRequest
    {
        public Ec2InstanceAggregation? Ec2InstanceAggregation { get; set; }
    }
}
