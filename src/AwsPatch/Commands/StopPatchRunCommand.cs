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
    /// <summary>Cancels a patch run's commands (CancelCommand): invocations that have not finished end Cancelled.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "PatchRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = CommandSet)]
    [OutputType(typeof(PatchRunResult))]
    public sealed class StopPatchRunCommand : AsyncAwsCmdlet
    {
        private const string RunSet = "RunId";
        private const string CommandSet = "CommandId";

        private readonly SessionBatches<string> _commandIds = new SessionBatches<string>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = CommandSet)]
        [ValidateNotNullOrEmpty]
        public string[]? CommandId { get; set; }

        /// <summary>A run id; PatchRun objects from Get-PatchRun bind here by property name.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = RunSet)]
        [ValidateNotNullOrEmpty]
        public string? RunId { get; set; }

        /// <summary>Return each instance's result after the cancel.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Skips the confirmation prompt (never -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = Session!;
            if (ParameterSetName == RunSet)
            {
                var commands = await RunLookup.ByRunIdAsync(pipe, Services.Runs, session, RunId!, cancellationToken).ConfigureAwait(false);
                if (commands.Count > 0)
                    await CancelAsync(pipe, session, commands, cancellationToken).ConfigureAwait(false);
                return;
            }
            _commandIds.Add(session, CommandId!.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()));
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _commandIds.Drain())
            {
                var commands = await RunLookup.ByCommandIdsAsync(pipe, Services.Runs, batch, cancellationToken).ConfigureAwait(false);
                await CancelAsync(pipe, batch.Session, commands, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task CancelAsync(AsyncPipeline pipe, AwsSession session, IReadOnlyList<SentCommand> commands, CancellationToken cancellationToken)
        {
            var approved = new List<SentCommand>();
            foreach (var command in commands.Where(c => StillRunning(pipe, c, session)))
            {
                var what = command.HasTargets ? "its targets" : $"{command.InstanceIds.Count} instance(s)";
                if (await pipe.ApproveAsync($"{command.CommandId} ({session.RegionName})", $"Cancel the {command.Operation} command of run {command.RunId} on {what}").ConfigureAwait(false))
                    approved.Add(command);
            }
            var cancelled = new List<SentCommand>();
            foreach (var command in approved)
            {
                try
                {
                    await Services.Runs.CancelAsync(session, command.CommandId, cancellationToken).ConfigureAwait(false);
                    pipe.WriteVerbose($"Cancelled command {command.CommandId} of run {command.RunId} in {session.RegionName}.");
                    cancelled.Add(command);
                }
                catch (AwsCallException ex)
                {
                    await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(new ItemFailure(command.CommandId, "CancelCommandFailed", ex.Kind,
                        $"Command {command.CommandId} could not be cancelled: {ex.Message}", null, ex))).ConfigureAwait(false);
                }
            }
            if (!PassThru || cancelled.Count == 0)
                return;
            await foreach (var result in Services.Runs.GetResultsAsync(session, cancelled, cancellationToken).ConfigureAwait(false))
                await pipe.WriteObjectAsync(result).ConfigureAwait(false);
        }

        /// <summary>A command that already ended is not cancelled (no CancelCommand, no prompt): a warning says so.</summary>
        private static bool StillRunning(AsyncPipeline pipe, SentCommand command, AwsSession session)
        {
            if (!InvocationStatus.IsTerminal(command.Status))
                return true;
            pipe.WriteWarning($"The {command.Operation} command {command.CommandId} of run {command.RunId} in {session.RegionName} already finished ({command.Status}); there is nothing to stop, so no cancel was sent.");
            return false;
        }
    }
}
