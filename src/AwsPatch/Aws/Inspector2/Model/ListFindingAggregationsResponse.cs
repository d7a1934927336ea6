using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>One ListFindingAggregations page.</summary>
    public sealed class ListFindingAggregationsResponse
    {
        public string AggregationType { get; set; } = string.Empty;

        public List<AggregationResponse> Responses { get; set; } = new List<AggregationResponse>();

        public string? NextToken { get; set; }
    }
}
