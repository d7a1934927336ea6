using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Findings;
using AwsPatch.Instances;
using AwsPatch.Planning;

namespace AwsPatch.Commands
{
    /// <summary>
    /// Makes a risk-driven patch plan from Get-PatchPriority output: per instance a due date from a documented,
    /// parameterised policy, the first maintenance window with an AWS-RunPatchBaseline Install task that patches it,
    /// and a flag (<c>PatchNow</c>) where no window starts by the due date. Builds objects only and writes nothing to
    /// AWS or disk, so, like New-TimeSpan, it has no ShouldProcess.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "PatchPlan")]
    [OutputType(typeof(PatchPlan))]
    public sealed class NewPatchPlanCommand : AsyncAwsCmdlet
    {
        private readonly Dictionary<AwsSession, List<PatchPriority>> _pending = new Dictionary<AwsSession, List<PatchPriority>>();
        private DueDatePolicy _policy = new DueDatePolicy();

        /// <summary>Risk rollups from Get-PatchPriority.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PatchPriority[] InputObject { get; set; } = Array.Empty<PatchPriority>();

        /// <summary>Due period of an exploitable Critical on an internet-facing production instance (default 24 hours; a TimeSpan or days).</summary>
        [Parameter]
        [AgeTransformation]
        public TimeSpan UrgentWithin { get; set; } = TimeSpan.FromHours(24);

        /// <summary>Due period of other instances with Critical or High findings (default 7 days).</summary>
        [Parameter]
        [AgeTransformation]
        public TimeSpan CriticalHighWithin { get; set; } = TimeSpan.FromDays(7);

        /// <summary>Due period of the rest (default 30 days).</summary>
        [Parameter]
        [AgeTransformation]
        public TimeSpan RoutineWithin { get; set; } = TimeSpan.FromDays(30);

        /// <summary>Do not read CISA KEV due dates (BatchGetFindingDetails): due dates come from the risk tiers only.</summary>
        [Parameter]
        public SwitchParameter IgnoreCisaKev { get; set; }

        protected override Task BeginProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            _policy = new DueDatePolicy { Urgent = UrgentWithin, CriticalHigh = CriticalHighWithin, Routine = RoutineWithin };
            _policy.Validate();
            return Task.CompletedTask;
        }

        protected override Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            if (!_pending.TryGetValue(Session!, out var list))
                _pending[Session!] = list = new List<PatchPriority>();
            list.AddRange(InputObject.Where(p => p != null && !string.IsNullOrEmpty(p.InstanceId)));
            return Task.CompletedTask;
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _pending)
            {
                var session = batch.Key;
                var windows = new List<PatchWindow>();
                await foreach (var window in Services.Windows.GetAsync(session, Array.Empty<string>(), cancellationToken).ConfigureAwait(false))
                    windows.Add(window);
                var instances = new Dictionary<string, PatchInstance>(StringComparer.Ordinal);
                var query = new InstanceQuery { InstanceIds = batch.Value.Select(p => p.InstanceId).Distinct().ToList() };
                await foreach (var outcome in Services.Instances.GetAsync(session, query, pipe, cancellationToken).ConfigureAwait(false))
                {
                    if (outcome.Value != null)
                        instances[outcome.Value.InstanceId] = outcome.Value;
                    else
                        await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure!)).ConfigureAwait(false);
                }
                var kev = await KevAsync(pipe, session, batch.Value, cancellationToken).ConfigureAwait(false);
                var now = Services.Windows.ServiceTime(session);
                foreach (var priority in batch.Value)
                {
                    instances.TryGetValue(priority.InstanceId, out var instance);
                    var plan = PatchPlanner.Plan(priority, instance, windows, _policy, now, kev?.EarliestDue(priority.FindingArns));
                    await pipe.WriteObjectAsync(plan).ConfigureAwait(false);
                }
            }
        }

        // The CISA KEV entries of the rollups' findings. Without them the tiers still give due dates, so a failed
        // lookup is a warning that says which due dates may be too late, not an error that stops the plan.
        // -IgnoreCisaKev is read on the worker: a bound parameter, set before processing starts, is a plain value.
        private async Task<KevLookup?> KevAsync(AsyncPipeline pipe, AwsSession session, IReadOnlyList<PatchPriority> priorities, CancellationToken cancellationToken)
        {
            var arns = priorities.SelectMany(p => p.FindingArns).ToList();
            if (arns.Count == 0 || IgnoreCisaKev)
                return null;
            try
            {
                var kev = await Services.Findings.GetKevAsync(session, arns, cancellationToken).ConfigureAwait(false);
                foreach (var priority in priorities)
                {
                    var failed = kev.Errors.Where(e => priority.FindingArns.Contains(e.FindingArn)).ToList();
                    if (failed.Count > 0)
                        pipe.WriteWarning($"{priority.InstanceId} ({session.Region}): Inspector returned no CISA KEV data for {failed.Count} finding(s) " +
                            $"({failed[0].ErrorCode}: {failed[0].ErrorMessage}); its due date comes from the risk tiers only and may be later than CISA's.");
                }
                return kev;
            }
            catch (AwsCallException ex)
            {
                pipe.WriteWarning($"CISA KEV due dates were not read in {session.Region} ({ex.Message.TrimEnd('.')}); due dates come from the risk tiers only. " +
                    "Allow inspector2:BatchGetFindingDetails to use them.");
                return null;
            }
        }
    }
}
