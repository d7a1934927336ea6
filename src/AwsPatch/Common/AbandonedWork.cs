using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Common
{
    /// <summary>
    /// Work its consumer stopped waiting for (it stopped early, or a sibling failed): cancelled, then awaited, so no
    /// request of it, and no SDK retry of one, is sent after the caller has returned, and no exception goes unobserved.
    /// </summary>
    internal static class AbandonedWork
    {
        public static async Task CancelAndDrainAsync(CancellationTokenSource stop, IEnumerable<Task?> tasks)
        {
            stop.Cancel();
            foreach (var task in tasks)
            {
                if (task == null)
                    continue;
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Cancelled, or failed after the consumer stopped: nobody waits for its result any more.
                }
            }
        }
    }
}
