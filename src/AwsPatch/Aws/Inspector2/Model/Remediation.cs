namespace AwsPatch.Aws.Inspector2
{
    /// <summary>Remediation of a finding.</summary>
    internal sealed class Remediation
    {
        public Recommendation? Recommendation { get; set; }
    }
}
