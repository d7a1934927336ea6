using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws
{
    /// <summary>The Amazon Inspector calls the services make, one page per call, in SDK-free terms. Throws <see cref="AwsCallException"/>.</summary>
    public interface IInspectorGateway
    {
        /// <summary>One page of ListFindings (at most 100 findings), mapped to <see cref="PatchFinding"/>.</summary>
        Task<Page<PatchFinding>> ListFindingsAsync(FindingFilter filter, int maxResults, string? nextToken, CancellationToken cancellationToken);

        /// <summary>One page of ListCoverage for the given resource ids (at most 10).</summary>
        Task<Page<CoverageRecord>> ListCoverageAsync(IReadOnlyList<string> resourceIds, string? nextToken, CancellationToken cancellationToken);

        /// <summary>BatchGetFindingDetails for 1..10 finding ARNs: their CISA KEV entries and the per-ARN errors.</summary>
        Task<FindingDetailsBatch> GetFindingDetailsAsync(IReadOnlyList<string> findingArns, CancellationToken cancellationToken);
    }
}
