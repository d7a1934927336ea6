using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>One ListFindings page; <see cref="NextToken"/> is null or empty on the last page.</summary>
    internal sealed class ListFindingsResponse
    {
        public List<Finding> Findings { get; set; } = new List<Finding>();

        public string? NextToken { get; set; }
    }
}
