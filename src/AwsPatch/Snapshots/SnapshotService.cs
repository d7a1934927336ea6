using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Instances;

namespace AwsPatch.Snapshots
{
    /// <summary>
    /// Pre-patch snapshot sets: create (one CreateSnapshots per instance, a few at once; waiting polls the whole run with
    /// one filtered DescribeSnapshots listing per cycle), find, retire and restore them. Waits run on the injected
    /// <see cref="IWaitClock"/> (so tests neither sleep nor depend on the wall clock) and poll through transient failures
    /// (<see cref="WaitRetry"/>); ages run on AWS's clock (<see cref="IAwsGateways.Clock"/>).
    /// </summary>
    public sealed partial class SnapshotService : ISnapshotService
    {
        /// <summary>DeleteSnapshot / CreateReplaceRootVolumeTask calls in flight at once.</summary>
        public const int Parallelism = 8;

        /// <summary>The operation whose documented bucket (100 burst, 5 a second) paces snapshot creation.</summary>
        public const string CreateOperation = "ec2:CreateSnapshots";

        /// <summary>CreateSnapshots calls in flight at once: one second of the bucket's refill (<see cref="RequestPacer.InFlight"/>).</summary>
        public static int CreatesInFlight { get; } = RequestPacer.InFlight(CreateOperation, Parallelism);

        /// <summary>
        /// How often one instance's CreateSnapshots may come back throttled (each time after the SDK's own retries)
        /// before it counts as failed: throttling means "slower", so it takes a storm far beyond AWS's buckets.
        /// </summary>
        internal const int MaxThrottledRounds = 12;

        /// <summary>
        /// EBS refuses a snapshot of a volume that has 5 pending (1 for st1/sc1) with this code: a reason to wait for them
        /// to complete (up to the request's timeout), not a failure of the instance.
        /// </summary>
        internal const string ConcurrentLimitCode = "ConcurrentSnapshotLimitExceeded";

        /// <summary>DescribeSnapshots page size (the API's maximum).</summary>
        public const int SnapshotPageSize = 1000;

        /// <summary>DescribeReplaceRootVolumeTasks page size (the API's maximum).</summary>
        public const int TaskPageSize = 50;

        private static readonly string[] CopiedInstanceTags = new[] { "Name", "Environment" }.Concat(PatchGroupTags.Keys).ToArray();

        private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoFilters = new Dictionary<string, IReadOnlyList<string>>();

        private readonly IAwsGateways _gateways;
        private readonly IWaitClock _clock;
        private readonly RequestPacer? _pacer;

        /// <param name="clock">What waits run on (deadlines, delays between polls); the machine's clock by default.</param>
        /// <param name="pacer">The module's one client-side rate limiter (<see cref="AwsClientFactory.Pacer"/>); null: creates are not paced (fakes).</param>
        public SnapshotService(IAwsGateways gateways, IWaitClock? clock = null, RequestPacer? pacer = null)
        {
            _gateways = gateways;
            _clock = clock ?? SystemWaitClock.Instance;
            _pacer = pacer;
        }

        /// <summary>The <c>AwsPatch:CreatedBy</c> tag value: <c>AwsPatch 0.1.0</c>.</summary>
        public static string CreatedBy { get; } = "AwsPatch " + ModuleVersion();

        /// <summary>AWS's time for the session: what snapshot ages (-OlderThan, -NewerThan, retention) are measured against.</summary>
        public DateTime ServiceTime(AwsSession session) => _gateways.Clock(session).UtcNow;

