using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Common
{
    /// <summary>
    /// Runs one task per source item with at most <c>parallelism</c> in flight, while the source keeps producing
    /// (a page fetch overlaps the work on earlier pages), and streams the results in source order.
    /// </summary>
    internal static class OrderedFanOut
    {
        public static async IAsyncEnumerable<TOut> SelectAsync<TIn, TOut>(IAsyncEnumerable<TIn> source, Func<TIn, CancellationToken, Task<TOut>> work, int parallelism, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var inFlight = new Queue<Task<TOut>>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    inFlight.Enqueue(work(item, stop.Token));
                    while (inFlight.Count >= parallelism || (inFlight.Count > 0 && inFlight.Peek().IsCompleted))
                        yield return await inFlight.Dequeue().ConfigureAwait(false);
                }
                while (inFlight.Count > 0)
                    yield return await inFlight.Dequeue().ConfigureAwait(false);
            }
            finally
            {
                // Stopped early (or failed): work still in flight is cancelled and drained before the caller goes on.
                await AbandonedWork.CancelAndDrainAsync(stop, inFlight).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Runs <paramref name="work"/> for each item, at most <paramref name="parallelism"/> at once, started in item
        /// order. The first failure in item order propagates when its turn comes, once the work still in flight is
        /// cancelled and drained.
        /// </summary>
        public static async Task ForEachAsync<TIn>(IEnumerable<TIn> items, Func<TIn, CancellationToken, Task> work, int parallelism, CancellationToken cancellationToken)
        {
            var done = SelectAsync(ToAsync(items), async (item, ct) =>
            {
                await work(item, ct).ConfigureAwait(false);
                return true;
            }, parallelism, cancellationToken);
            await foreach (var _ in done.ConfigureAwait(false))
            {
            }
        }

        public static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
        {
            foreach (var item in items)
                yield return item;
            await Task.CompletedTask.ConfigureAwait(false);
        }
    }
}
