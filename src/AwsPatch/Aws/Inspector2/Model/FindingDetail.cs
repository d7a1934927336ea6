using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>FindingDetail: threat intelligence for one finding.</summary>
    internal sealed class FindingDetail
    {
        public string? FindingArn { get; set; }

        public CisaData? CisaData { get; set; }

        public int? RiskScore { get; set; }

        public List<Evidence> Evidences { get; set; } = new List<Evidence>();

        public List<string> Ttps { get; set; } = new List<string>();

        public List<string> Tools { get; set; } = new List<string>();

        public ExploitObserved? ExploitObserved { get; set; }

        public List<string> ReferenceUrls { get; set; } = new List<string>();

        public List<string> Cwes { get; set; } = new List<string>();

        public double? EpssScore { get; set; }

        public override string ToString() => FindingArn ?? string.Empty;
    }
}
