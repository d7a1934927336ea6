using System;
using System.Collections.Generic;
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
    /// Continues a rollout from its record in Parameter Store (after its process was killed or stopped): waves that
    /// passed are not redone, the wave in flight is resumed by its run's resume rule, later waves run as usual.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Resume, "PatchRollout", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PatchRolloutResult))]
    public sealed class ResumePatchRolloutCommand : RolloutCmdlet
    {
        /// <summary>The rollout to continue.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(RolloutIds.Pattern)]
        public string RolloutId { get; set; } = string.Empty;

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = Session!;
            var rollout = await Services.Rollouts.GetAsync(session, RolloutId, cancellationToken).ConfigureAwait(false);
            if (rollout == null)
            {
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(PatchRolloutService.NotFound(RolloutId, session))).ConfigureAwait(false);
                return;
            }
            var action = $"Resume rollout {RolloutId} ({rollout.State}; {rollout.WavesSucceeded} of {rollout.Waves.Count} wave(s) passed): install the approved patches on the instances of the waves not finished, "
                + "gate each wave, " + (rollout.RollbackOnFailure ? "restore a failed wave's instances from their snapshots, " : string.Empty) + "stop at a failed wave";
            if (!await pipe.ApproveAsync($"{RolloutId} ({session.RegionName})", action).ConfigureAwait(false))
                return;
            await WriteAsync(pipe, RolloutId, sink => Services.Rollouts.ResumeAsync(session, RolloutId, targets => TargetSessionsAsync(pipe, targets), Options(pipe), Given(), sink, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The sessions of the other account-regions the rollout patches in, from its record: each role assumed again
        /// with this command's credentials (and -ExternalId, else the one the role was last assumed with in this
        /// PowerShell session: external ids are not recorded), in its recorded region.
        /// </summary>
        private async Task<IReadOnlyList<AwsSession>> TargetSessionsAsync(AsyncPipeline pipe, IReadOnlyList<RolloutTarget> targets)
        {
            var sessions = new List<AwsSession>();
            foreach (var target in targets)
            {
                var session = await pipe.OnPipelineThreadAsync(() => SessionFor(target.Region, target.RoleArn)).ConfigureAwait(false);
                sessions.Add(session ?? throw new ItemFailureException(new ItemFailure(target.ToString(), "RolloutTargetUnavailable", AwsErrorKind.InvalidInput,
                    $"Rollout {RolloutId} patches in {target}, but no session could be made for it. Nothing was sent.",
                    "Check the region and the role recorded for the rollout (Get-PatchRollout), and that your credentials may assume the role.")));
            }
            return sessions;
        }

        /// <summary>The recorded gate settings given again on this command line: they win over the record's.</summary>
        private ResumeGates Given() => new ResumeGates
        {
            HealthCheckDocument = IsBound(nameof(HealthCheckDocument)) ? HealthCheckDocument : null,
            HealthCheckParameters = IsBound(nameof(HealthCheckParameters)) ? DocumentParameters(HealthCheckParameters) : null,
            RemediationGate = IsBound(nameof(RemediationGate)) ? RemediationGate.IsPresent : (bool?)null,
            RemediationTimeout = IsBound(nameof(RemediationTimeoutMinutes)) ? TimeSpan.FromMinutes(RemediationTimeoutMinutes) : (TimeSpan?)null,
        };
    }
}
