using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Commands.Common;
using AwsPatch.Rollouts;

namespace AwsPatch.Commands
{
    /// <summary>Rollouts from their records in Parameter Store: every wave's state and gate outcomes, the pinned patch set; from any session.</summary>
    [Cmdlet(VerbsCommon.Get, "PatchRollout")]
    [OutputType(typeof(PatchRollout))]
    public sealed class GetPatchRolloutCommand : AsyncAwsCmdlet
    {
        /// <summary>The rollouts to get; without it, every rollout recorded in the region, newest first.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(RolloutIds.Pattern)]
        public string[]? RolloutId { get; set; }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = Session!;
            if (RolloutId == null || RolloutId.Length == 0)
            {
                foreach (var rollout in await Services.Rollouts.ListAsync(session, cancellationToken).ConfigureAwait(false))
                    await pipe.WriteObjectAsync(rollout).ConfigureAwait(false);
                return;
            }
            foreach (var id in RolloutId)
            {
                var rollout = await Services.Rollouts.GetAsync(session, id, cancellationToken).ConfigureAwait(false);
                if (rollout != null)
                    await pipe.WriteObjectAsync(rollout).ConfigureAwait(false);
                else
                    await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(PatchRolloutService.NotFound(id, session))).ConfigureAwait(false);
            }
        }
    }
}
