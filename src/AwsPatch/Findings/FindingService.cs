using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Instances;

namespace AwsPatch.Findings
{
    /// <summary>
    /// Streams Inspector findings: filters go to the server, resource ids 10 to a query (the API's limit), and the
    /// next page is always in flight while the current one is handed out, so a consumer never waits for a full
    /// round-trip between pages. Memory holds at most two pages, whatever the total.
    /// </summary>
    public sealed class FindingService
    {
        /// <summary>ListFindings page maximum.</summary>
        public const int PageSize = 100;

        private readonly IAwsGateways _gateways;

        public FindingService(IAwsGateways gateways)
        {
            _gateways = gateways;
        }

        public async IAsyncEnumerable<Outcome<PatchFinding>> GetAsync(AwsSession session, FindingQuery query, IOperationReporter reporter, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var inspector = _gateways.Inspector(session);
            var template = ToFilter(query);
            var batches = new List<IReadOnlyList<string>>();
            var failures = new List<ItemFailure>();
            foreach (var id in query.ResourceIds.Distinct(StringComparer.Ordinal))
            {
                if (IsEc2Query(query) && !InstanceIds.IsValid(id))
                {
                    failures.Add(new ItemFailure(id, "InvalidInstanceId", AwsErrorKind.InvalidInput, $"'{id}' is not a valid EC2 instance id.",
                        "Instance ids look like i-0123456789abcdef0 (i- followed by 8 or 17 lower-case hexadecimal digits)."));
                    continue;
                }
                if (batches.Count == 0 || batches[batches.Count - 1].Count == FindingFilter.MaxValues)
                    batches.Add(new List<string>());
                ((List<string>)batches[batches.Count - 1]).Add(id);
            }
            foreach (var failure in failures)
                yield return Outcome<PatchFinding>.Failed(failure);

            var filters = query.ResourceIds.Count == 0
                ? new List<FindingFilter> { template }
                : batches.Select(batch => WithResources(template, batch)).ToList();
            var coverage = query.ReportCoverage && IsEc2Query(query)
                ? batches.Select(batch => CoverageGapsAsync(inspector, batch, cancellationToken)).ToList()
                : new List<Task<IReadOnlyList<string>>>();

            var remaining = query.First ?? long.MaxValue;
            var lookup = new PageChain(inspector, filters, cancellationToken);
            try
            {
                while (remaining > 0)
                {
                    PageChain.Result? result;
                    ItemFailure[] batchFailures = Array.Empty<ItemFailure>();
                    try
                    {
                        result = await lookup.NextAsync(remaining).ConfigureAwait(false);
                    }
                    catch (AwsCallException ex) when (query.ResourceIds.Count > 0 && IsPerBatch(ex))
                    {
                        // This batch failed after the SDK's retries: each of its ids gets the error, the next batch runs.
                        batchFailures = lookup.CurrentFilter.ResourceIds.Select(id => new ItemFailure(id, "FindingLookupFailed", ex.Kind,
                            $"Could not list the findings of {id}: {ex.Message}", null, ex)).ToArray();
                        result = lookup.SkipFilter();
                    }
                    foreach (var failure in batchFailures)
                        yield return Outcome<PatchFinding>.Failed(failure);
                    if (result == null)
                        break;
                    foreach (var finding in result.Items)
                    {
                        if (remaining-- <= 0)
                            break;
                        yield return Outcome<PatchFinding>.Success(finding);
                    }
                }
            }
            finally
            {
                lookup.Abandon();
            }

            foreach (var gaps in coverage)
            {
                IReadOnlyList<string> uncovered;
                try
                {
                    uncovered = await gaps.ConfigureAwait(false);
                }
                catch (AwsCallException ex)
                {
                    reporter.Warning($"Could not check which instances Amazon Inspector scans: {ex.Message}");
                    break;
                }
                foreach (var line in uncovered)
                    reporter.Warning(line);
            }
        }

        private static bool IsEc2Query(FindingQuery query) =>
            query.ResourceTypes.Count == 0 || query.ResourceTypes.All(t => string.Equals(t, "Ec2Instance", StringComparison.OrdinalIgnoreCase));

        private static bool IsPerBatch(AwsCallException ex) =>
            ex.Kind == AwsErrorKind.Throttled || ex.Kind == AwsErrorKind.ServiceFault || ex.Kind == AwsErrorKind.Network || ex.Kind == AwsErrorKind.Timeout;

        private static async Task<IReadOnlyList<string>> CoverageGapsAsync(IInspectorGateway inspector, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            var seen = new Dictionary<string, CoverageRecord>(StringComparer.Ordinal);
            string? token = null;
            do
            {
                var page = await inspector.ListCoverageAsync(ids, token, cancellationToken).ConfigureAwait(false);
                foreach (var record in page.Items)
                    seen[record.ResourceId] = record;
                token = page.NextToken;
            }
            while (token != null);

            var gaps = new List<string>();
            foreach (var id in ids)
            {
                if (!seen.TryGetValue(id, out var record))
                    gaps.Add($"Amazon Inspector does not scan instance {id}: it has no coverage record, so it has no findings to list. Check that the instance exists in this region and that Inspector EC2 scanning is enabled.");
                else if (!string.Equals(record.ScanStatus, "ACTIVE", StringComparison.Ordinal))
                    gaps.Add($"Amazon Inspector is not scanning instance {id} ({record.Reason ?? record.ScanStatus}); its findings may be missing or stale.");
            }
            return gaps;
        }

        private static FindingFilter ToFilter(FindingQuery query) => new FindingFilter
        {
            ResourceTypes = (query.ResourceTypes.Count == 0 ? new[] { "Ec2Instance" } : query.ResourceTypes).Select(FindingNames.ResourceTypeToApiName).ToList(),
            Severities = query.Severities.Select(FindingNames.ToApiEnum).ToList(),
            Statuses = (query.Statuses.Count == 0 ? new[] { "Active" } : query.Statuses).Select(FindingNames.ToApiEnum).ToList(),
            FixAvailable = query.FixAvailable ? new[] { "YES", "PARTIAL" } : Array.Empty<string>(),
            ExploitAvailable = query.ExploitAvailable ? new[] { "YES" } : Array.Empty<string>(),
            MinimumInspectorScore = query.MinimumScore,
            MinimumEpssScore = query.MinimumEpss,
            VulnerabilityIds = query.VulnerabilityIds,
            PackageNames = query.PackageNames,
        };

        private static FindingFilter WithResources(FindingFilter f, IReadOnlyList<string> ids) => new FindingFilter
        {
            ResourceIds = ids,
            ResourceTypes = f.ResourceTypes,
            Severities = f.Severities,
            Statuses = f.Statuses,
            FixAvailable = f.FixAvailable,
            ExploitAvailable = f.ExploitAvailable,
            MinimumInspectorScore = f.MinimumInspectorScore,
            MinimumEpssScore = f.MinimumEpssScore,
            VulnerabilityIds = f.VulnerabilityIds,
            PackageNames = f.PackageNames,
        };
    }
}
