namespace AwsPatch.Aws.Inspector2
{
    /// <summary>EpssDetails: the EPSS score (0..1).</summary>
    internal sealed class EpssDetails
    {
        public double? Score { get; set; }
    }
}
