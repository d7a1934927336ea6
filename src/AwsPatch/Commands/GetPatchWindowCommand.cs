using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Instances;
using AwsPatch.Planning;

namespace AwsPatch.Commands
{
    /// <summary>
    /// Lists maintenance windows with their schedule, next starts, targets and AWS-RunPatchBaseline tasks. Piped
    /// instances answer "which windows cover these?": only windows whose targets reach one of them are listed.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PatchWindow")]
    [OutputType(typeof(PatchWindow))]
    public sealed class GetPatchWindowCommand : AsyncAwsCmdlet
    {
        private readonly Dictionary<AwsSession, List<string>> _instances = new Dictionary<AwsSession, List<string>>();

        /// <summary>Window names (exact); none lists every window of the region.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Window ids (mw-…).</summary>
        [Parameter]
        [ValidatePattern("^mw-[0-9a-f]{17}$")]
        public string[] WindowId { get; set; } = Array.Empty<string>();

        /// <summary>Instances: only windows whose targets reach one of them.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        /// <summary>Also list the instance ids each window's targets reach (reads the region's instances once).</summary>
        [Parameter]
        public SwitchParameter ResolveTargets { get; set; }

        protected override Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            if (!_instances.TryGetValue(Session!, out var ids))
                _instances[Session!] = ids = new List<string>();
            ids.AddRange(InstanceId.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()));
            return Task.CompletedTask;
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _instances)
            {
                var session = batch.Key;
                IReadOnlyList<PatchInstance>? filter = null;
                if (batch.Value.Count > 0)
                    filter = await InstancesAsync(pipe, session, new InstanceQuery { InstanceIds = batch.Value.Distinct().ToList() }, true, cancellationToken).ConfigureAwait(false);
                IReadOnlyList<PatchInstance>? fleet = null;
                if (ResolveTargets)
                    fleet = await InstancesAsync(pipe, session, new InstanceQuery(), false, cancellationToken).ConfigureAwait(false);

                await foreach (var window in Services.Windows.GetAsync(session, Name, cancellationToken).ConfigureAwait(false))
                {
                    if (WindowId.Length > 0 && !WindowId.Contains(window.WindowId, StringComparer.Ordinal))
                        continue;
                    if (filter != null && !filter.Any(i => WindowCoverage.Covers(window, i)))
                        continue;
                    if (fleet != null)
                        window.InstanceIds = fleet.Where(i => WindowCoverage.Covers(window, i)).Select(i => i.InstanceId).ToList();
                    await pipe.WriteObjectAsync(window).ConfigureAwait(false);
                }
            }
        }

        private async Task<IReadOnlyList<PatchInstance>> InstancesAsync(AsyncPipeline pipe, AwsSession session, InstanceQuery query, bool writeErrors, CancellationToken cancellationToken)
        {
            var found = new List<PatchInstance>();
            await foreach (var outcome in Services.Instances.GetAsync(session, query, pipe, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Value != null)
                    found.Add(outcome.Value);
                else if (writeErrors)
                    await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure!)).ConfigureAwait(false);
            }
            return found;
        }
    }
}
