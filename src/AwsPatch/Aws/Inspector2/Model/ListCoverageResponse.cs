using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>One ListCoverage page.</summary>
    internal sealed class ListCoverageResponse
    {
        public List<CoveredResource> CoveredResources { get; set; } = new List<CoveredResource>();

        public string? NextToken { get; set; }
    }
}
