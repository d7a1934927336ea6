using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Instances;

namespace AwsPatch.Compliance
{
    /// <summary>
    /// Patch compliance from SSM Patch Manager. Explicit instances: DescribeInstancePatchStates 50 ids a call,
    /// <see cref="Parallelism"/> calls in flight, results streamed in input order. Patch groups:
    /// DescribeInstancePatchStatesForPatchGroup, page by page. Neither: every managed instance of the region
    /// (DescribeInstanceInformation pages of 50, each page one DescribeInstancePatchStates call, overlapping the next
    /// page's fetch). An instance without patch state comes out NotScanned; a named one Systems Manager does not list is a
    /// failure that says why, from its EC2 state (one DescribeInstances for those ids): stopped (<c>InstanceNotRunning</c>, as a run and a rollout call it:
    /// DescribeInstanceInformation lists no stopped instance, so start it) or not managed (<c>InstanceNotManaged</c>: running
    /// without a registered SSM agent, terminated, or not in the region). One failed call fails its batch's ids and the
    /// other batches go on.
    /// </summary>
    public sealed class ComplianceService
    {
        /// <summary>DescribeInstancePatchStates' InstanceIds limit.</summary>
        public const int IdsPerCall = 50;

        /// <summary>Page size for DescribeInstancePatchStatesForPatchGroup and DescribeInstancePatches (the model's maximum).</summary>
        public const int PageSize = 100;

        /// <summary>Batched calls in flight at once (DescribeInstancePatchStates, 50 instances each).</summary>
        public const int Parallelism = 4;

        /// <summary>
        /// Per-instance DescribeInstancePatches calls in flight at once (one instance a call, the API has no batch form:
        /// a 900-instance gate with 100 to 150 installed patches each is 1,800 calls). Systems Manager publishes no request
        /// rates; the sandbox assumes 40 burst and 20 a second for SSM reads (RequestBuckets.SsmReadLimit, docs/sandbox.md,
        /// "Throttling"). 16 in flight, plus the chunk's one DescribeInstancePatchStates, is under half that burst, so
        /// the reads never throttle each other at once and leave room for a run's 8 polls (RunCommandLimits.PollsInFlight);
        /// past the 20-a-second refill a call is throttled and the SDK retries it with back-off, which paces the listing
        /// to the bucket. Raised from 4, which left a 1,000-instance rollout's gate and tested-set reads 2,000 calls deep.
        /// </summary>
        public const int PatchReadsInFlight = 16;

        private static readonly IReadOnlyList<string> NoIds = Array.Empty<string>();

        private readonly IAwsGateways _gateways;

        /// <summary>-StaleAfter is measured against AWS's time (<see cref="IAwsGateways.Clock"/>), read as each answer arrives.</summary>
        public ComplianceService(IAwsGateways gateways)
        {
            _gateways = gateways;
        }

        public async IAsyncEnumerable<Outcome<PatchCompliance>> GetAsync(AwsSession session, ComplianceQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var clock = _gateways.Clock(session);
            var scope = query.Environment == null ? null
                : await TaggedAsync(session, EnvironmentTag, query.Environment, query.PatchGroups.Count == 0 ? query.Instances.Select(t => t.InstanceId).Where(InstanceIds.IsValid).ToList() : null, cancellationToken).ConfigureAwait(false);
            var outcomes = query.PatchGroups.Count > 0 ? ForPatchGroupsAsync(session, query, scope, clock, cancellationToken)
                : query.Instances.Count > 0 ? ForInstancesAsync(session, query, scope, clock, cancellationToken)
                : ForRegionAsync(session, query, scope, clock, cancellationToken);
            await foreach (var outcome in outcomes.ConfigureAwait(false))
            {
                if (outcome.Value == null)
                    yield return outcome;
                else if (query.States.Count == 0 || query.States.Contains(outcome.Value.ComplianceState))
                    yield return Outcome<PatchCompliance>.Success(outcome.Value.InAccount(session.AccountId));
            }
        }

        private const string EnvironmentTag = "Environment";

