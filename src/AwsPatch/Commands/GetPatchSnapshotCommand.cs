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
        private readonly Dictionary<(AwsSession Session, string Runs), List<string>> _pending = new Dictionary<(AwsSession, string), List<string>>();

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
            var session = Session!;
            if (InstanceId == null)
            {
                await ListAsync(pipe, session, Array.Empty<string>(), RunId ?? Array.Empty<string>(), cancellationToken).ConfigureAwait(false);
                return;
            }

            var key = (session, string.Join(",", RunId ?? Array.Empty<string>()));
            if (!_pending.TryGetValue(key, out var ids))
                _pending[key] = ids = new List<string>();
            ids.AddRange(InstanceId.Where(id => id != null).Select(id => id.Trim()));
            if (ids.Count >= SnapshotService.InstancesPerCall(Query(ids, RunId ?? Array.Empty<string>())))
            {
                _pending.Remove(key);
                await ListAsync(pipe, session, ids, RunId ?? Array.Empty<string>(), cancellationToken).ConfigureAwait(false);
            }
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _pending.ToList())
            {
                _pending.Remove(batch.Key);
                var runs = batch.Key.Runs.Length == 0 ? Array.Empty<string>() : batch.Key.Runs.Split(',');
                await ListAsync(pipe, batch.Key.Session, batch.Value, runs, cancellationToken).ConfigureAwait(false);
            }
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
