using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Runs
{
    /// <summary>
    /// Keeps a second Install off an instance that is still installing: finds AwsPatch AWS-RunPatchBaseline Install
    /// commands still running with one paged ListCommands (document filter + <c>ExecutionStage = Executing</c>) for a
    /// whole batch, then lists invocations only of the few such commands that name one of the batch's instances (or were
    /// sent to targets), to see whether that instance's invocation is really still Pending or InProgress.
    /// </summary>
    internal static class InstallsInProgress
    {
        /// <summary>Splits <paramref name="instanceIds"/> into those free to install and those with an Install in progress (a failure naming its run).</summary>
        public static async Task<InstanceCheck> CheckAsync(IRunCommandGateway gateway, string region, IReadOnlyList<string> instanceIds, CallRetry retry, CancellationToken cancellationToken)
        {
            var check = new InstanceCheck();
            if (instanceIds.Count == 0)
                return check;
            var wanted = new HashSet<string>(instanceIds, StringComparer.Ordinal);
            var running = new List<RunCommandRecord>();
            var executing = new RunCommandQuery { DocumentName = PatchRunService.Document, ExecutingOnly = true };
            await foreach (var c in Pages.AllAsync(token => retry.RunAsync(() => gateway.ListCommandsAsync(executing, RunCommandLimits.PageSize, token, cancellationToken), cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                if (IsAwsPatchInstall(c) && (c.HasTargets || c.InstanceIds.Any(wanted.Contains)))
                    running.Add(c);
            }

            var busy = new Dictionary<string, (RunCommandRecord Command, string Status)>(StringComparer.Ordinal);
            foreach (var command in running)
            {
                await foreach (var invocation in Pages.AllAsync(token => retry.RunAsync(() => gateway.ListCommandInvocationsAsync(command.CommandId, false, RunCommandLimits.PageSize, token, cancellationToken), cancellationToken), cancellationToken).ConfigureAwait(false))
                {
                    if (!wanted.Contains(invocation.InstanceId) || busy.ContainsKey(invocation.InstanceId))
                        continue;
                    var status = InvocationStatus.Normalize(invocation.Status, invocation.StatusDetails);
                    if (!InvocationStatus.IsTerminal(status) && status != "Cancelling")
                        busy[invocation.InstanceId] = (command, status);
                }
            }

            foreach (var id in instanceIds)
            {
                if (busy.TryGetValue(id, out var found))
                    check.Failures.Add(InProgress(id, found.Command, found.Status, region));
                else
                    check.Ready.Add(id);
            }
            return check;
        }

        private static bool IsAwsPatchInstall(RunCommandRecord command) =>
            RunComment.TryParse(command.Comment, out _, out _)
            && command.Parameters.TryGetValue("Operation", out var operation) && operation.Contains("Install");

        private static ItemFailure InProgress(string instanceId, RunCommandRecord command, string status, string region)
        {
            RunComment.TryParse(command.Comment, out var runId, out _);
            return new ItemFailure(
                instanceId,
                "InstallInProgress",
                AwsErrorKind.Busy,
                $"Instance {instanceId} already has an AwsPatch Install in progress in {region}: run {runId}, command {command.CommandId} ({status}). Nothing was sent to it, so it is not patched (and maybe rebooted) twice at once.",
                $"Follow that run with Wait-PatchRun -RunId {runId} (Get-PatchRun -RunId {runId} shows where it is), then run again if it did not succeed; or add -AllowConcurrentInstall to send a second Install anyway.");
        }
    }
}
