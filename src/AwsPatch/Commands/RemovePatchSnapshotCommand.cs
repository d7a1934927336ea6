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
    /// Deletes pre-patch snapshot sets: those piped in, or per instance by retention (-OlderThan, -KeepLast). Never a
    /// snapshot an AMI uses or a restore is using: that snapshot is an error and the rest are deleted.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "PatchSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = InputSet)]
    [OutputType(typeof(PatchSnapshot))]
    public sealed class RemovePatchSnapshotCommand : AsyncAwsCmdlet
    {
        private const string InputSet = "InputObject";
        private const string RetentionSet = "Retention";
        private readonly SessionBatches<PatchSnapshot> _approved = new SessionBatches<PatchSnapshot>();
        private readonly SessionBatches<string> _instances = new SessionBatches<string>();

        /// <summary>Snapshot sets from Get-PatchSnapshot or New-PatchSnapshot.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [ValidateNotNull]
        public PatchSnapshot[] InputObject { get; set; } = Array.Empty<PatchSnapshot>();

        /// <summary>The instances whose sets retention applies to; none means every instance with AwsPatch sets in the region.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = RetentionSet)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        /// <summary>Remove sets started more than this long ago: a positive TimeSpan or number of days (zero and negative ages fail at binding).</summary>
        [Parameter(ParameterSetName = RetentionSet)]
        [AgeTransformation]
        public TimeSpan? OlderThan { get; set; }

        /// <summary>Keep the newest N completed sets of each instance (at least 1: to delete every set, pipe them in from Get-PatchSnapshot).</summary>
        [Parameter(ParameterSetName = RetentionSet)]
        [ValidateRange(1, 1000)]
        public int? KeepLast { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override Task BeginProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            if (ParameterSetName == RetentionSet && OlderThan == null && KeepLast == null)
                throw new PSArgumentException("Say which sets to remove: -OlderThan (a TimeSpan or days), -KeepLast N, or both; or pipe in the sets from Get-PatchSnapshot.", nameof(OlderThan));
            return Task.CompletedTask;
        }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = Session!;
            if (ParameterSetName == RetentionSet)
            {
                _instances.Add(session, InstanceId.Where(id => id != null).Select(id => id.Trim()));
                return;
            }

            foreach (var set in InputObject)
                await GateAsync(pipe, session, set).ConfigureAwait(false);
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _instances.Drain())
            {
                var sets = new List<PatchSnapshot>();
                await foreach (var outcome in Services.Snapshots.GetAsync(batch.Session, new SnapshotQuery { InstanceIds = batch.Items }, pipe, cancellationToken).ConfigureAwait(false))
                {
                    if (outcome.Value != null)
                        sets.Add(outcome.Value);
                    else
                        await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure!)).ConfigureAwait(false);
                }
                var remove = SnapshotService.SelectForRemoval(sets, OlderThan, KeepLast, Services.Snapshots.ServiceTime(batch.Session));
                var scope = batch.Items.Count == 0 ? "every instance" : $"{batch.Items.Distinct().Count()} instances";
                pipe.WriteVerbose($"Retention in {batch.Session.RegionName}: {remove.Count} of {sets.Count} snapshot sets of {scope} are due for removal.");
                foreach (var set in remove)
                    await GateAsync(pipe, batch.Session, set).ConfigureAwait(false);
            }

            foreach (var batch in _approved.Drain())
            {
                await foreach (var outcome in Services.Snapshots.RemoveAsync(batch.Session, batch.Items, pipe, cancellationToken).ConfigureAwait(false))
                {
                    if (outcome.Failure != null)
                        await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure)).ConfigureAwait(false);
                    else if (PassThru)
                        await pipe.WriteObjectAsync(outcome.Value!).ConfigureAwait(false);
                }
            }
        }

        private async Task GateAsync(AsyncPipeline pipe, AwsSession session, PatchSnapshot set)
        {
            var region = string.IsNullOrEmpty(set.Region) ? session.RegionName : set.Region;
            var target = $"{set.InstanceId} {set.RunId} ({region})";
            var action = $"Delete {set.SnapshotIds.Count} EBS snapshot(s): {string.Join(", ", set.SnapshotIds)}";
            if (await pipe.ApproveAsync(target, action).ConfigureAwait(false))
                _approved.Add(session, new[] { set });
        }
    }
}
