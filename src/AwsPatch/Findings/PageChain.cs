using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;

namespace AwsPatch.Findings
{
    /// <summary>
    /// Walks the pages of several ListFindings queries one after another with one request always in flight:
    /// when a page is handed out, the request for the page after it (or the next query's first page) has already
    /// been sent.
    /// </summary>
    internal sealed class PageChain
    {
        private readonly IInspectorGateway _inspector;
        private readonly IReadOnlyList<FindingFilter> _filters;
        private readonly CancellationToken _cancellationToken;
        private int _filter;
        private Task<Page<PatchFinding>>? _inFlight;
        private bool _started;
        private string? _resumeToken;

        public PageChain(IInspectorGateway inspector, IReadOnlyList<FindingFilter> filters, CancellationToken cancellationToken)
        {
            _inspector = inspector;
            _filters = filters;
            _cancellationToken = cancellationToken;
        }

        /// <summary>The query whose page the last <see cref="NextAsync"/> returned or failed on.</summary>
        public FindingFilter CurrentFilter => _filters[Math.Min(_filter, _filters.Count - 1)];

        /// <summary>
        /// The next page, or null when every query is exhausted. <paramref name="wanted"/> is how many findings the
        /// caller still takes: page sizes are capped by it, and no request is sent ahead once this page satisfies it.
        /// </summary>
        public async Task<Result?> NextAsync(long wanted)
        {
            if (!_started)
            {
                _started = true;
                if (_filters.Count == 0)
                    return null;
                _inFlight = Fetch(null, wanted);
            }
            if (_inFlight == null)
            {
                if (_resumeToken != null)
                {
                    _inFlight = Fetch(_resumeToken, wanted);
                    _resumeToken = null;
                }
                else if (_filter < _filters.Count)
                {
                    _inFlight = Fetch(null, wanted);
                }
                else
                {
                    return null;
                }
            }

            var page = await _inFlight.ConfigureAwait(false);
            _inFlight = null;
            var stillWanted = wanted - page.Items.Count;
            if (stillWanted > 0)
            {
                if (page.NextToken != null)
                    _inFlight = Fetch(page.NextToken, stillWanted);
                else if (++_filter < _filters.Count)
                    _inFlight = Fetch(null, stillWanted);
            }
            else if (page.NextToken != null)
            {
                _resumeToken = page.NextToken;
            }
            else
            {
                _filter++;
            }
            return new Result(page.Items);
        }

        /// <summary>After the current query failed: move on to the next one.</summary>
        public Result? SkipFilter()
        {
            _inFlight = null;
            _resumeToken = null;
            if (++_filter >= _filters.Count)
                return null;
            return new Result(Array.Empty<PatchFinding>());
        }

        /// <summary>The page requested ahead and not yet taken, if any: the consumer drains it when it stops early.</summary>
        public Task? InFlight => _inFlight;

        private Task<Page<PatchFinding>> Fetch(string? token, long size) =>
            _inspector.ListFindingsAsync(_filters[_filter], (int)Math.Max(1, Math.Min(FindingService.PageSize, size)), token, _cancellationToken);

        public sealed class Result
        {
            public Result(IReadOnlyList<PatchFinding> items)
            {
                Items = items;
            }

            public IReadOnlyList<PatchFinding> Items { get; }
        }
    }
}
