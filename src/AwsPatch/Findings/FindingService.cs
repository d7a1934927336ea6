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
    /// Streams Inspector findings: filters go to the server, resource ids 10 to a query (the API's limit), queries
    /// run in up to <see cref="ListParallelism"/> lanes, and each lane's next page is in flight while the current one
    /// is handed out, so a consumer never waits for a full round-trip between pages. Memory holds at most two pages
    /// per lane, whatever the total.
    /// </summary>
    public sealed class FindingService
    {
        /// <summary>ListFindings page maximum.</summary>
        public const int PageSize = 100;

        /// <summary>How many ListFindings queries run at once (each with one page in flight).</summary>
        public const int ListParallelism = 4;

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

            var coverage = query.ReportCoverage && IsEc2Query(query)
                ? batches.Select(batch => CoverageGapsAsync(inspector, batch, cancellationToken)).ToList()
                : new List<Task<IReadOnlyList<string>>>();

            // -First lists serially, so no page past the N-th finding is asked for. Otherwise the queries run in
            // lanes, several at a time: id batches are independent queries anyway (no extra calls); a whole-region
            // EC2 listing is split by instance-id prefix, which costs at most one extra page per lane.
            var remaining = query.First ?? long.MaxValue;
            var laneCount = query.First == null ? ListParallelism : 1;
            var filters = query.ResourceIds.Count > 0 ? batches.Select(batch => WithResources(template, batch, Array.Empty<string>())).ToList()
                : laneCount > 1 && IsEc2Query(query) ? InstanceIdPrefixes(laneCount).Select(prefixes => WithResources(template, Array.Empty<string>(), prefixes)).ToList()
                : new List<FindingFilter> { template };
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var lanes = Enumerable.Range(0, Math.Min(laneCount, filters.Count))
                .Select(lane => new PageChain(inspector, filters.Where((_, i) => i % laneCount == lane).ToList(), stop.Token))
                .ToList();
            var perBatchErrors = query.ResourceIds.Count > 0;
            var active = lanes.Select(lane => NextPageAsync(lane, remaining, perBatchErrors)).ToList();
            try
            {
                while (active.Count > 0 && remaining > 0)
                {
                    var done = await Task.WhenAny(active).ConfigureAwait(false);
                    active.Remove(done);
                    var (lane, page, batchFailures) = await done.ConfigureAwait(false);
                    foreach (var failure in batchFailures)
                        yield return Outcome<PatchFinding>.Failed(failure);
                    if (page == null)
                        continue;   // this lane has listed all its queries
                    foreach (var finding in page.Items)
                    {
                        if (remaining-- <= 0)
                            break;
                        yield return Outcome<PatchFinding>.Success(finding);
                    }
                    if (remaining > 0)
                        active.Add(NextPageAsync(lane, remaining, perBatchErrors));
                }
            }
            finally
            {
                // Done, stopped early or failed: the other lanes' pages in flight (and their retries) end here.
                await AbandonedWork.CancelAndDrainAsync(stop, active.Concat<Task?>(lanes.Select(lane => lane.InFlight))).ConfigureAwait(false);
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

        /// <summary>
        /// The CISA KEV entries of <paramref name="findingArns"/>, from BatchGetFindingDetails: ten ARNs a call (the
        /// API's limit), up to <see cref="ListParallelism"/> calls at once. A call that fails throws (its
        /// <see cref="AwsCallException"/>); per-ARN errors come back in <see cref="KevLookup.Errors"/>.
        /// </summary>
        public async Task<KevLookup> GetKevAsync(AwsSession session, IEnumerable<string> findingArns, CancellationToken cancellationToken)
        {
            var inspector = _gateways.Inspector(session);
            var batches = findingArns.Where(a => !string.IsNullOrEmpty(a)).Distinct(StringComparer.Ordinal)
                .Select((arn, i) => new { arn, i })
                .GroupBy(x => x.i / Aws.Inspector2.Inspector2Limits.BatchGetFindingDetailsMaxArns, x => x.arn)
                .Select(g => (IReadOnlyList<string>)g.ToList())
                .ToList();
            var byArn = new Dictionary<string, KevRecord>(StringComparer.Ordinal);
            var errors = new List<FindingDetailsErrorRecord>();
            for (var start = 0; start < batches.Count; start += ListParallelism)
            {
                var answers = await Task.WhenAll(batches.Skip(start).Take(ListParallelism)
                    .Select(batch => inspector.GetFindingDetailsAsync(batch, cancellationToken))).ConfigureAwait(false);
                foreach (var answer in answers)
                {
                    foreach (var kev in answer.Kev)
                        byArn[kev.FindingArn] = kev;
                    errors.AddRange(answer.Errors.Where(e => e.ErrorCode != "FINDING_DETAILS_NOT_FOUND"));
                }
            }
            return new KevLookup(byArn, errors);
        }

        private static bool IsEc2Query(FindingQuery query) =>
            query.ResourceTypes.Count == 0 || query.ResourceTypes.All(t => string.Equals(t, "Ec2Instance", StringComparison.OrdinalIgnoreCase));

        /// <summary>A batch that failed transiently (after the SDK's retries) fails its ids only; the listing goes on.</summary>
        private static bool IsPerBatch(AwsCallException ex) => WaitRetry.IsTransient(ex);

        /// <summary>The warning for an instance Inspector has no coverage record of (in this account and region).</summary>
        public static string NotCovered(string instanceId) =>
            $"Amazon Inspector does not scan instance {instanceId}: it has no coverage record, so it has no findings to list. Check that the instance exists in this region and that Inspector EC2 scanning is enabled.";

        private static async Task<IReadOnlyList<string>> CoverageGapsAsync(IInspectorGateway inspector, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            var seen = new Dictionary<string, CoverageRecord>(StringComparer.Ordinal);
            await foreach (var record in Pages.AllAsync(token => inspector.ListCoverageAsync(ids, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                seen[record.ResourceId] = record;

            var gaps = new List<string>();
            foreach (var id in ids)
            {
                if (!seen.TryGetValue(id, out var record))
                    gaps.Add(NotCovered(id));
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

        private static FindingFilter WithResources(FindingFilter f, IReadOnlyList<string> ids, IReadOnlyList<string> prefixes) => new FindingFilter
        {
            ResourceIds = ids,
            ResourceIdPrefixes = prefixes,
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

        /// <summary>
        /// Splits every possible EC2 instance id (i- and lower-case hex) into <paramref name="parts"/> disjoint sets of
        /// id prefixes: "i-0" plus each hex digit (today's 17-digit ids) and "i-1" to "i-f" (older 8-digit ids). Each
        /// id matches exactly one prefix, so the parts together list every finding once.
        /// </summary>
        internal static IReadOnlyList<IReadOnlyList<string>> InstanceIdPrefixes(int parts)
        {
            const string hex = "0123456789abcdef";
            var prefixes = hex.Select(d => "i-0" + d).Concat(hex.Substring(1).Select(d => "i-" + d)).ToList();
            if (parts < 1 || (prefixes.Count + parts - 1) / parts > FindingFilter.MaxValues)
                throw new ArgumentOutOfRangeException(nameof(parts), parts, $"Between 1 and {FindingFilter.MaxValues} prefixes fit in one resourceId filter.");
            return Enumerable.Range(0, parts).Select(p => (IReadOnlyList<string>)prefixes.Where((_, i) => i % parts == p).ToList()).ToList();
        }

        /// <summary>
        /// The lane's next page. When the query was for given ids and its batch failed after the SDK's retries, each id
        /// of the batch gets the error and the lane moves on to its next batch.
        /// </summary>
        private static async Task<(PageChain Lane, PageChain.Result? Page, ItemFailure[] Failures)> NextPageAsync(PageChain lane, long wanted, bool perBatchErrors)
        {
            try
            {
                return (lane, await lane.NextAsync(wanted).ConfigureAwait(false), Array.Empty<ItemFailure>());
            }
            catch (AwsCallException ex) when (perBatchErrors && IsPerBatch(ex))
            {
                var failures = lane.CurrentFilter.ResourceIds.Select(id => new ItemFailure(id, "FindingLookupFailed", ex.Kind,
                    $"Could not list the findings of {id}: {ex.Message}", null, ex)).ToArray();
                return (lane, lane.SkipFilter(), failures);
            }
        }
    }
}
