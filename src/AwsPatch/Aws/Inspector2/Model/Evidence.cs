namespace AwsPatch.Aws.Inspector2
{
    /// <summary>Evidence behind a finding's threat intelligence.</summary>
    internal sealed class Evidence
    {
        public string? EvidenceRule { get; set; }

        public string? EvidenceDetail { get; set; }

        public string? Severity { get; set; }
    }
}
