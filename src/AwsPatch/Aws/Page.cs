using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>One page of a paged AWS list call; <see cref="NextToken"/> is null on the last page.</summary>
    public sealed class Page<T>
    {
        public Page(IReadOnlyList<T> items, string? nextToken)
        {
            Items = items;
            NextToken = string.IsNullOrEmpty(nextToken) ? null : nextToken;
        }

        public IReadOnlyList<T> Items { get; }

        public string? NextToken { get; }
    }
}
