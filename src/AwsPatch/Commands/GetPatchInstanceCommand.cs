using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Common;
using AwsPatch.Instances;

namespace AwsPatch.Commands
{
    /// <summary>
    /// Lists EC2 instances merged with their Systems Manager agent status: the starting point of every patch pipeline.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PatchInstance")]
    [OutputType(typeof(PatchInstance))]
    public sealed class GetPatchInstanceCommand : AsyncAwsCmdlet
    {
        private readonly SessionBatches<string> _pending = new SessionBatches<string>();

        /// <summary>Instance ids; from the pipeline as strings or as objects with an <c>InstanceId</c> property.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[]? InstanceId { get; set; }

        /// <summary>Tag key → value (or array of values): AND across keys, OR within a key; filtered by EC2.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public Hashtable? Tag { get; set; }

        /// <summary>Values of the <c>Patch Group</c> (or <c>PatchGroup</c>) tag.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? PatchGroup { get; set; }

        /// <summary>Only instances Systems Manager manages.</summary>
        [Parameter]
        public SwitchParameter ManagedOnly { get; set; }

        /// <summary>A listing runs in every region and account given (-Region, -RoleArn, -AccountId/-RoleName).</summary>
        protected override bool SupportsFanOut => true;

        protected override Task BeginProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            // Validate here, on binding values that never change, so a bad -Tag fails once and before any call.
            if (Tag != null)
                _ = TagHashtable.Read(Tag);
            return Task.CompletedTask;
        }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            if (InstanceId == null)
            {
                var query = Query(Array.Empty<string>());
                await WriteOutcomesAsync(pipe, InEverySession((session, token) => Services.Instances.GetAsync(session, query, pipe, token), cancellationToken)).ConfigureAwait(false);
                return;
            }
            if (Sessions.Count > 1)
            {
                // Several regions or accounts: each id is looked up in all of them and comes out where it lives.
                var ids = InstanceId.Where(id => id != null).Select(id => id.Trim()).ToList();
                var query = Query(ids);
                await WriteOutcomesAsync(pipe, WhereEachLives(ids, (session, token) => Services.Instances.GetAsync(session, query, pipe, token), i => i.InstanceId, cancellationToken)).ConfigureAwait(false);
                return;
            }
            // One DescribeInstances carries as many ids as fit beside the tag filters.
            var flushAt = InstanceService.IdsPerCall(Query(Array.Empty<string>()));
            if (_pending.Add(Session!, InstanceId.Where(id => id != null).Select(id => id.Trim()), flushAt) is { } batch)
                await ListAsync(pipe, batch.Session, batch.Items, cancellationToken).ConfigureAwait(false);
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _pending.Drain())
                await ListAsync(pipe, batch.Session, batch.Items, cancellationToken).ConfigureAwait(false);
        }

        private Task ListAsync(AsyncPipeline pipe, AwsSession session, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
            WriteOutcomesAsync(pipe, Services.Instances.GetAsync(session, Query(ids), pipe, cancellationToken));

        private InstanceQuery Query(IReadOnlyList<string> ids) => new InstanceQuery
        {
            InstanceIds = ids,
            Tags = Tag == null ? new Dictionary<string, IReadOnlyList<string>>() : TagHashtable.Read(Tag),
            PatchGroups = PatchGroup ?? Array.Empty<string>(),
            ManagedOnly = ManagedOnly.IsPresent,
        };
    }
}
