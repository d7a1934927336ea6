namespace AwsPatch.Aws.Inspector2
{
    /// <summary>ResourceScanMetadata: only the EC2 member is modelled here.</summary>
    internal sealed class ResourceScanMetadata
    {
        public Ec2Metadata? Ec2 { get; set; }
    }
}
