namespace AwsPatch.Aws.Inspector2.Internal
{
    /// <summary>One pipeline request type per operation; the nested type names are what the SDK reports as the operation.</summary>
    internal static class Inspector2WebRequests
    {
        internal sealed class ListFindingsRequest : Inspector2WebRequest
        {
            public ListFindingsRequest(Inspector2.ListFindingsRequest body) : base("/findings/list", body) { }
        }

        internal sealed class ListCoverageRequest : Inspector2WebRequest
        {
            public ListCoverageRequest(Inspector2.ListCoverageRequest body) : base("/coverage/list", body) { }
        }

        internal sealed class BatchGetFindingDetailsRequest : Inspector2WebRequest
        {
            public BatchGetFindingDetailsRequest(Inspector2.BatchGetFindingDetailsRequest body) : base("/findings/details/batch/get", body) { }
        }
    }
}
