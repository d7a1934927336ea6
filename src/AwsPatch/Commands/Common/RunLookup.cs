using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Runs;

namespace AwsPatch.Commands.Common
{
    /// <summary>How Get-, Wait- and Stop-PatchRun find the commands they act on: by run id or by command ids, errors written.</summary>
    internal static class RunLookup
    {
        /// <summary>The run's commands in the session; a run with none is the error <c>RunNotFound</c> and an empty list.</summary>
        public static async Task<IReadOnlyList<SentCommand>> ByRunIdAsync(AsyncPipeline pipe, PatchRunService runs, AwsSession session, string runId, CancellationToken cancellationToken)
        {
            var commands = await runs.FindRunAsync(session, runId, cancellationToken).ConfigureAwait(false);
            if (commands.Count == 0)
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(RunNotFound(runId, session.RegionName))).ConfigureAwait(false);
            return commands;
        }

        /// <summary>The commands of one session's gathered command ids; each id that is not an AwsPatch command is an error.</summary>
        public static async Task<IReadOnlyList<SentCommand>> ByCommandIdsAsync(AsyncPipeline pipe, PatchRunService runs, SessionBatch<string> batch, CancellationToken cancellationToken)
        {
            var (commands, failures) = await runs.FindCommandsAsync(batch.Session, batch.Items, cancellationToken).ConfigureAwait(false);
            foreach (var failure in failures)
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(failure)).ConfigureAwait(false);
            return commands;
        }

        private static ItemFailure RunNotFound(string runId, string region) => new ItemFailure(runId, "RunNotFound", AwsErrorKind.NotFound,
            $"No AWS-RunPatchBaseline command of run {runId} was found in {region}.",
            "Check the run id (Get-PatchRun without parameters lists recent runs) and the region (-Region); Systems Manager keeps command history for 30 days.");
    }
}
