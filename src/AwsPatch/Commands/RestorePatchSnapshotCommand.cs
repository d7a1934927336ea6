using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Common;
using AwsPatch.Snapshots;

namespace AwsPatch.Commands
{
    /// <summary>
    /// Rolls instances' root volumes back to their pre-patch snapshot with EC2 replace-root-volume tasks (same instance id,
    /// IPs and data volumes). Data volumes are not restored; a warning says so for every set that has them.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "PatchSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = InputSet)]
    [OutputType(typeof(PatchRestoreResult))]
    public sealed class RestorePatchSnapshotCommand : OptionalWaitAwsCmdlet
    {
        private const string InputSet = "InputObject";
        private const string RunSet = "ByRun";
        private const int ActivityId = 4200;
        private readonly SessionBatches<PatchSnapshot> _approved = new SessionBatches<PatchSnapshot>();
        private readonly SessionBatches<string> _byRun = new SessionBatches<string>(StringComparer.Ordinal);

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [ValidateNotNull]
        public PatchSnapshot[] InputObject { get; set; } = Array.Empty<PatchSnapshot>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = RunSet)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = RunSet)]
        [ValidatePattern(RunIds.Pattern)]
        public string RunId { get; set; } = string.Empty;

        /// <summary>Delete the replaced root volume instead of keeping it detached.</summary>
        [Parameter]
        public SwitchParameter DeleteReplacedRootVolume { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = Session!;
            if (ParameterSetName == RunSet)
            {
                _byRun.Add(session, InstanceId.Where(id => id != null).Select(id => id.Trim()), group: RunId);
                return;
            }

            foreach (var set in InputObject)
                await GateAsync(pipe, session, set).ConfigureAwait(false);
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _byRun.Drain())
            {
                var wanted = batch.Items;
                var found = new Dictionary<string, PatchSnapshot>(StringComparer.Ordinal);
                var query = new SnapshotQuery { InstanceIds = wanted, RunIds = new[] { batch.Group } };
                await foreach (var outcome in Services.Snapshots.GetAsync(batch.Session, query, pipe, cancellationToken).ConfigureAwait(false))
                {
                    if (outcome.Failure != null)
                        await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure)).ConfigureAwait(false);
                    else
                        found[outcome.Value!.InstanceId] = outcome.Value;
                }
                foreach (var id in wanted)
                {
                    if (found.TryGetValue(id, out var set))
                        await GateAsync(pipe, batch.Session, set).ConfigureAwait(false);
                    else if (Instances.InstanceIds.IsValid(id))
                        await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(new ItemFailure(id, "SnapshotSetNotFound", AwsErrorKind.NotFound,
                            $"Instance {id} has no AwsPatch snapshot set of run {batch.Group} in {batch.Session.RegionName}; nothing was restored.",
                            $"List its sets with Get-PatchSnapshot -InstanceId {id}."))).ConfigureAwait(false);
                }
            }

            foreach (var batch in _approved.Drain())
            {
                var request = new RestoreRequest
                {
                    Sets = await OnePerInstanceAsync(pipe, batch.Items).ConfigureAwait(false),
                    DeleteReplacedRootVolume = DeleteReplacedRootVolume.IsPresent,
                    Wait = Wait.IsPresent,
                    Timeout = WaitOptions.Timeout,
                    PollInterval = WaitOptions.PollInterval,
                };
                var progress = new WaitProgress(pipe, ActivityId, $"Restoring root volumes from pre-patch snapshots ({batch.Session.RegionName})", "restores");
                try
                {
                    await WriteOutcomesAsync(pipe, Services.Snapshots.RestoreAsync(batch.Session, request, Wait ? progress.Report : null, pipe, cancellationToken)).ConfigureAwait(false);
                }
                finally
                {
                    progress.Complete();
                }
            }
        }

        private async Task GateAsync(AsyncPipeline pipe, AwsSession session, PatchSnapshot set)
        {
            var region = string.IsNullOrEmpty(set.Region) ? session.RegionName : set.Region;
            var replaced = DeleteReplacedRootVolume ? "delete the replaced root volume" : "keep the replaced root volume, detached";
            var action = $"Reboot onto a new root volume made from snapshot {set.RootSnapshotId ?? "(none)"} (run {set.RunId}) and {replaced}; data volumes are not restored";
            if (await pipe.ApproveAsync($"{set.InstanceId} ({region})", action).ConfigureAwait(false))
                _approved.Add(session, new[] { set });
        }

        /// <summary>An instance is restored from one set only, the first one given; each later one is an error.</summary>
        private static async Task<List<PatchSnapshot>> OnePerInstanceAsync(AsyncPipeline pipe, IReadOnlyList<PatchSnapshot> approved)
        {
            var sets = new Dictionary<string, PatchSnapshot>(StringComparer.Ordinal);
            foreach (var set in approved)
            {
                if (!sets.TryGetValue(set.InstanceId, out var earlier))
                {
                    sets[set.InstanceId] = set;
                    continue;
                }
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(new ItemFailure(set.InstanceId, "MultipleSetsForInstance", AwsErrorKind.InvalidInput,
                    $"More than one snapshot set of {set.InstanceId} was given (runs {earlier.RunId} and {set.RunId}); an instance is restored from one set only, the first one.",
                    "Pass one set per instance, e.g. Get-PatchSnapshot -InstanceId <id> -RunId <run id> | Restore-PatchSnapshot."))).ConfigureAwait(false);
            }
            return sets.Values.ToList();
        }
    }
}
