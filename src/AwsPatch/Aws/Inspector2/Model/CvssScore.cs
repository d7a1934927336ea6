namespace AwsPatch.Aws.Inspector2
{
    /// <summary>CvssScore: one CVSS rating of the vulnerability.</summary>
    internal sealed class CvssScore
    {
        public double BaseScore { get; set; }

        public string? ScoringVector { get; set; }

        public string? Version { get; set; }

        public string? Source { get; set; }
    }
}
