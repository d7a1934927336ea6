using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Common;

namespace AwsPatch.Commands
{
    /// <summary>
    /// Gets patch runs from Systems Manager: per-instance results of a run (-RunId) or of commands (-CommandId), or,
    /// without either, the AwsPatch runs of the last 30 days.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PatchRun", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(PatchRun), ParameterSetName = new[] { ListSet })]
    [OutputType(typeof(PatchRunResult), ParameterSetName = new[] { RunSet, CommandSet })]
    public sealed class GetPatchRunCommand : AsyncAwsCmdlet
    {
        private const string ListSet = "List";
        private const string RunSet = "RunId";
        private const string CommandSet = "CommandId";

        private readonly SessionBatches<string> _commandIds = new SessionBatches<string>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = RunSet)]
        [ValidateNotNullOrEmpty]
        public string? RunId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CommandSet)]
        [ValidateNotNullOrEmpty]
        public string[]? CommandId { get; set; }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = Session!;
            switch (ParameterSetName)
            {
                case RunSet:
                    var commands = await RunLookup.ByRunIdAsync(pipe, Services.Runs, session, RunId!, cancellationToken).ConfigureAwait(false);
                    if (commands.Count == 0)
                        return;
                    await foreach (var result in Services.Runs.GetResultsAsync(session, commands, cancellationToken).ConfigureAwait(false))
                        await pipe.WriteObjectAsync(result).ConfigureAwait(false);
                    return;
                case CommandSet:
                    _commandIds.Add(session, CommandId!.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()));
                    return;
                default:
                    await foreach (var run in Services.Runs.ListRunsAsync(session, cancellationToken).ConfigureAwait(false))
                        await pipe.WriteObjectAsync(run).ConfigureAwait(false);
                    return;
            }
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _commandIds.Drain())
            {
                var commands = await RunLookup.ByCommandIdsAsync(pipe, Services.Runs, batch, cancellationToken).ConfigureAwait(false);
                if (commands.Count == 0)
                    continue;
                await foreach (var result in Services.Runs.GetResultsAsync(batch.Session, commands, cancellationToken).ConfigureAwait(false))
                    await pipe.WriteObjectAsync(result).ConfigureAwait(false);
            }
        }
    }
}
