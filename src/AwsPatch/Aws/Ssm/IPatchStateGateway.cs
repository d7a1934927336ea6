using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws
{
    /// <summary>The Patch Manager compliance calls the services make, in SDK-free terms. Throws <see cref="AwsCallException"/>.</summary>
    public interface IPatchStateGateway
    {
        /// <summary>
        /// One page of DescribeInstancePatchStates for up to 50 ids; instances without patch state are absent. Each comes
        /// back as the output type with the state's fields, its Region, and no Environment or ComplianceState yet.
        /// </summary>
        Task<Page<PatchCompliance>> DescribeInstancePatchStatesAsync(IReadOnlyList<string> instanceIds, int maxResults, string? nextToken, CancellationToken cancellationToken);

        /// <summary>One page of DescribeInstancePatchStatesForPatchGroup.</summary>
        Task<Page<PatchCompliance>> DescribeInstancePatchStatesForPatchGroupAsync(string patchGroup, int maxResults, string? nextToken, CancellationToken cancellationToken);

        /// <summary>
        /// One page of DescribeInstancePatches for one instance, filtered by patch state and severity (any of the
        /// values; an empty list does not filter). Each patch comes back as the output type, with its InstanceId and Region. An instance Systems
        /// Manager does not manage: ErrorCode InvalidInstanceId.
        /// </summary>
        Task<Page<PatchMissing>> DescribeInstancePatchesAsync(string instanceId, IReadOnlyList<string> states, IReadOnlyList<string> severities, int maxResults, string? nextToken, CancellationToken cancellationToken);

        /// <summary>GetPatchBaseline: what the baseline (by id; AWS-owned baselines by ARN) approves. Unknown: ErrorCode DoesNotExistException.</summary>
        Task<PatchBaselineRecord> GetPatchBaselineAsync(string baselineId, CancellationToken cancellationToken);
    }
}
