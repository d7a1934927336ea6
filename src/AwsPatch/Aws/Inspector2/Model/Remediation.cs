namespace AwsPatch.Aws.Inspector2
{
    /// <summary>Remediation of a finding.</summary>
    public sealed class Remediation
    {
        public Recommendation? Recommendation { get; set; }
    }
}
