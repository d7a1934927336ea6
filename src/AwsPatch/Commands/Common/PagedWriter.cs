using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// The one writer of cmdlets declared with <c>SupportsPaging</c>: -Skip drops the first items, -First stops after
    /// N, -IncludeTotalCount writes the count. A listing streams through <see cref="WriteAsync"/> (asking the service for
    /// <see cref="StillWanted"/> items at most) and ends with <see cref="WriteTotalAsync"/>; a result known whole
    /// goes through <see cref="WriteAllAsync{T}"/>.
    /// </summary>
    internal sealed class PagedWriter
    {
        private readonly PagingParameters _paging;
        private ulong _written;
        private ulong _skipped;

        public PagedWriter(PagingParameters paging)
        {
            _paging = paging;
        }

        /// <summary>-First items have been written: no more listing is needed.</summary>
        public bool IsFull => _written >= _paging.First;

        /// <summary>How many items a listing still needs: what -First still wants plus what -Skip still drops; null without -First.</summary>
        public long? StillWanted
        {
            get
            {
                if (_paging.First == ulong.MaxValue)
                    return null;
                var toSkip = _paging.Skip > _skipped ? _paging.Skip - _skipped : 0;
                return (long)Math.Min(long.MaxValue, (double)(_paging.First - _written) + toSkip);
            }
        }

        /// <summary>Writes the item unless -Skip drops it; false once -First was reached (stop the listing).</summary>
        public async Task<bool> WriteAsync(AsyncPipeline pipe, object item)
        {
            if (_skipped < _paging.Skip)
            {
                _skipped++;
                return true;
            }
            if (IsFull)
                return false;
            _written++;
            await pipe.WriteObjectAsync(item).ConfigureAwait(false);
            return true;
        }

        /// <summary>After a streamed listing: the total is exact only when nothing stopped it early, else a lower bound.</summary>
        public async Task WriteTotalAsync(AsyncPipeline pipe)
        {
            if (_paging.IncludeTotalCount)
                await pipe.WriteObjectAsync(_paging.NewTotalCount(_written + _skipped, IsFull ? 0.0 : 1.0)).ConfigureAwait(false);
        }

        /// <summary>A result known whole (a ranking): its exact count first, then the page of it.</summary>
        public async Task WriteAllAsync<T>(AsyncPipeline pipe, IReadOnlyCollection<T> items)
            where T : class
        {
            if (_paging.IncludeTotalCount)
                await pipe.WriteObjectAsync(_paging.NewTotalCount((ulong)items.Count, 1.0)).ConfigureAwait(false);
            foreach (var item in items.Skip((int)Math.Min(int.MaxValue, _paging.Skip)).Take((int)Math.Min(int.MaxValue, _paging.First)))
                await pipe.WriteObjectAsync(item).ConfigureAwait(false);
        }
    }
}
