using System;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>
    /// The Amazon Inspector2 operations AwsPatch calls. Implemented on AWSSDK.Core's pipeline by
    /// <see cref="AmazonInspector2Client"/>; the day the registry serves AWSSDK.Inspector2, an adapter over
    /// its client replaces that class behind this interface and <see cref="Inspector2ClientFactory"/>.
    /// </summary>
    public interface IInspector2Client : IDisposable
    {
        /// <summary>POST /findings/list: one page of findings (at most <see cref="Inspector2Limits.ListFindingsMaxResults"/>).</summary>
        Task<ListFindingsResponse> ListFindingsAsync(ListFindingsRequest request, CancellationToken cancellationToken);

        /// <summary>POST /coverage/list: one page of scan coverage (at most <see cref="Inspector2Limits.ListCoverageMaxResults"/>).</summary>
        Task<ListCoverageResponse> ListCoverageAsync(ListCoverageRequest request, CancellationToken cancellationToken);

        /// <summary>POST /findings/aggregation/list: one page of aggregated counts (at most <see cref="Inspector2Limits.ListFindingAggregationsMaxResults"/>).</summary>
        Task<ListFindingAggregationsResponse> ListFindingAggregationsAsync(ListFindingAggregationsRequest request, CancellationToken cancellationToken);

        /// <summary>POST /findings/details/batch/get: details for up to <see cref="Inspector2Limits.BatchGetFindingDetailsMaxArns"/> finding ARNs.</summary>
        Task<BatchGetFindingDetailsResponse> BatchGetFindingDetailsAsync(BatchGetFindingDetailsRequest request, CancellationToken cancellationToken);
    }
}
