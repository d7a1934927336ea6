using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Snapshots;

namespace AwsPatch.Commands
{
    /// <summary>Finds pre-patch snapshot sets by instance, run, age and state, grouped per instance and run.</summary>
    [Cmdlet(VerbsCommon.Get, "PatchSnapshot")]
    [OutputType(typeof(PatchSnapshot))]
    public sealed class GetPatchSnapshotCommand : AsyncAwsCmdlet
    {
        private readonly SessionBatches<string> _pending = new SessionBatches<string>();

        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[]? InstanceId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? RunId { get; set; }

        /// <summary>Sets started more than this long ago: a TimeSpan or a number of days.</summary>
        [Parameter]
        [AgeTransformation]
        public TimeSpan? OlderThan { get; set; }

        /// <summary>Sets started less than this long ago: a TimeSpan or a number of days.</summary>
        [Parameter]
        [AgeTransformation]
        public TimeSpan? NewerThan { get; set; }

        [Parameter]
        [ValidateSet("pending", "completed", "error")]
        public string[]? State { get; set; }

        /// <summary>Include snapshots AwsPatch did not make.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var runs = RunId ?? Array.Empty<string>();
            if (InstanceId == null)
            {
                await ListAsync(pipe, Session!, Array.Empty<string>(), runs, cancellationToken).ConfigureAwait(false);
                return;
            }
            // Ids piped with the same run ids share a call: as many as fit beside the run filter.
            var flushAt = SnapshotService.InstancesPerCall(Query(Array.Empty<string>(), runs));
            if (_pending.Add(Session!, InstanceId.Where(id => id != null).Select(id => id.Trim()), flushAt, string.Join(",", runs)) is { } batch)
                await ListAsync(pipe, batch.Session, batch.Items, runs, cancellationToken).ConfigureAwait(false);
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _pending.Drain())
                await ListAsync(pipe, batch.Session, batch.Items, batch.Group.Length == 0 ? Array.Empty<string>() : batch.Group.Split(','), cancellationToken).ConfigureAwait(false);
        }

        private Task ListAsync(AsyncPipeline pipe, AwsSession session, IReadOnlyList<string> ids, IReadOnlyList<string> runs, CancellationToken cancellationToken) =>
            WriteOutcomesAsync(pipe, Services.Snapshots.GetAsync(session, Query(ids, runs), pipe, cancellationToken));

        private SnapshotQuery Query(IReadOnlyList<string> ids, IReadOnlyList<string> runs) => new SnapshotQuery
        {
            InstanceIds = ids,
            RunIds = runs,
            OlderThan = OlderThan,
            NewerThan = NewerThan,
            States = State ?? Array.Empty<string>(),
            All = All.IsPresent,
        };
    }
}
