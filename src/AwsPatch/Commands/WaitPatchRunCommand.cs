using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Common;
using AwsPatch.Runs;

namespace AwsPatch.Commands
{
    /// <summary>Waits for a patch run started without -Wait, and returns each instance's final result.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "PatchRun", DefaultParameterSetName = CommandSet)]
    [OutputType(typeof(PatchRunResult))]
    public sealed class WaitPatchRunCommand : WaitingAwsCmdlet
    {
        private const string RunSet = "RunId";
        private const string CommandSet = "CommandId";
        private const int ProgressId = 0x5A72;

        private readonly SessionBatches<string> _commandIds = new SessionBatches<string>();
        private readonly SessionBatches<SentCommand> _runs = new SessionBatches<SentCommand>();

        /// <summary>Command ids; PatchRunResult objects from Invoke-PatchRun bind here by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = CommandSet)]
        [ValidateNotNullOrEmpty]
        public string[]? CommandId { get; set; }

        /// <summary>A run id; PatchRun objects from Get-PatchRun bind here by property name.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = RunSet)]
        [ValidateNotNullOrEmpty]
        public string? RunId { get; set; }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = Session!;
            if (ParameterSetName == RunSet)
            {
                _runs.Add(session, await RunLookup.ByRunIdAsync(pipe, Services.Runs, session, RunId!, cancellationToken).ConfigureAwait(false));
                return;
            }
            _commandIds.Add(session, CommandId!.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()));
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _commandIds.Drain())
            {
                _runs.Add(batch.Session, await RunLookup.ByCommandIdsAsync(pipe, Services.Runs, batch, cancellationToken).ConfigureAwait(false));
            }

            var options = WaitOptions;
            var progress = new RunProgressWriter(pipe, ProgressId, "Wait-PatchRun");
            try
            {
                foreach (var batch in _runs.Drain().Where(b => b.Items.Count > 0))
                {
                    var commands = batch.Items.GroupBy(c => c.CommandId).Select(g => g.First()).ToList();
                    var pending = commands.Sum(c => c.InstanceIds.Count);
                    try
                    {
                        await foreach (var result in Services.Runs.WaitAsync(batch.Session, commands, options, progress.Report, pipe, cancellationToken).ConfigureAwait(false))
                        {
                            pending -= result.IsComplete ? 1 : 0;
                            await PatchRunOutput.WriteAsync(pipe, result).ConfigureAwait(false);
                        }
                    }
                    catch (ItemFailureException ex)
                    {
                        await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(ex.Failure)).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        pipe.WriteStoppingWarning(PatchRunService.StillRunning(commands[0].RunId, commands.Select(c => c.CommandId), Math.Max(0, pending)));
                        throw;
                    }
                }
            }
            finally
            {
                progress.Complete();
            }
        }
    }
}
