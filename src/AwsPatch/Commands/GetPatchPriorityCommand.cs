using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Common;
using AwsPatch.Findings;

namespace AwsPatch.Commands
{
    /// <summary>Rolls findings up per instance and ranks the instances: what to patch first.</summary>
    [Cmdlet(VerbsCommon.Get, "PatchPriority", DefaultParameterSetName = FindingSet, SupportsPaging = true)]
    [OutputType(typeof(PatchPriority))]
    [OutputType(typeof(PatchPrioritySummary))]
    public sealed class GetPatchPriorityCommand : AsyncAwsCmdlet
    {
        private const string FindingSet = "Finding";
        private const string InstanceSet = "Instance";
        private const string InstanceIdSet = "InstanceId";

        private readonly PriorityCalculator _calculator = new PriorityCalculator();
        private readonly SessionBatches<string> _lookups = new SessionBatches<string>();

        // Ids to look up in several regions or accounts, per set of sessions: gathered like _lookups, looked up at the end.
        private readonly List<(IReadOnlyList<AwsSession> Sessions, List<string> Ids)> _located = new List<(IReadOnlyList<AwsSession> Sessions, List<string> Ids)>();

        // Instances whose findings could not be listed: left out of the ranking.
        private readonly HashSet<string> _unknown = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Findings from Get-PatchFinding.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = FindingSet)]
        public PatchFinding[] Finding { get; set; } = Array.Empty<PatchFinding>();

        /// <summary>Instances from Get-PatchInstance: their findings are fetched, and their tags and public address count.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InstanceSet)]
        public PatchInstance[] Instance { get; set; } = Array.Empty<PatchInstance>();

        /// <summary>Instance ids (or any object with an InstanceId property): their findings are fetched.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = InstanceIdSet)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        /// <summary>One roll-up per account and region (<see cref="PatchPrioritySummary"/>) instead of one object per instance.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <summary>Findings alone need no AWS call, so no credentials or region either.</summary>
        protected override bool NeedsSession => ParameterSetName != FindingSet;

        /// <summary>Instances and ids are looked up in every region and account given (-Region, -RoleArn, -AccountId/-RoleName).</summary>
        protected override bool SupportsFanOut => true;

        protected override Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            IReadOnlyList<string> ids;
            switch (ParameterSetName)
            {
                case FindingSet:
                    foreach (var finding in Finding)
                        _calculator.Add(finding);
                    return Task.CompletedTask;
                case InstanceSet:
                    foreach (var instance in Instance)
                        _calculator.AddInstance(instance.InstanceId, instance.Region, instance.Environment, instance.PatchGroup, !string.IsNullOrEmpty(instance.PublicIpAddress), instance.AccountId);
                    ids = Instance.Select(i => i.InstanceId).ToList();
                    break;
                default:
                    ids = InstanceId;
                    break;
            }
            if (Sessions.Count > 1)
            {
                var located = _located.FirstOrDefault(l => l.Sessions.SequenceEqual(Sessions));
                if (located.Sessions == null)
                    _located.Add(located = (Sessions, new List<string>()));
                located.Ids.AddRange(ids.Where(id => id != null).Select(id => id.Trim()));
            }
            else
            {
                _lookups.Add(Session!, ids);
            }
            return Task.CompletedTask;
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var lookup in _lookups.Drain())
            {
                var query = new FindingQuery { ResourceIds = lookup.Items };
                await AddFindingsAsync(pipe, Services.Findings.GetAsync(lookup.Session, query, pipe, cancellationToken)).ConfigureAwait(false);
                foreach (var id in lookup.Items.Where(Instances.InstanceIds.IsValid))
                    await AddInstanceAsync(lookup.Session, id, pipe, cancellationToken).ConfigureAwait(false);
            }
            foreach (var (sessions, ids) in _located)
                await LocateAsync(pipe, sessions, ids.Distinct(StringComparer.Ordinal).ToList(), cancellationToken).ConfigureAwait(false);

            var ranked = _calculator.Rank(_unknown);
            if (Summary)
                await new PagedWriter(PagingParameters).WriteAllAsync(pipe, PriorityRollup.Summarize(ranked)).ConfigureAwait(false);
            else
                await new PagedWriter(PagingParameters).WriteAllAsync(pipe, ranked).ConfigureAwait(false);
        }

        /// <summary>
        /// Several regions or accounts: the findings of the whole input's ids (10 a query) are read in each at once, and
        /// each instance is ranked where it lives: where its findings are, or, with none, where Inspector covers it. An id no target covers is one warning
        /// (and is not ranked: no account or region has it); a target that fails as a whole is one error naming it.
        /// </summary>
        private async Task LocateAsync(AsyncPipeline pipe, IReadOnlyList<AwsSession> sessions, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            var query = new FindingQuery { ResourceIds = ids };
            var warnings = new HeldWarnings(pipe);
            var listed = new ConcurrentQueue<AwsSession>();
            async IAsyncEnumerable<Outcome<PatchFinding>> FindingsIn(AwsSession session, [EnumeratorCancellation] CancellationToken token)
            {
                await foreach (var outcome in Services.Findings.GetAsync(session, query, warnings.For(session), token).ConfigureAwait(false))
                    yield return outcome;
                listed.Enqueue(session);
            }

            await AddFindingsAsync(pipe, SessionFanOut.LocateAsync(sessions, ids, FindingsIn, f => f.InstanceId, ThrottleLimit, cancellationToken)).ConfigureAwait(false);
            warnings.Release(new HashSet<string>(ids.Select(FindingService.NotCovered), StringComparer.Ordinal), sessions.Count);
            foreach (var session in sessions.Where(listed.Contains))
            {
                foreach (var id in ids.Where(id => Instances.InstanceIds.IsValid(id) && !warnings.Gave(session, FindingService.NotCovered(id))))
                    await AddInstanceAsync(session, id, pipe, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Counts the findings; an instance whose findings could not be listed is left out: ranking it as clean would mislead.</summary>
        private async Task AddFindingsAsync(AsyncPipeline pipe, IAsyncEnumerable<Outcome<PatchFinding>> outcomes)
        {
            await foreach (var outcome in outcomes.ConfigureAwait(false))
            {
                if (outcome.Failure != null)
                {
                    _unknown.Add(outcome.Failure.TargetId);
                    await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure)).ConfigureAwait(false);
                    continue;
                }
                _calculator.Add(outcome.Value!);
            }
        }

        /// <summary>Ranks the instance even with no findings, in <paramref name="session"/>'s region and account (asked for only when no finding named it).</summary>
        private async Task AddInstanceAsync(AwsSession session, string instanceId, AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var account = _calculator.NamesAccount(instanceId) ? null : await AccountOfAsync(session, pipe, cancellationToken).ConfigureAwait(false);
            _calculator.AddInstance(instanceId, session.RegionName, null, null, false, account);
        }
    }
}