        public async IAsyncEnumerable<Outcome<PatchSnapshot>> CreateAsync(AwsSession session, SnapshotRequest request, Action<SnapshotProgress>? progress, IOperationReporter reporter, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (!RunIds.IsValid(request.RunId))
                throw new ArgumentException($"'{request.RunId}' is not a run id. Run ids look like run-20261122T213000Z-1a2b3c; omit -RunId to get a new one.", nameof(request));

            var ec2 = _gateways.Ec2(session);
            var snapshots = _gateways.Snapshots(session);
            var region = session.RegionName;

            var (valid, malformed) = InstanceIds.Check(request.InstanceIds);
            foreach (var failure in malformed)
                yield return Outcome<PatchSnapshot>.Failed(failure);

            // Lookups and creates follow one retry policy: with -Wait until the wait's deadline, else a listing's budget.
            var retry = new CallRetry(_clock, reporter, $"The snapshots of run {request.RunId}", request.Wait ? _clock.UtcNow + request.Timeout : (DateTime?)null);
            var lookup = await LookUpInstancesAsync(ec2, valid, retry, cancellationToken).ConfigureAwait(false);
            var targets = new List<Ec2InstanceRecord>();
            foreach (var id in valid)
            {
                if (lookup.Failures.TryGetValue(id, out var failure))
                    yield return Outcome<PatchSnapshot>.Failed(failure);
                else if (!lookup.Instances.TryGetValue(id, out var instance))
                    yield return Outcome<PatchSnapshot>.Failed(SnapshotFailures.InstanceNotFound(id, region));
                else if (instance.EbsVolumes.Count == 0 || (request.RootVolumeOnly && RootVolumeOf(instance) == null))
                    yield return Outcome<PatchSnapshot>.Failed(SnapshotFailures.NoEbsVolumes(id, request.RootVolumeOnly));
                else
                    targets.Add(instance);
            }

            // Creates run a few at a time, paced to CreateSnapshots' bucket; results come back in input order as they finish.
            using var gate = new SemaphoreSlim(CreatesInFlight);
            var creations = targets.Select(instance => CreateOneAsync(session, snapshots, instance, request, gate, retry, reporter, cancellationToken)).ToList();
            var created = new List<SnapshotSet>();
            foreach (var creation in creations)
            {
                var outcome = await creation.ConfigureAwait(false);
                if (outcome.Failure != null)
                {
                    yield return Outcome<PatchSnapshot>.Failed(outcome.Failure);
                    continue;
                }
                reporter.Verbose($"Snapshot set of {outcome.Set!.InstanceId} started: {string.Join(", ", outcome.Set.Snapshots.Select(s => s.SnapshotId))}.");
                if (request.Wait)
                    created.Add(outcome.Set);
                else
                    yield return Outcome<PatchSnapshot>.Success(outcome.Set.ToPatchSnapshot(region, null));
            }

            if (!request.Wait || created.Count == 0)
                yield break;

            await foreach (var outcome in WaitAsync(snapshots, _gateways.Clock(session), request, created, region, progress, reporter, cancellationToken).ConfigureAwait(false))
                yield return outcome;
        }

