using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Common;
using AwsPatch.Rollouts;

namespace AwsPatch.Commands
{
    /// <summary>
    /// Patches instances in waves (canary, then each -WaveOrder value, or a plan's waves): each wave is a snapshotted
    /// Install run pinned to one baseline snapshot, gated (installs, agent and status checks, a compliant Scan, the
    /// tested patch set, an optional health check) before the next starts; a failed wave stops the rollout and, with
    /// -RollbackOnFailure, is restored from its pre-patch snapshots. Recorded in Parameter Store, resumable.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PatchRollout", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PlanSet)]
    [OutputType(typeof(PatchRolloutResult))]
    public sealed class InvokePatchRolloutCommand : RolloutCmdlet
    {
        // Plan is the default set so that a piped plan binds to -Plan: PowerShell binds pipeline input to the
        // default set's parameters first, and a plan would otherwise be coerced to a string for -InstanceId.
        private const string InstanceSet = "InstanceId";
        private const string PlanSet = "Plan";

        private readonly RolloutInput _input = new RolloutInput();
        private readonly List<PatchRolloutWave> _planWaves = new List<PatchRolloutWave>();

        /// <summary>Instances to roll out to; strings or objects with an InstanceId (or Id) property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = InstanceSet)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[]? InstanceId { get; set; }

        /// <summary>A plan from New-PatchRolloutPlan (or saved with Export-Clixml and read back with Import-Clixml): its waves are run exactly as they are.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PlanSet)]
        [RolloutPlanTransformation]
        public PatchRolloutPlan? Plan { get; set; }

        /// <summary>Risk from Get-PatchPriority (bound by property name): within a wave, higher risk goes first.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = InstanceSet)]
        public double RiskScore { get; set; }

        /// <summary>The tag key whose values name the waves (PatchGroup: the patch group, either tag key).</summary>
        [Parameter(ParameterSetName = InstanceSet)]
        [ValidateNotNullOrEmpty]
        public string? WaveBy { get; set; }

        /// <summary>The -WaveBy values in wave order.</summary>
        [Parameter(ParameterSetName = InstanceSet)]
        [ValidateNotNullOrEmpty]
        public string[]? WaveOrder { get; set; }

        /// <summary>How many instances of the first wave go first, as a wave of their own.</summary>
        [Parameter(ParameterSetName = InstanceSet)]
        [ValidateRange(1, 10000)]
        public int CanaryCount { get; set; }

        /// <summary>The canary as a percentage of the first wave (rounded up).</summary>
        [Parameter(ParameterSetName = InstanceSet)]
        [ValidateRange(0.1, 99.9)]
        public double CanaryPercent { get; set; }

        /// <summary>SendCommand's MaxConcurrency: one value for every wave, or one per wave (the canary first).</summary>
        [Parameter(ParameterSetName = InstanceSet)]
        [RateControlValue(false)]
        public string[]? MaxConcurrency { get; set; }

        /// <summary>How many instances of a wave may fail (install or gate) before the wave fails: one value, or one per wave.</summary>
        [Parameter(ParameterSetName = InstanceSet)]
        [RateControlValue(true)]
        public string[]? MaxErrors { get; set; }

        [Parameter]
        [ValidateSet("RebootIfNeeded", "NoReboot")]
        public string RebootOption { get; set; } = "RebootIfNeeded";

        /// <summary>The wait after a wave passes its gates before the next wave starts.</summary>
        [Parameter]
        public TimeSpan Soak { get; set; }

        /// <summary>Restore every instance of a failed wave whose install or gate failed from its pre-patch snapshot.</summary>
        [Parameter]
        public SwitchParameter RollbackOnFailure { get; set; }

        /// <summary>Patch without pre-patch snapshots (then nothing can be rolled back).</summary>
        [Parameter]
        public SwitchParameter SkipSnapshot { get; set; }

