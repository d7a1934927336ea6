using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>BatchGetFindingDetails input: 1..<see cref="Inspector2Limits.BatchGetFindingDetailsMaxArns"/> finding ARNs.</summary>
    internal sealed class BatchGetFindingDetailsRequest
    {
        public List<string> FindingArns { get; set; } = new List<string>();
    }
}
