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

        private readonly Dictionary<AwsSession, List<string>> _commandIds = new Dictionary<AwsSession, List<string>>();
        private readonly Dictionary<AwsSession, List<SentCommand>> _runs = new Dictionary<AwsSession, List<SentCommand>>();

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
                var commands = await Services.Runs.FindRunAsync(session, RunId!, cancellationToken).ConfigureAwait(false);
                if (commands.Count == 0)
                    await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(GetPatchRunCommand.RunNotFound(RunId!, session.RegionName))).ConfigureAwait(false);
                else
                    Add(_runs, session, commands);
                return;
            }
            if (!_commandIds.TryGetValue(session, out var ids))
                _commandIds[session] = ids = new List<string>();
            ids.AddRange(CommandId!.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()));
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var pair in _commandIds)
            {
                var (commands, failures) = await Services.Runs.FindCommandsAsync(pair.Key, pair.Value, cancellationToken).ConfigureAwait(false);
                foreach (var failure in failures)
                    await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(failure)).ConfigureAwait(false);
                Add(_runs, pair.Key, commands);
            }

            var options = WaitOptions;
            var progress = new RunProgressWriter(pipe, ProgressId, "Wait-PatchRun");
            try
            {
                foreach (var pair in _runs.Where(p => p.Value.Count > 0))
                {
                    var commands = pair.Value.GroupBy(c => c.CommandId).Select(g => g.First()).ToList();
                    var pending = commands.Sum(c => c.InstanceIds.Count);
                    try
                    {
                        await foreach (var result in Services.Runs.WaitAsync(pair.Key, commands, options, progress.Report, pipe, cancellationToken).ConfigureAwait(false))
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

        private static void Add(Dictionary<AwsSession, List<SentCommand>> map, AwsSession session, IEnumerable<SentCommand> commands)
        {
            if (!map.TryGetValue(session, out var list))
                map[session] = list = new List<SentCommand>();
            list.AddRange(commands);
        }
    }
}
