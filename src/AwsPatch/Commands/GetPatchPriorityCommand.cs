using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
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

        protected override Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            switch (ParameterSetName)
            {
                case FindingSet:
                    foreach (var finding in Finding)
                        _calculator.Add(finding);
                    break;
                case InstanceSet:
                    foreach (var instance in Instance)
                    {
                        _calculator.AddInstance(instance.InstanceId, instance.Region, instance.Environment, instance.PatchGroup, !string.IsNullOrEmpty(instance.PublicIpAddress), instance.AccountId);
                        _lookups.Add(Session!, new[] { instance.InstanceId });
                    }
                    break;
                default:
                    _lookups.Add(Session!, InstanceId);
                    break;
            }
            return Task.CompletedTask;
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            // An instance whose findings could not be listed is left out: ranking it as clean would mislead.
            var unknown = new HashSet<string>(StringComparer.Ordinal);
            foreach (var lookup in _lookups.Drain())
            {
                var query = new FindingQuery { ResourceIds = lookup.Items };
                await foreach (var outcome in Services.Findings.GetAsync(lookup.Session, query, pipe, cancellationToken).ConfigureAwait(false))
                {
                    if (outcome.Failure != null)
                    {
                        unknown.Add(outcome.Failure.TargetId);
                        await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure)).ConfigureAwait(false);
                        continue;
                    }
                    _calculator.Add(outcome.Value!);
                }
                foreach (var id in lookup.Items.Where(Instances.InstanceIds.IsValid))
                {
                    // An instance no finding named the account of is in the session's (STS asked only then).
                    var account = _calculator.NamesAccount(id) ? null : await AccountOfAsync(lookup.Session, pipe, cancellationToken).ConfigureAwait(false);
                    _calculator.AddInstance(id, lookup.Session.RegionName, null, null, false, account);
                }
            }

            var ranked = _calculator.Rank(unknown);
            if (Summary)
                await new PagedWriter(PagingParameters).WriteAllAsync(pipe, PriorityRollup.Summarize(ranked)).ConfigureAwait(false);
            else
                await new PagedWriter(PagingParameters).WriteAllAsync(pipe, ranked).ConfigureAwait(false);
        }
    }
}