        /// <summary>
        /// Which instances have tag <paramref name="key"/> = <paramref name="value"/> (DescribeInstances, every page): among
        /// <paramref name="among"/> (an <c>instance-id</c> filter, cut by <see cref="Ec2FilterBatches"/>), or in the whole
        /// region when it is null or empty.
        /// </summary>
        private async Task<HashSet<string>> TaggedAsync(AwsSession session, string key, string value, IReadOnlyList<string>? among, CancellationToken cancellationToken)
        {
            var ec2 = _gateways.Ec2(session);
            var found = new HashSet<string>(StringComparer.Ordinal);
            var tag = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["tag:" + key] = new[] { value } };
            var calls = among == null || among.Count == 0 ? new IReadOnlyDictionary<string, IReadOnlyList<string>>[] { tag } : Ec2FilterBatches.Calls(tag, "instance-id", among);
            foreach (var filters in calls)
            {
                await foreach (var instance in Pages.AllAsync(token => ec2.DescribeInstancesAsync(filters, InstanceService.Ec2PageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                    found.Add(instance.InstanceId);
            }
            return found;
        }

        /// <summary>The target as reported within the Environment scope (relabelled with it), or null when outside it; itself without a scope.</summary>
        private static ComplianceTarget? Scoped(ComplianceTarget target, HashSet<string>? scope, string? environment) =>
            scope == null ? target
                : scope.Contains(target.InstanceId) ? new ComplianceTarget(target.InstanceId, environment, target.PatchGroup)
                : null;

        /// <summary>
        /// The patches of each instance (DescribeInstancePatches, every page), <see cref="PatchReadsInFlight"/> instances at
        /// once, in input order. One DescribeInstancePatchStates per <see cref="IdsPerCall"/> instances tells apart an
        /// instance with nothing to list from one Patch Manager never scanned: the latter gets a warning, not silence.
        /// </summary>
        public async IAsyncEnumerable<Outcome<PatchMissing>> GetPatchesAsync(AwsSession session, PatchQuery query, IOperationReporter reporter, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var gateway = _gateways.PatchStates(session);
            var (valid, malformed) = InstanceIds.Check(query.InstanceIds);
            foreach (var failure in malformed)
                yield return Outcome<PatchMissing>.Failed(failure);

            // One fan-out over every instance (a chunk's last reads overlap the next chunk's first), each chunk of
            // IdsPerCall asking its DescribeInstancePatchStates as its first instance is read.
            var scans = new List<Task<HashSet<string>?>>();
            IEnumerable<(string Id, Task<HashSet<string>?> Scanned)> Instances()
            {
                for (var i = 0; i < valid.Count; i++)
                {
                    if (i % IdsPerCall == 0)
                        scans.Add(ScannedAsync(gateway, valid.GetRange(i, Math.Min(IdsPerCall, valid.Count - i)), reporter, cancellationToken));
                    yield return (valid[i], scans[scans.Count - 1]);
                }
            }
            var perInstance = OrderedFanOut.SelectAsync(OrderedFanOut.ToAsync(Instances()),
                async (instance, ct) => (instance.Id, instance.Scanned, Outcomes: await PatchesOfAsync(gateway, session.RegionName, instance.Id, query, ct).ConfigureAwait(false)), PatchReadsInFlight, cancellationToken);
            await foreach (var listed in perInstance.ConfigureAwait(false))
            {
                foreach (var outcome in listed.Outcomes)
                    yield return outcome.Value == null ? outcome : Outcome<PatchMissing>.Success(outcome.Value.InAccount(session.AccountId));
                if (listed.Outcomes.Count == 0 && await listed.Scanned.ConfigureAwait(false) is { } scanned && !scanned.Contains(listed.Id))
                {
                    reporter.Warning($"Instance {listed.Id} has no patch state in {session.RegionName}: Patch Manager has never scanned it, so it has no patch list yet. "
                        + "Scan it first (Invoke-PatchRun -Operation Scan -Wait), then run Get-PatchMissing again.");
                }
            }
            await Task.WhenAll(scans).ConfigureAwait(false);
        }

        /// <summary>Which of the instances have a patch state; null (after a warning) when that cannot be read.</summary>
        private static async Task<HashSet<string>?> ScannedAsync(IPatchStateGateway gateway, IReadOnlyList<string> ids, IOperationReporter reporter, CancellationToken cancellationToken)
        {
            try
            {
                return new HashSet<string>((await StatesOfAsync(gateway, ids, cancellationToken).ConfigureAwait(false)).Keys, StringComparer.Ordinal);
            }
            catch (AwsCallException ex)
            {
                reporter.Warning($"Could not read the patch state of {ids.Count} instance(s), so instances never scanned cannot be told apart from instances with nothing to list: {ex.Message}");
                return null;
            }
        }

        private async IAsyncEnumerable<Outcome<PatchCompliance>> ForInstancesAsync(AwsSession session, ComplianceQuery query, HashSet<string>? scope, ServiceClock clock, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var valid = new List<ComplianceTarget>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var target in query.Instances.Where(t => seen.Add(t.InstanceId)))
            {
                if (!InstanceIds.IsValid(target.InstanceId))
                    yield return Outcome<PatchCompliance>.Failed(InstanceIds.Malformed(target.InstanceId));
                else if (Scoped(target, scope, query.Environment) is { } scoped)
                    valid.Add(scoped);
            }

            var batches = Enumerable.Range(0, (valid.Count + IdsPerCall - 1) / IdsPerCall)
                .Select(n => (IReadOnlyList<ComplianceTarget>)valid.GetRange(n * IdsPerCall, Math.Min(IdsPerCall, valid.Count - n * IdsPerCall)));
            await foreach (var outcome in LookupAllAsync(session, OrderedFanOut.ToAsync(batches), verifyManaged: true, query, clock, cancellationToken).ConfigureAwait(false))
                yield return outcome;
        }

        private IAsyncEnumerable<Outcome<PatchCompliance>> ForRegionAsync(AwsSession session, ComplianceQuery query, HashSet<string>? scope, ServiceClock clock, CancellationToken cancellationToken) =>
            LookupAllAsync(session, ManagedInstancesAsync(_gateways.Ssm(session), scope, query.Environment, cancellationToken), verifyManaged: false, query, clock, cancellationToken);

        private async IAsyncEnumerable<Outcome<PatchCompliance>> LookupAllAsync(AwsSession session, IAsyncEnumerable<IReadOnlyList<ComplianceTarget>> batches, bool verifyManaged, ComplianceQuery query, ServiceClock clock, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var states = _gateways.PatchStates(session);
            var ssm = _gateways.Ssm(session);
            var ec2 = _gateways.Ec2(session);
            var results = OrderedFanOut.SelectAsync(batches, (batch, ct) => LookupAsync(states, ssm, ec2, session.RegionName, batch, verifyManaged, query.StaleAfter, clock, ct), Parallelism, cancellationToken);
            await foreach (var outcomes in results.ConfigureAwait(false))
            {
                foreach (var outcome in outcomes)
                    yield return outcome;
            }
        }

        /// <summary>Every managed instance of the region, one DescribeInstanceInformation page (50) at a time.</summary>
        private static async IAsyncEnumerable<IReadOnlyList<ComplianceTarget>> ManagedInstancesAsync(ISsmGateway ssm, HashSet<string>? scope, string? environment, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var page in Pages.EachAsync(token => ssm.DescribeInstanceInformationAsync(NoIds, IdsPerCall, token, cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                var targets = page.Select(i => Scoped(new ComplianceTarget(i.InstanceId), scope, environment)).OfType<ComplianceTarget>().ToList();
                if (targets.Count > 0)
                    yield return targets;
            }
        }

        private static async Task<List<Outcome<PatchCompliance>>> LookupAsync(IPatchStateGateway gateway, ISsmGateway ssm, IEc2Gateway ec2, string region, IReadOnlyList<ComplianceTarget> batch, bool verifyManaged, TimeSpan staleAfter, ServiceClock clock, CancellationToken cancellationToken)
        {
            var ids = batch.Select(t => t.InstanceId).ToList();
            Dictionary<string, PatchCompliance> found;
            var managed = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                found = await StatesOfAsync(gateway, ids, cancellationToken).ConfigureAwait(false);

                // No patch state: never scanned, or not an instance Systems Manager manages at all. Only SSM can tell.
                var unknown = ids.Where(id => !found.ContainsKey(id)).ToList();
                if (verifyManaged && unknown.Count > 0)
                    managed.UnionWith((await SsmInstanceLookup.ManagedAsync(ssm, unknown, IdsPerCall, cancellationToken).ConfigureAwait(false)).Select(i => i.InstanceId));
            }
            catch (AwsCallException ex)
            {
                return batch.Select(t => Outcome<PatchCompliance>.Failed(LookupFailed(t.InstanceId, ex))).ToList();
            }

            var unlisted = verifyManaged ? ids.Where(id => !found.ContainsKey(id) && !managed.Contains(id)).ToList() : new List<string>();
            var why = unlisted.Count == 0 ? null : await UnlistedAsync(ec2, region, unlisted, cancellationToken).ConfigureAwait(false);
            var now = clock.UtcNow;
            return batch.Select(target =>
            {
                found.TryGetValue(target.InstanceId, out var state);
                if (why != null && why.TryGetValue(target.InstanceId, out var failure))
                    return Outcome<PatchCompliance>.Failed(failure);
                return Outcome<PatchCompliance>.Success(Map(target, state, region, ComplianceStates.Derive(state, now, staleAfter)));
            }).ToList();
        }

        /// <summary>
        /// Why Systems Manager lists none of <paramref name="ids"/>, from their EC2 state (DescribeInstances by
        /// <c>instance-id</c> filter, so an id EC2 does not know is absent rather than an error): stopped, running without
        /// a registered agent, gone, or unknown. When EC2 cannot be asked, each gets the failure that names both causes.
        /// </summary>
        private static async Task<Dictionary<string, ItemFailure>> UnlistedAsync(IEc2Gateway ec2, string region, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            var states = new Dictionary<string, string>(StringComparer.Ordinal);
            AwsCallException? failed = null;
            try
            {
                foreach (var filters in Ec2FilterBatches.Calls(new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal), "instance-id", ids))
                {
                    await foreach (var instance in Pages.AllAsync(token => ec2.DescribeInstancesAsync(filters, InstanceService.Ec2PageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                        states[instance.InstanceId] = instance.State;
                }
            }
            catch (AwsCallException ex)
            {
                failed = ex;
            }

            return ids.ToDictionary(id => id, id => states.TryGetValue(id, out var state) ? Unlisted(id, region, state) : failed == null ? NotInRegion(id, region) : NotManaged(id, region, failed), StringComparer.Ordinal);
        }

        /// <summary>The failure for an instance EC2 has in <paramref name="state"/> and Systems Manager does not list.</summary>
        private static ItemFailure Unlisted(string id, string region, string state) => state switch
        {
            "stopped" or "stopping" => new ItemFailure(
                id,
                "InstanceNotRunning",
                AwsErrorKind.InvalidInput,
                $"Instance {id} is {state} in {region} and Patch Manager has never reported on it, so it has no patch compliance yet: Systems Manager lists no stopped instance.",
                $"Start the instance (Start-EC2Instance -InstanceId {id}), wait until Get-PatchInstance shows its SSM agent Online, scan it (Invoke-PatchRun -Operation Scan -Wait), then run Get-PatchCompliance again."),
            "terminated" or "shutting-down" => new ItemFailure(
                id,
                "InstanceNotManaged",
                AwsErrorKind.NotFound,
                $"Instance {id} is {state} in {region}, so Systems Manager no longer manages it and it has no patch compliance.",
                "Leave it out; Get-PatchInstance -ManagedOnly lists the instances Systems Manager manages."),
            _ => new ItemFailure(
                id,
                "InstanceNotManaged",
                AwsErrorKind.NotFound,
                $"Instance {id} is {state} in {region}, but Systems Manager does not manage it: its SSM agent is not registered, so Patch Manager has no compliance for it.",
                "Install and register the SSM agent (attach an instance profile with AmazonSSMManagedInstanceCore, or turn on Default Host Management Configuration) and check that it reaches Systems Manager; "
                + "Get-PatchInstance -ManagedOnly lists the instances Systems Manager manages."),
        };

        /// <summary>The patch state of each of the instances that has one (DescribeInstancePatchStates, every page); at most <see cref="IdsPerCall"/> ids.</summary>
        private static async Task<Dictionary<string, PatchCompliance>> StatesOfAsync(IPatchStateGateway gateway, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            var found = new Dictionary<string, PatchCompliance>(StringComparer.Ordinal);
            await foreach (var state in Pages.AllAsync(token => gateway.DescribeInstancePatchStatesAsync(ids, IdsPerCall, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                found[state.InstanceId] = state;
            return found;
        }

        private async IAsyncEnumerable<Outcome<PatchCompliance>> ForPatchGroupsAsync(AwsSession session, ComplianceQuery query, HashSet<string>? scope, ServiceClock clock, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var gateway = _gateways.PatchStates(session);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in query.PatchGroups.Distinct(StringComparer.Ordinal))
            {
                await foreach (var page in Pages.EachAsync(token => gateway.DescribeInstancePatchStatesForPatchGroupAsync(group, PageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                {
                    var now = clock.UtcNow;
                    foreach (var state in page.Where(s => seen.Add(s.InstanceId)))
                    {
                        if (Scoped(new ComplianceTarget(state.InstanceId, null, group), scope, query.Environment) is { } target)
                            yield return Outcome<PatchCompliance>.Success(Map(target, state, session.RegionName, ComplianceStates.Derive(state, now, query.StaleAfter)));
                    }
                }
            }
        }

        private static async Task<List<Outcome<PatchMissing>>> PatchesOfAsync(IPatchStateGateway gateway, string region, string instanceId, PatchQuery query, CancellationToken cancellationToken)
        {
            var results = new List<Outcome<PatchMissing>>();
            try
            {
                await foreach (var patch in Pages.AllAsync(token => gateway.DescribeInstancePatchesAsync(instanceId, query.States, query.Severities, PageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                    results.Add(Outcome<PatchMissing>.Success(patch));
            }
            catch (AwsCallException ex) when (ex.ErrorCode == "InvalidInstanceId")
            {
                return new List<Outcome<PatchMissing>> { Outcome<PatchMissing>.Failed(NotManaged(instanceId, region)) };
            }
            catch (AwsCallException ex)
            {
                // What was read before the failure still comes out; the instance also gets the error.
                results.Add(Outcome<PatchMissing>.Failed(LookupFailed(instanceId, ex)));
            }

            return results;
        }

        /// <summary>The output for one target: its patch state as the gateway read it, or, without one, the target alone.</summary>
        private static PatchCompliance Map(ComplianceTarget target, PatchCompliance? state, string region, string complianceState) =>
            state?.For(SafeText.Of(target.Environment), SafeText.Of(target.PatchGroup), complianceState) ?? new PatchCompliance
            {
                InstanceId = target.InstanceId,
                PatchGroup = SafeText.Of(target.PatchGroup),
                Environment = SafeText.Of(target.Environment),
                ComplianceState = complianceState,
                Region = region,
            };

        /// <summary>
        /// Not listed by Systems Manager, for a reason not known: the instance does not exist in the region, is stopped, or
        /// has no registered agent. <paramref name="ec2Failed"/>: EC2 was asked and could not say.
        /// </summary>
        private static ItemFailure NotManaged(string id, string region, AwsCallException? ec2Failed = null) => new ItemFailure(
            id,
            "InstanceNotManaged",
            AwsErrorKind.NotFound,
            $"Systems Manager has no managed instance {id} in {region}, so it has no patch compliance: the instance does not exist there, is stopped, or its SSM agent is not registered."
                + (ec2Failed == null ? string.Empty : $" Its EC2 state could not be read to tell which: {ec2Failed.Message}"),
            NotManagedAction,
            ec2Failed);

        /// <summary>Neither Systems Manager nor EC2 knows the instance in the region.</summary>
        private static ItemFailure NotInRegion(string id, string region) => new ItemFailure(
            id,
            "InstanceNotManaged",
            AwsErrorKind.NotFound,
            $"There is no instance {id} in {region}: neither Systems Manager nor EC2 lists it, so it has no patch compliance.",
            NotManagedAction);

        private const string NotManagedAction =
            "Check the instance id and the region (-Region, or pipe objects that carry a Region property); Get-PatchInstance -ManagedOnly lists the instances Systems Manager manages.";

        private static ItemFailure LookupFailed(string id, AwsCallException ex) => new ItemFailure(
            id,
            "ComplianceLookupFailed",
            ex.Kind,
            $"Could not read the patch compliance of instance {id}: {ex.Message}",
            // The advice of the failed call's kind (wrong secret, unknown key, clock, access), as every AWS error record carries.
            AwsErrors.ActionFor(ex),
            ex);
    }
}