        /// <summary>
        /// A CloudWatch alarm sent with every wave's install command (SendCommand AlarmConfiguration): when it goes to
        /// ALARM, Systems Manager stops the command and the wave fails its Alarm gate.
        /// </summary>
        [Parameter]
        [ValidateLength(1, 255)]
        [ValidatePattern(@"\S")]
        public string? AlarmName { get; set; }

        /// <summary>The rollout's id; a new <c>ro-…</c> id by default.</summary>
        [Parameter]
        [ValidatePattern(RolloutIds.Pattern)]
        public string? RolloutId { get; set; }


        protected override Task BeginProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            if (SkipSnapshot && RollbackOnFailure)
                throw new ItemFailureException(new ItemFailure("SkipSnapshot", "RollbackNeedsSnapshots", AwsErrorKind.InvalidInput,
                    "-RollbackOnFailure restores from the pre-patch snapshots that -SkipSnapshot leaves out. Nothing was sent.",
                    "Leave out -SkipSnapshot (a rollout snapshots every instance before patching it), or leave out -RollbackOnFailure."));
            if (IsBound(nameof(CanaryCount)) && IsBound(nameof(CanaryPercent)))
                throw new PSArgumentException("Give -CanaryCount or -CanaryPercent, not both.");
            return Task.CompletedTask;
        }

