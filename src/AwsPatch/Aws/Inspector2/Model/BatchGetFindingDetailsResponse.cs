using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>BatchGetFindingDetails output: details found, and a per-ARN error for the rest.</summary>
    internal sealed class BatchGetFindingDetailsResponse
    {
        public List<FindingDetail> FindingDetails { get; set; } = new List<FindingDetail>();

        public List<FindingDetailsError> Errors { get; set; } = new List<FindingDetailsError>();
    }
}
