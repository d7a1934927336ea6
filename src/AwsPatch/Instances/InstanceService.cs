using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Instances
{
    /// <summary>
    /// Lists instances: EC2 DescribeInstances (server-side filters, ids batched, every page) merged with SSM
    /// DescribeInstanceInformation for each page's ids. Results stream page by page (an id list: batch by batch, in batch
    /// order, <see cref="BatchesInFlight"/> batches at once); one bad id never stops the rest.
    /// </summary>
    public sealed class InstanceService
    {
        /// <summary>Instance ids sent in one <c>instance-id</c> filter when no other filter goes with them.</summary>
        public const int IdsPerEc2Call = Ec2FilterBatches.MaxValuesPerCall;

        /// <summary>DescribeInstances page size (the API's maximum).</summary>
        public const int Ec2PageSize = 1000;

        /// <summary>DescribeInstanceInformation's page maximum, so one call covers one chunk of ids.</summary>
        public const int IdsPerSsmCall = 50;

        /// <summary>SSM calls in flight at once while enriching one EC2 page.</summary>
        public const int SsmParallelism = 4;

        /// <summary>
        /// Batches of an id list looked up at once (each one DescribeInstances, then its SSM calls, which share
        /// <see cref="SsmParallelism"/>): a 900-id check's five batches overlap instead of going one after another. At
        /// most this many batches' instances are held while the consumer catches up.
        /// </summary>
        public const int BatchesInFlight = 4;

        /// <summary>The error id of the one failure a -Tag/-PatchGroup query that matched no instance returns.</summary>
        public const string NoMatchingInstanceId = "NoMatchingInstance";

        private readonly IAwsGateways _gateways;
        private readonly IWaitClock _clock;

        /// <param name="clock">What a listing's retry budget and back-off run on (<see cref="CallRetry.Listing"/>); the machine's clock by default.</param>
        public InstanceService(IAwsGateways gateways, IWaitClock? clock = null)
        {
            _gateways = gateways;
            _clock = clock ?? SystemWaitClock.Instance;
        }

        /// <summary>A plain listing: a transient failure is retried only within <see cref="CallRetry.ListingBudget"/> of the call.</summary>
        public IAsyncEnumerable<Outcome<PatchInstance>> GetAsync(AwsSession session, InstanceQuery query, IOperationReporter reporter, CancellationToken cancellationToken) =>
            GetAsync(session, query, reporter, CallRetry.Listing(_clock), cancellationToken);

        /// <summary>The listing of a workflow (a run's check phase): its calls follow the workflow's <paramref name="retry"/>.</summary>
        internal async IAsyncEnumerable<Outcome<PatchInstance>> GetAsync(AwsSession session, InstanceQuery query, IOperationReporter reporter, CallRetry retry, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var ec2 = new RetriedEc2(_gateways.Ec2(session), retry);
            var enricher = new SsmEnricher(_gateways.Ssm(session), session.RegionName, query.ManagedOnly, reporter, retry);
            var filterSets = FilterSets(query);

            if (query.InstanceIds.Count == 0)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var filters in filterSets.SelectMany(Ec2FilterBatches.Split))
                {
                    await foreach (var instance in ListAsync(ec2, enricher, session, filters, seen, cancellationToken).ConfigureAwait(false))
                        yield return Outcome<PatchInstance>.Success(instance);
                }
                if (seen.Count == 0 && query.HasFilters)
                    yield return Outcome<PatchInstance>.Failed(NoMatch(query, session.RegionName));
                yield break;
            }

            var (valid, malformed) = InstanceIds.Check(query.InstanceIds);
            foreach (var failure in malformed)
                yield return Outcome<PatchInstance>.Failed(failure);

            // The ids go in batches that fit beside the -Tag/-PatchGroup values (EC2 counts every value of a call),
            // BatchesInFlight at once; each batch comes out whole, in batch order.
            var batches = OrderedFanOut.SelectAsync(OrderedFanOut.ToAsync(Ec2FilterBatches.Batches(valid, Widest(filterSets))),
                (batch, ct) => BatchAsync(ec2, enricher, session, query, filterSets, batch, ct), BatchesInFlight, cancellationToken);
            await foreach (var outcomes in batches.ConfigureAwait(false))
            {
                foreach (var outcome in outcomes)
                    yield return outcome;
            }
        }

        /// <summary>
        /// One batch of ids: its instances, then, if a call for it failed, the error for each of its ids not listed by
        /// then (the other batches go on), then the ids no call listed, as not found.
        /// </summary>
        private static async Task<List<Outcome<PatchInstance>>> BatchAsync(RetriedEc2 ec2, SsmEnricher enricher, AwsSession session, InstanceQuery query, List<Dictionary<string, IReadOnlyList<string>>> filterSets, IReadOnlyList<string> batch, CancellationToken cancellationToken)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var outcomes = new List<Outcome<PatchInstance>>();
            try
            {
                foreach (var filters in filterSets.SelectMany(set => Ec2FilterBatches.Calls(set, "instance-id", batch)))
                {
                    await foreach (var instance in ListAsync(ec2, enricher, session, filters, seen, cancellationToken).ConfigureAwait(false))
                        outcomes.Add(Outcome<PatchInstance>.Success(instance));
                }
            }
            catch (AwsCallException ex) when (!query.ManagedOnly || ex.Operation.StartsWith("ec2:", StringComparison.Ordinal))
            {
                // This batch failed as a whole: each of its ids not listed yet gets the error.
                outcomes.AddRange(batch.Where(id => !seen.Contains(id)).Select(id => Outcome<PatchInstance>.Failed(BatchFailed(id, ex))));
                seen.UnionWith(batch);
            }
            outcomes.AddRange(batch.Where(id => !seen.Contains(id)).Select(id => Outcome<PatchInstance>.Failed(NotFound(id, query, session.RegionName))));
            return outcomes;
        }

        /// <summary>
        /// Streams one query's instances. The next EC2 page is requested as soon as the current one arrives, and the
        /// current page comes out 50 instances at a time as each SSM lookup finishes, so the consumer is never more
        /// than one SSM call behind, and memory holds at most two pages.
        /// </summary>
        private static async IAsyncEnumerable<PatchInstance> ListAsync(RetriedEc2 ec2, SsmEnricher enricher, AwsSession session, IReadOnlyDictionary<string, IReadOnlyList<string>> filters, HashSet<string> seen, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task<PageWork>? next = FetchAsync(ec2, enricher, filters, null, seen, stop.Token);
            PageWork? work = null;
            try
            {
                while (next != null)
                {
                    work = await next.ConfigureAwait(false);
                    next = work.NextToken == null ? null : FetchAsync(ec2, enricher, filters, work.NextToken, seen, stop.Token);
                    for (var chunk = 0; chunk < work.Lookups.Count; chunk++)
                    {
                        // Null: Systems Manager did not answer for this chunk, so its agents are unknown, not missing.
                        var ssm = await work.Lookups[chunk].ConfigureAwait(false);
                        foreach (var record in work.Records.Skip(chunk * IdsPerSsmCall).Take(IdsPerSsmCall))
                        {
                            SsmInstanceRecord? agent = null;
                            ssm?.TryGetValue(record.InstanceId, out agent);
                            if (enricher.ManagedOnly && agent == null)
                                continue;
                            yield return InstanceMapper.Map(record, agent, ssm != null, session.RegionName, session.RoleArn);
                        }
                    }
                }
            }
            finally
            {
                // Stopped early (or failed): the prefetch and the page's SSM lookups still in flight end here.
                await AbandonedWork.CancelAndDrainAsync(stop, (work?.Lookups ?? Enumerable.Empty<Task>()).Append(next)).ConfigureAwait(false);
            }
        }

        private static async Task<PageWork> FetchAsync(RetriedEc2 ec2, SsmEnricher enricher, IReadOnlyDictionary<string, IReadOnlyList<string>> filters, string? token, HashSet<string> seen, CancellationToken cancellationToken)
        {
            var page = await ec2.DescribeInstancesAsync(filters, Ec2PageSize, token, cancellationToken).ConfigureAwait(false);
            List<Ec2InstanceRecord> fresh;
            lock (seen)
                fresh = page.Items.Where(i => seen.Add(i.InstanceId)).ToList();
            return new PageWork(fresh, enricher.Start(fresh.Select(i => i.InstanceId).ToList(), cancellationToken), page.NextToken);
        }

        /// <summary>DescribeInstances under the listing's retry policy.</summary>
        private sealed class RetriedEc2
        {
            private readonly IEc2Gateway _ec2;
            private readonly CallRetry _retry;

            public RetriedEc2(IEc2Gateway ec2, CallRetry retry)
            {
                _ec2 = ec2;
                _retry = retry;
            }

            public Task<Page<Ec2InstanceRecord>> DescribeInstancesAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, int pageSize, string? token, CancellationToken cancellationToken) =>
                _retry.RunAsync(() => _ec2.DescribeInstancesAsync(filters, pageSize, token, cancellationToken), cancellationToken);
        }

        private sealed class PageWork
        {
            public PageWork(IReadOnlyList<Ec2InstanceRecord> records, IReadOnlyList<Task<IReadOnlyDictionary<string, SsmInstanceRecord>?>> lookups, string? nextToken)
            {
                Records = records;
                Lookups = lookups;
                NextToken = nextToken;
            }

            public IReadOnlyList<Ec2InstanceRecord> Records { get; }

            public IReadOnlyList<Task<IReadOnlyDictionary<string, SsmInstanceRecord>?>> Lookups { get; }

            public string? NextToken { get; }
        }

        /// <summary>Instance ids one DescribeInstances of <paramref name="query"/> carries beside its tag filters: the cmdlet's batch size.</summary>
        public static int IdsPerCall(InstanceQuery query) => Ec2FilterBatches.Room(Widest(FilterSets(query)));

        private static IReadOnlyDictionary<string, IReadOnlyList<string>> Widest(List<Dictionary<string, IReadOnlyList<string>>> filterSets) =>
            filterSets.OrderByDescending(Ec2FilterBatches.CountValues).First();

        private static List<Dictionary<string, IReadOnlyList<string>>> FilterSets(InstanceQuery query)
        {
            var common = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var tag in query.Tags)
                common["tag:" + tag.Key] = tag.Value;
            if (query.PatchGroups.Count == 0)
                return new List<Dictionary<string, IReadOnlyList<string>>> { common };

            // EC2 ANDs filter names, and SSM accepts either tag key, so each key is its own query.
            return PatchGroupTags.Keys
                .Select(key => new Dictionary<string, IReadOnlyList<string>>(common) { ["tag:" + key] = query.PatchGroups })
                .ToList();
        }

        private static ItemFailure NotFound(string id, InstanceQuery query, string region) => new ItemFailure(
            id,
            "InstanceNotFound",
            AwsErrorKind.NotFound,
            query.HasFilters
                ? $"Instance {id} was not found in {region}, or it does not match the -Tag/-PatchGroup filter."
                : $"Instance {id} was not found in {region}.",
            "Check the instance id, and the region: pass -Region (or pipe objects that carry a Region property) for instances in other regions.");

        private static ItemFailure BatchFailed(string id, AwsCallException ex) => new ItemFailure(
            id,
            "InstanceLookupFailed",
            ex.Kind,
            $"Could not look up instance {id}: {ex.Message}",
            null,
            ex);

        private static ItemFailure NoMatch(InstanceQuery query, string region)
        {
            var parts = query.Tags.Select(t => $"{t.Key}={string.Join("|", t.Value)}").ToList();
            if (query.PatchGroups.Count > 0)
                parts.Add($"{PatchGroupTags.Display}={string.Join("|", query.PatchGroups)}");
            var filter = string.Join(", ", parts);
            return new ItemFailure(
                filter,
                NoMatchingInstanceId,
                AwsErrorKind.NotFound,
                $"No instance in {region} has the tags {filter}.",
                "Check the tag keys and values (they are case-sensitive), and the region (-Region).");
        }
    }
}