        protected override Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            _input.UseSession(Session!);
            if (Plan != null)
            {
                _planWaves.AddRange(Plan.Waves);
                _input.AddPlanned(Plan);
                return Task.CompletedTask;
            }
            _input.Add(InstanceId, IsBound(nameof(RiskScore)) ? RiskScore : (double?)null);
            return Task.CompletedTask;
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            // Instances of several account-regions make waves that span them; the record then lives in the session the
            // command line names (its first -Region and role, else the caller's own account and default region).
            // Plans of several account-regions are refused here, before anything is read, snapshotted, sent or recorded.
            var session = ParameterSetName == InstanceSet && _input.SpansSessions
                ? await pipe.OnPipelineThreadAsync(CommandLineSession).ConfigureAwait(false)
                : _input.SingleSession(MyInvocation.MyCommand.Name);
            if (session == null)
                return;
            var service = Services.Rollouts;
            var rolloutId = RolloutId ?? RolloutIds.New(DateTime.UtcNow);
            IReadOnlyList<PatchRolloutWave> waves;
            IReadOnlyDictionary<string, string> platforms;
            if (ParameterSetName == PlanSet)
            {
                waves = WavePlanner.Check(_planWaves, rolloutId);
                var (ready, leftOut) = await service.CheckAsync(session, waves.SelectMany(w => w.InstanceIds).ToList(), pipe, cancellationToken).ConfigureAwait(false);
                foreach (var failure in leftOut)
                    await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(failure)).ConfigureAwait(false);
                platforms = RolloutInput.PlatformsOf(ready);
                var keep = new HashSet<string>(ready.Select(i => i.InstanceId), StringComparer.Ordinal);
                keep.ExceptWith((await RolloutInput.RefuseUntestedAsync(waves, ready, pipe).ConfigureAwait(false)).Select(f => f.TargetId));
                waves = RolloutInput.Keep(waves, keep, pipe, rolloutId);
            }
            else
            {
                waves = await _input.PlanAsync(session, service, Spec(), rolloutId, pipe, cancellationToken).ConfigureAwait(false);
                platforms = _input.Platforms;
            }

            // The whole plan is approved (or shown, under -WhatIf) before anything is written or sent: each wave once, with
            // its whole plan, then each of its instances in a short line (declining a wave declines its instances).
            var approved = new HashSet<string>(StringComparer.Ordinal);
            foreach (var wave in waves)
            {
                var title = $"wave {wave.Wave} of {waves.Count} ({wave.Name}, {wave.InstanceCount} instance(s))";
                if (!await pipe.ApproveAsync($"{rolloutId} wave {wave.Wave} ({Where(session, wave.InstanceIds)})", $"Rollout {rolloutId} {title}: {Describe(wave, waves)}").ConfigureAwait(false) && !await pipe.WhatIfAsync().ConfigureAwait(false))
                    continue;
                foreach (var id in wave.InstanceIds)
                {
                    if (await pipe.ApproveAsync($"{id} ({Where(session, new[] { id })})", $"Patch in rollout {title}, as its plan says").ConfigureAwait(false))
                        approved.Add(id);
                }
            }
            if (approved.Count == 0)
                return;
            waves = RolloutInput.Keep(waves, approved, pipe, rolloutId);
            if (waves.Count == 0)
                return;

            var options = Options(pipe);
            var (targets, targetSessions, targetOf) = _input.Targets(session, waves);
            var record = service.NewRecord(session, rolloutId, waves, RebootOption, RollbackOnFailure, SkipSnapshot, Soak, AlarmName, options, platforms, targets, targetOf);
            pipe.WriteVerbose(targets.Count == 0 ? $"Rollout {rolloutId}."
                : $"Rollout {rolloutId}: its record in {RolloutTarget.Of(session)}; instances also in {targets.Count} other account-region(s): {string.Join(", ", targets)}.");
            await WriteAsync(pipe, rolloutId, sink => service.RunAsync(session, record, targetSessions, options, sink, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Where instances are patched, for a prompt: the region, as always, when the rollout is in one account-region; else each account-region.</summary>
        private string Where(AwsSession home, IEnumerable<string> ids) => !_input.SpansSessions ? home.RegionName
            : string.Join(", ", ids.Select(id => RolloutTarget.Of(_input.SessionOf(id) ?? home).ToString()).Distinct(StringComparer.Ordinal));

        private WaveSpec Spec() => RolloutInput.Spec(WaveBy, WaveOrder, IsBound(nameof(CanaryCount)) ? CanaryCount : (int?)null,
            IsBound(nameof(CanaryPercent)) ? CanaryPercent : (double?)null, MaxConcurrency, MaxErrors);

        /// <summary>A wave's plan in one line: rate control, snapshot, what is pinned, reboot, its gates in order, rollback.</summary>
        private string Describe(PatchRolloutWave wave, IReadOnlyList<PatchRolloutWave> waves)
        {
            var tested = wave.Wave > RolloutPlatform.TestWaves(waves);
            var gates = new List<string> { WaveStates.InvocationsGate };
            if (AlarmName != null)
                gates.Add($"{WaveStates.AlarmGate} ({AlarmName})");
            gates.Add(WaveStates.RecoveryGate);
            gates.Add($"{WaveStates.ComplianceGate} (a fresh Scan)");
            if (tested)
                gates.Add(WaveStates.TestedSetGate);
            if (RemediationGate)
                gates.Add($"{WaveStates.RemediationGate} (Inspector, {RemediationTimeoutMinutes} min)");
            if (HealthCheck != null)
                gates.Add($"{WaveStates.HealthGate} (-HealthCheck)");
            if (HealthCheckDocument != null)
                gates.Add($"{WaveStates.HealthGate} (document {HealthCheckDocument})");
            return $"MaxConcurrency {wave.MaxConcurrency ?? "default"}, MaxErrors {wave.MaxErrors}; "
                + (SkipSnapshot ? "no snapshot (-SkipSnapshot); " : "snapshot every EBS volume first (no completed snapshot, no patching); ")
                + "install with AWS-RunPatchBaseline pinned to the rollout's one baseline snapshot"
                + (tested ? ", only patches the testing wave installed on the same platform" : ", its installed patches become the tested set per platform")
                + (RebootOption == "NoReboot" ? "; no reboot" : "; reboot if needed")
                + $"; gates: {string.Join(", ", gates)}"
                + (RollbackOnFailure ? "; on failure restore its failed instances from their snapshots" : string.Empty);
        }
    }
}