        private async IAsyncEnumerable<Outcome<PatchSnapshot>> WaitAsync(ISnapshotGateway snapshots, ServiceClock clock, SnapshotRequest request, List<SnapshotSet> sets, string region, Action<SnapshotProgress>? progress, IOperationReporter reporter, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var retry = new WaitRetry(_clock, reporter, $"the snapshots of run {request.RunId}", _clock.UtcNow + request.Timeout, request.PollInterval);
            var open = new List<SnapshotSet>(sets);
            var done = 0;
            var failed = false;
            Report(progress, open, done, sets.Count);
            while (open.Count > 0)
            {
                var left = retry.Deadline - _clock.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    foreach (var set in open)
                        yield return Outcome<PatchSnapshot>.Failed(SnapshotFailures.Timeout(set, request.Timeout, region));
                    yield break;
                }

                // After a failed poll the back-off was the wait; otherwise one poll interval.
                if (!failed)
                    await _clock.DelayAsync(left < request.PollInterval ? left : request.PollInterval, cancellationToken).ConfigureAwait(false);
                failed = false;

                var (seen, failure) = await WaitRetry.PollAsync(() => ListRunAsync(snapshots, request.RunId, cancellationToken)).ConfigureAwait(false);
                if (failure != null)
                {
                    if (!WaitRetry.IsTransient(failure))
                    {
                        foreach (var set in open)
                            yield return Outcome<PatchSnapshot>.Failed(SnapshotFailures.WaitFailed(set, region, failure));
                        yield break;
                    }
                    failed = true;
                    await retry.BackOffAsync(failure, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                retry.Succeeded();

                var now = clock.UtcNow;
                foreach (var set in open.ToList())
                {
                    set.Update(seen);
                    var state = set.State;
                    if (state == SnapshotSet.Pending)
                        continue;
                    open.Remove(set);
                    done++;
                    progress?.Invoke(new SnapshotProgress(set.InstanceId, set.Progress, state, done, sets.Count));
                    yield return state == SnapshotSet.Completed
                        ? Outcome<PatchSnapshot>.Success(set.ToPatchSnapshot(region, now))
                        : Outcome<PatchSnapshot>.Failed(SnapshotFailures.SnapshotFailed(set, region));
                }
                Report(progress, open, done, sets.Count);
            }
        }

        /// <summary>One poll cycle: every snapshot of the run, all pages, one DescribeSnapshots per 1,000 snapshots.</summary>
        private static async Task<Dictionary<string, Ec2SnapshotRecord>> ListRunAsync(ISnapshotGateway snapshots, string runId, CancellationToken cancellationToken)
        {
            var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["tag:" + RunIds.TagKey] = new[] { runId } };
            var seen = new Dictionary<string, Ec2SnapshotRecord>(StringComparer.Ordinal);
            await foreach (var record in Pages.AllAsync(token => snapshots.DescribeSnapshotsAsync(filters, SnapshotPageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                seen[record.SnapshotId] = record;
            return seen;
        }

        private static void Report(Action<SnapshotProgress>? progress, List<SnapshotSet> open, int done, int total)
        {
            if (progress == null)
                return;
            foreach (var set in open)
                progress(new SnapshotProgress(set.InstanceId, set.Progress, set.State, done, total));
        }

        private async Task<CreateOutcome> CreateOneAsync(AwsSession session, ISnapshotGateway snapshots, Ec2InstanceRecord instance, SnapshotRequest request, SemaphoreSlim gate, CallRetry retry, IOperationReporter reporter, CancellationToken cancellationToken)
        {
            var region = session.RegionName;
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var root = RootVolumeOf(instance);
                var excluded = request.RootVolumeOnly
                    ? instance.EbsVolumes.Select(v => v.Value).Where(v => !string.Equals(v, root, StringComparison.Ordinal)).ToList()
                    : new List<string>();
                var description = request.RootVolumeOnly
                    ? $"AwsPatch pre-patch snapshot of {instance.InstanceId} (run {request.RunId}, root volume only)"
                    : $"AwsPatch pre-patch snapshot of {instance.InstanceId} (run {request.RunId})";
                // A CreateSnapshots that failed otherwise than throttled may have created the set: look for it before creating again.
                var records = await retry.RunAsync(() => CreatePacedAsync(session, snapshots, instance, excluded, description, request, gate, reporter, cancellationToken), cancellationToken,
                    failure => failure.Kind == AwsErrorKind.Throttled ? Task.FromResult<IReadOnlyList<Ec2SnapshotRecord>?>(null) : FindCreatedAsync(snapshots, instance.InstanceId, request.RunId, cancellationToken)).ConfigureAwait(false);
                if (records.Count == 0)
                    return new CreateOutcome(null, SnapshotFailures.NoEbsVolumes(instance.InstanceId, request.RootVolumeOnly));
                return new CreateOutcome(new SnapshotSet(instance.InstanceId, request.RunId, records, root, VolumeOrder(instance)), null);
            }
            catch (AwsCallException ex)
            {
                return new CreateOutcome(null, SnapshotFailures.CreateFailed(instance.InstanceId, region, ex));
            }
            finally
            {
                gate.Release();
            }
        }

        /// <summary>
        /// One CreateSnapshots, paced. A throttled answer created nothing, so it slows down and sends it again (up to
        /// <see cref="MaxThrottledRounds"/>). ConcurrentSnapshotLimitExceeded (a volume has as many pending snapshots as EBS
        /// allows) created nothing either: it gives its slot to others, waits a poll interval and sends it again, until the
        /// wait's timeout.
        /// </summary>
        private async Task<IReadOnlyList<Ec2SnapshotRecord>> CreatePacedAsync(AwsSession session, ISnapshotGateway snapshots, Ec2InstanceRecord instance, IReadOnlyList<string> excluded, string description, SnapshotRequest request, SemaphoreSlim gate, IOperationReporter reporter, CancellationToken cancellationToken)
        {
            var busyUntil = _clock.UtcNow + request.Timeout;
            var toldBusy = false;
            for (var round = 1; ; round++)
            {
                if (_pacer != null)
                    await _pacer.WaitAsync(session, CreateOperation, cancellationToken).ConfigureAwait(false);
                try
                {
                    return await snapshots.CreateSnapshotsAsync(instance.InstanceId, excluded, description, TagsFor(instance, request.RunId), cancellationToken).ConfigureAwait(false);
                }
                catch (AwsCallException ex) when (ex.ErrorCode == ConcurrentLimitCode && _clock.UtcNow + request.PollInterval <= busyUntil)
                {
                    if (!toldBusy)
                        reporter.Verbose($"{instance.InstanceId}: a volume of it has as many pending snapshots as EBS allows (5 a volume, 1 for st1/sc1); waiting for them to complete before taking this set ({ex.Message.TrimEnd('.')}).");
                    toldBusy = true;
                    gate.Release();
                    try
                    {
                        await _clock.DelayAsync(request.PollInterval, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    round = 0;
                }
                catch (AwsCallException ex) when (ex.Kind == AwsErrorKind.Throttled && ex.ErrorCode != ConcurrentLimitCode && round < MaxThrottledRounds)
                {
                    _pacer?.Throttled(session, CreateOperation);
                }
            }
        }

        /// <summary>The snapshots run <paramref name="runId"/> already created of the instance (by their RunId and InstanceId tags); null when none.</summary>
        private static async Task<IReadOnlyList<Ec2SnapshotRecord>?> FindCreatedAsync(ISnapshotGateway snapshots, string instanceId, string runId, CancellationToken cancellationToken)
        {
            var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
            {
                ["tag:" + RunIds.TagKey] = new[] { runId },
                ["tag:" + RunIds.InstanceTagKey] = new[] { instanceId },
            };
            var found = new List<Ec2SnapshotRecord>();
            await foreach (var record in Pages.AllAsync(token => snapshots.DescribeSnapshotsAsync(filters, SnapshotPageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                found.Add(record);
            return found.Count > 0 ? found : null;
        }

        internal static Dictionary<string, string> TagsFor(Ec2InstanceRecord instance, string runId)
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in CopiedInstanceTags)
            {
                if (instance.Tags.TryGetValue(key, out var value))
                    tags[key] = value;
            }
            tags[RunIds.TagKey] = runId;
            tags[RunIds.InstanceTagKey] = instance.InstanceId;
            tags[RunIds.CreatedByTagKey] = CreatedBy;
            return tags;
        }

        internal static string? RootVolumeOf(Ec2InstanceRecord instance) =>
            instance.EbsVolumes.FirstOrDefault(v => string.Equals(v.Key, instance.RootDeviceName, StringComparison.Ordinal)).Value;

        private static List<string> VolumeOrder(Ec2InstanceRecord instance)
        {
            var root = RootVolumeOf(instance);
            var order = new List<string>();
            if (root != null)
                order.Add(root);
            order.AddRange(instance.EbsVolumes.Select(v => v.Value).Where(v => !string.Equals(v, root, StringComparison.Ordinal)));
            return order;
        }

        /// <summary>DescribeInstances by id, 200 ids a call, every page; a failed batch fails its ids only.</summary>
        private static async Task<InstanceLookup> LookUpInstancesAsync(IEc2Gateway ec2, IReadOnlyList<string> ids, CallRetry retry, CancellationToken cancellationToken)
        {
            var lookup = new InstanceLookup();
            foreach (var filters in Ec2FilterBatches.Calls(NoFilters, "instance-id", ids))
            {
                var batch = filters["instance-id"];
                try
                {
                    await foreach (var instance in Pages.AllAsync(token => retry.RunAsync(() => ec2.DescribeInstancesAsync(filters, InstanceService.Ec2PageSize, token, cancellationToken), cancellationToken), cancellationToken).ConfigureAwait(false))
                        lookup.Instances[instance.InstanceId] = instance;
                }
                catch (AwsCallException ex)
                {
                    foreach (var id in batch)
                        lookup.Failures[id] = SnapshotFailures.LookupFailed(id, ex);
                }
            }
            return lookup;
        }

        internal static async IAsyncEnumerable<Ec2InstanceRecord> DescribeAllAsync(IEc2Gateway ec2, IReadOnlyDictionary<string, IReadOnlyList<string>> filters, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var instance in Pages.AllAsync(token => ec2.DescribeInstancesAsync(filters, InstanceService.Ec2PageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                yield return instance;
        }

        private static string ModuleVersion()
        {
            var version = typeof(SnapshotService).Assembly.GetName().Version;
            return version is null ? "0.0.0" : $"{version.Major}.{version.Minor}.{version.Build}";
        }

        private sealed class InstanceLookup
        {
            public Dictionary<string, Ec2InstanceRecord> Instances { get; } = new Dictionary<string, Ec2InstanceRecord>(StringComparer.Ordinal);

            public Dictionary<string, ItemFailure> Failures { get; } = new Dictionary<string, ItemFailure>(StringComparer.Ordinal);
        }

        private sealed class CreateOutcome
        {
            public CreateOutcome(SnapshotSet? set, ItemFailure? failure)
            {
                Set = set;
                Failure = failure;
            }

            public SnapshotSet? Set { get; }

            public ItemFailure? Failure { get; }
        }
    }
}
