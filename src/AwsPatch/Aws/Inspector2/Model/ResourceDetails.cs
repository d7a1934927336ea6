namespace AwsPatch.Aws.Inspector2
{
    /// <summary>ResourceDetails: only the EC2 member is modelled here.</summary>
    internal sealed class ResourceDetails
    {
        public AwsEc2InstanceDetails? AwsEc2Instance { get; set; }
    }
}
