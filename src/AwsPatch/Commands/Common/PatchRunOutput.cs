using System.Threading.Tasks;
using AwsPatch.Runs;

namespace AwsPatch.Commands.Common
{
    /// <summary>Writes a run result, and for an instance that was not patched also its non-terminating error.</summary>
    internal static class PatchRunOutput
    {
        public static async Task WriteAsync(AsyncPipeline pipe, PatchRunResult result)
        {
            await pipe.WriteObjectAsync(result).ConfigureAwait(false);
            if (InvocationStatus.IsFailure(result.Status))
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(PatchRunService.FailureOf(result))).ConfigureAwait(false);
        }
    }
}
