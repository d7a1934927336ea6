using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Commands.Common;
using AwsPatch.Rollouts;

namespace AwsPatch.Commands
{
    /// <summary>
    /// Cuts instances into the waves Invoke-PatchRollout would patch (the same parameters, the same checks and
    /// refusals) and returns them as a plan to inspect, change and pipe to Invoke-PatchRollout. It only reads:
    /// nothing is snapshotted, sent or recorded.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "PatchRolloutPlan")]
    [OutputType(typeof(PatchRolloutPlan))]
    public sealed class NewPatchRolloutPlanCommand : AsyncAwsCmdlet
    {
        private readonly RolloutInput _input = new RolloutInput();

        /// <summary>Instances to plan for; strings or objects with an InstanceId (or Id) property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[]? InstanceId { get; set; }

        /// <summary>Risk from Get-PatchPriority (bound by property name): within a wave, higher risk goes first.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public double RiskScore { get; set; }

        /// <summary>The tag key whose values name the waves (PatchGroup: the patch group, either tag key).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? WaveBy { get; set; }

        /// <summary>The -WaveBy values in wave order.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? WaveOrder { get; set; }

        /// <summary>How many instances of the first wave go first, as a wave of their own.</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int CanaryCount { get; set; }

        /// <summary>The canary as a percentage of the first wave (rounded up).</summary>
        [Parameter]
        [ValidateRange(0.1, 99.9)]
        public double CanaryPercent { get; set; }

        /// <summary>SendCommand's MaxConcurrency: one value for every wave, or one per wave (the canary first).</summary>
        [Parameter]
        [RateControlValue(false)]
        public string[]? MaxConcurrency { get; set; }

        /// <summary>How many instances of a wave may fail (install or gate) before the wave fails: one value, or one per wave.</summary>
        [Parameter]
        [RateControlValue(true)]
        public string[]? MaxErrors { get; set; }

        private bool IsBound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        protected override Task BeginProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            if (IsBound(nameof(CanaryCount)) && IsBound(nameof(CanaryPercent)))
                throw new PSArgumentException("Give -CanaryCount or -CanaryPercent, not both.");
            return Task.CompletedTask;
        }

        protected override Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            _input.UseSession(Session!);
            _input.Add(InstanceId, IsBound(nameof(RiskScore)) ? RiskScore : (double?)null);
            return Task.CompletedTask;
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = _input.SingleSession(MyInvocation.MyCommand.Name);
            if (session == null)
                return;
            var spec = RolloutInput.Spec(WaveBy, WaveOrder, IsBound(nameof(CanaryCount)) ? CanaryCount : (int?)null,
                IsBound(nameof(CanaryPercent)) ? CanaryPercent : (double?)null, MaxConcurrency, MaxErrors);
            var waves = await _input.PlanAsync(session, Services.Rollouts, spec, "ro-plan", pipe, cancellationToken).ConfigureAwait(false);
            await pipe.WriteObjectAsync(new PatchRolloutPlan
            {
                // A plan has no rollout yet: each wave's RunId is given when Invoke-PatchRollout runs it.
                Waves = waves.Select(w => new PatchRolloutWave { Wave = w.Wave, Name = w.Name, InstanceIds = w.InstanceIds, MaxConcurrency = w.MaxConcurrency, MaxErrors = w.MaxErrors }).ToList(),
                LeftOut = _input.LeftOut,
                Region = session.RegionName,
                AccountId = session.AccountId,
                RoleArn = session.RoleArn,
            }).ConfigureAwait(false);
        }
    }
}
