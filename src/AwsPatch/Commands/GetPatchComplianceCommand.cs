using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Commands.Common;
using AwsPatch.Compliance;

namespace AwsPatch.Commands
{
    /// <summary>
    /// Reports each instance's patch compliance from SSM Patch Manager, with a derived compliance state; or, with
    /// -Summary, one roll-up of the states per patch group and environment.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PatchCompliance")]
    [OutputType(typeof(PatchCompliance))]
    [OutputType(typeof(PatchComplianceSummary))]
    public sealed class GetPatchComplianceCommand : AsyncAwsCmdlet
    {
        private readonly SessionBatches<ComplianceTarget> _pending = new SessionBatches<ComplianceTarget>();
        private readonly ComplianceTally _tally = new ComplianceTally();
        private bool _groupMode;
        private string? _environment;
        private string _lastRegion = string.Empty;

        /// <summary>Instance ids; from the pipeline as strings or as objects with an <c>InstanceId</c> property.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[]? InstanceId { get; set; }

        /// <summary>
        /// On the command line: the patch groups to report (DescribeInstancePatchStatesForPatchGroup). From the
        /// pipeline: the piped instance's patch group, shown when Systems Manager has no patch state for it.
        /// </summary>
        /// <remarks>No validation attribute: a piped instance without a patch group binds null here and is still reported.</remarks>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? PatchGroup { get; set; }

        /// <summary>
        /// On the command line: only instances whose <c>Environment</c> tag is this value (looked up in EC2). From the
        /// pipeline: the piped instance's Environment tag, carried onto the output (and the -Summary roll-up).
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Environment { get; set; }

        /// <summary>Only instances in these compliance states.</summary>
        [Parameter]
        [ValidateSet(ComplianceStates.Compliant, ComplianceStates.NonCompliant, ComplianceStates.PendingReboot, ComplianceStates.NotScanned, ComplianceStates.Stale)]
        public string[]? State { get; set; }

        /// <summary>A last scan or install older than this is Stale: a positive TimeSpan or number of days (checked at binding).</summary>
        [Parameter]
        [AgeTransformation]
        public TimeSpan StaleAfter { get; set; } = ComplianceStates.DefaultStaleAfter;

        /// <summary>One roll-up object instead of one object per instance.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        protected override Task BeginProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            // Only what the command line bound is known here: pipeline values bind per record, later.
            var bound = MyInvocation.BoundParameters;
            _groupMode = bound.ContainsKey(nameof(PatchGroup));
            if (_groupMode && (PatchGroup == null || PatchGroup.Length == 0 || PatchGroup.Any(string.IsNullOrWhiteSpace)))
                throw new PSArgumentException("-PatchGroup needs one or more patch group names; an empty name matches no patch group.", nameof(PatchGroup));
            if (_groupMode && bound.ContainsKey(nameof(InstanceId)))
                throw new PSArgumentException("Give -InstanceId or -PatchGroup, not both: -PatchGroup reports every instance with patch state in the group.", nameof(PatchGroup));
            if (bound.ContainsKey(nameof(Environment)))
            {
                if (string.IsNullOrWhiteSpace(Environment))
                    throw new PSArgumentException("-Environment needs the value of the Environment tag to report, for example -Environment production.", nameof(Environment));
                _environment = Environment!.Trim();
            }
            return Task.CompletedTask;
        }

        /// <summary>A listing, a patch group or a lookup by id runs in every region and account given (-Region, -RoleArn, -AccountId/-RoleName).</summary>
        protected override bool SupportsFanOut => true;

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = Session!;
            _lastRegion = session.RegionName;
            if (_groupMode)
            {
                if (InstanceId != null)
                    throw new PSArgumentException("Instances were piped to Get-PatchCompliance -PatchGroup; pipe instances, or give -PatchGroup, not both.", nameof(PatchGroup));
                var byGroup = new ComplianceQuery { PatchGroups = PatchGroup!, Environment = _environment, States = States, StaleAfter = StaleAfter };
                await WriteAsync(pipe, InEverySession((s, token) => Read(s, byGroup, pipe, token), cancellationToken)).ConfigureAwait(false);
                return;
            }

            if (InstanceId == null)
            {
                var all = new ComplianceQuery { Environment = _environment, States = States, StaleAfter = StaleAfter };
                await WriteAsync(pipe, InEverySession((s, token) => Read(s, all, pipe, token), cancellationToken)).ConfigureAwait(false);
                return;
            }

            var group = PatchGroup?.FirstOrDefault();
            var targets = InstanceId.Where(id => id != null).Select(id => new ComplianceTarget(id.Trim(), Environment, group)).ToList();
            if (Sessions.Count > 1)
            {
                // Several regions or accounts: each id is reported from where it lives.
                var query = ForInstances(targets);
                await WriteAsync(pipe, WhereEachLives(targets.Select(t => t.InstanceId).ToList(), (s, token) => Read(s, query, pipe, token), c => c.InstanceId, cancellationToken)).ConfigureAwait(false);
                return;
            }
            if (_pending.Add(session, targets, ComplianceService.IdsPerCall * ComplianceService.Parallelism) is { } batch)
                await WriteAsync(pipe, Read(batch.Session, ForInstances(batch.Items), pipe, cancellationToken)).ConfigureAwait(false);
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _pending.Drain())
                await WriteAsync(pipe, Read(batch.Session, ForInstances(batch.Items), pipe, cancellationToken)).ConfigureAwait(false);
            if (Summary)
                await pipe.WriteObjectAsync(_tally.ToSummary(_lastRegion)).ConfigureAwait(false);
        }

        /// <summary>The patch states of one session, each naming the account it is in.</summary>
        private IAsyncEnumerable<Outcome<PatchCompliance>> Read(AwsSession session, ComplianceQuery query, AsyncPipeline pipe, CancellationToken cancellationToken) =>
            InAccountAsync(session, Services.Compliance.GetAsync(session, query, cancellationToken), pipe, cancellationToken);

        private IReadOnlyCollection<string> States => State ?? Array.Empty<string>();

        private ComplianceQuery ForInstances(IReadOnlyList<ComplianceTarget> targets) =>
            new ComplianceQuery { Instances = targets, Environment = _environment, States = States, StaleAfter = StaleAfter };

        private async Task WriteAsync(AsyncPipeline pipe, IAsyncEnumerable<Outcome<PatchCompliance>> outcomes)
        {
            if (!Summary)
            {
                await WriteOutcomesAsync(pipe, outcomes).ConfigureAwait(false);
                return;
            }

            await foreach (var outcome in outcomes.ConfigureAwait(false))
            {
                if (outcome.Value != null)
                    _tally.Add(outcome.Value);
                else
                    await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure!)).ConfigureAwait(false);
            }
        }
    }
}
