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
    /// Takes one crash-consistent snapshot set of each instance's EBS volumes before patching, tagged with the run id;
    /// with -Wait, returns each set once it completed (or writes an error when it failed).
    /// </summary>
    [Cmdlet(VerbsCommon.New, "PatchSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PatchSnapshot))]
    public sealed class NewPatchSnapshotCommand : OptionalWaitAwsCmdlet
    {
        private const int ActivityId = 4100;
        private readonly SessionBatches<string> _pending = new SessionBatches<string>();
        private string _runId = string.Empty;

        /// <summary>Instances to snapshot; strings or objects with an <c>InstanceId</c> property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        /// <summary>Groups this run's snapshots (tag <c>AwsPatch:RunId</c>); a new id when omitted.</summary>
        [Parameter]
        [ValidatePattern(RunIds.Pattern)]
        public string? RunId { get; set; }

        [Parameter]
        public SwitchParameter RootVolumeOnly { get; set; }

        protected override Task BeginProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            _runId = RunId ?? RunIds.New(DateTime.UtcNow);
            pipe.WriteVerbose($"Run id {_runId}: every snapshot is tagged {RunIds.TagKey}={_runId}.");
            return Task.CompletedTask;
        }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = Session!;
            var ids = InstanceId.Where(id => id != null).Select(id => id.Trim()).ToList();
            var action = RootVolumeOnly ? $"Create a pre-patch EBS snapshot of the root volume (run {_runId})" : $"Create pre-patch EBS snapshots of every volume (run {_runId})";
            var approved = new List<string>();
            foreach (var id in ids)
            {
                if (await pipe.ApproveAsync($"{id} ({session.RegionName})", action).ConfigureAwait(false))
                    approved.Add(id);
            }

            // Without -Wait, full batches go at once; with it, the whole run is created first and then watched together.
            if (approved.Count > 0 && _pending.Add(session, approved, Wait ? int.MaxValue : Ec2FilterBatches.MaxValuesPerCall) is { } batch)
                await CreateAsync(pipe, batch.Session, batch.Items, cancellationToken).ConfigureAwait(false);
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _pending.Drain())
                await CreateAsync(pipe, batch.Session, batch.Items, cancellationToken).ConfigureAwait(false);
        }

        private async Task CreateAsync(AsyncPipeline pipe, AwsSession session, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            var request = new SnapshotRequest
            {
                InstanceIds = ids,
                RunId = _runId,
                RootVolumeOnly = RootVolumeOnly.IsPresent,
                Wait = Wait.IsPresent,
                Timeout = WaitOptions.Timeout,
                PollInterval = WaitOptions.PollInterval,
            };
            var progress = new WaitProgress(pipe, ActivityId, $"Creating pre-patch snapshots (run {_runId}, {session.RegionName})", "snapshot sets");
            try
            {
                await WriteOutcomesAsync(pipe, Services.Snapshots.CreateAsync(session, request, Wait ? progress.Report : null, pipe, cancellationToken)).ConfigureAwait(false);
            }
            finally
            {
                progress.Complete();
            }
        }
    }
}
