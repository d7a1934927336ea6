using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Common;
using AwsPatch.Compliance;

namespace AwsPatch.Commands
{
    /// <summary>Lists the patches an instance is missing (or, with -State, in any other patch state) from SSM Patch Manager.</summary>
    [Cmdlet(VerbsCommon.Get, "PatchMissing")]
    [OutputType(typeof(PatchMissing))]
    public sealed class GetPatchMissingCommand : AsyncAwsCmdlet
    {
        private readonly SessionBatches<string> _pending = new SessionBatches<string>();

        /// <summary>Instance ids; from the pipeline as strings or as objects with an <c>InstanceId</c> property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] InstanceId { get; set; } = new string[0];

        /// <summary>Patch states to list.</summary>
        [Parameter]
        [ValidateSet("Missing", "Failed", "InstalledPendingReboot", "Installed", "InstalledOther", "InstalledRejected", "NotApplicable")]
        public string[] State { get; set; } = { PatchQuery.Missing, PatchQuery.Failed };

        /// <summary>Only patches of these severities (Critical, Important, Moderate/Medium, Low …).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Severity { get; set; }

        /// <summary>With several regions or accounts (-Region, -RoleArn, -AccountId/-RoleName), each id is read where it lives.</summary>
        protected override bool SupportsFanOut => true;

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            if (Sessions.Count > 1)
            {
                var ids = InstanceId.Where(id => id != null).Select(id => id.Trim()).ToList();
                var query = Query(ids);
                await WriteOutcomesAsync(pipe, WhereEachLives(ids, (session, token) => Read(session, query, pipe, token), m => m.InstanceId, cancellationToken)).ConfigureAwait(false);
                return;
            }
            // Enough instances for every parallel lane twice over: one DescribeInstancePatches call per instance.
            if (_pending.Add(Session!, InstanceId.Where(id => id != null).Select(id => id.Trim()), ComplianceService.PatchReadsInFlight * 2) is { } batch)
                await WriteAsync(pipe, batch.Session, batch.Items, cancellationToken).ConfigureAwait(false);
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _pending.Drain())
                await WriteAsync(pipe, batch.Session, batch.Items, cancellationToken).ConfigureAwait(false);
        }

        private Task WriteAsync(AsyncPipeline pipe, AwsSession session, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
            WriteOutcomesAsync(pipe, Read(session, Query(ids), pipe, cancellationToken));

        /// <summary>The patches of one session, each naming the account it is in.</summary>
        private IAsyncEnumerable<Outcome<PatchMissing>> Read(AwsSession session, PatchQuery query, AsyncPipeline pipe, CancellationToken cancellationToken) =>
            InAccountAsync(session, Services.Compliance.GetPatchesAsync(session, query, pipe, cancellationToken), pipe, cancellationToken);

        private PatchQuery Query(IReadOnlyList<string> ids) => new PatchQuery
        {
            InstanceIds = ids,
            States = State.Distinct().ToList(),
            Severities = Severity ?? new string[0],
        };
    }
}
