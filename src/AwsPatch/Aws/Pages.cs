using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws
{
    /// <summary>The one loop over a paged AWS list call: every page, in order, until one has no next token.</summary>
    public static class Pages
    {
        /// <summary>The items of every page of <paramref name="call"/> (given null, then each page's next token), as each page arrives.</summary>
        public static async IAsyncEnumerable<T> AllAsync<T>(Func<string?, Task<Page<T>>> call, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var items in EachAsync(call, cancellationToken).ConfigureAwait(false))
            {
                foreach (var item in items)
                    yield return item;
            }
        }

        /// <summary>The items of each page of <paramref name="call"/>, a page at a time, for callers that work per page.</summary>
        public static async IAsyncEnumerable<IReadOnlyList<T>> EachAsync<T>(Func<string?, Task<Page<T>>> call, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            string? token = null;
            do
            {
                var page = await call(token).ConfigureAwait(false);
                yield return page.Items;
                token = page.NextToken;
            }
            while (token != null);
        }
    }
}
