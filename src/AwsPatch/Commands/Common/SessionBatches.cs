using System.Collections.Generic;
using System.Linq;
using AwsPatch.Aws;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// What a batching cmdlet collects in ProcessRecord, kept per session (piped objects may carry their own region):
    /// <see cref="Add"/> hands back a full batch to send now, <see cref="Drain"/> the rest in EndProcessing.
    /// </summary>
    internal sealed class SessionBatches<T>
    {
        private readonly Dictionary<AwsSession, List<T>> _pending = new Dictionary<AwsSession, List<T>>();
        private readonly int _size;

        public SessionBatches(int size)
        {
            _size = size;
        }

        /// <returns>The session's collected items once they reach the batch size (and then forgets them), else null.</returns>
        public List<T>? Add(AwsSession session, IEnumerable<T> items)
        {
            if (!_pending.TryGetValue(session, out var batch))
                _pending[session] = batch = new List<T>();
            batch.AddRange(items);
            if (batch.Count < _size)
                return null;
            _pending.Remove(session);
            return batch;
        }

        public List<KeyValuePair<AwsSession, List<T>>> Drain()
        {
            var rest = _pending.ToList();
            _pending.Clear();
            return rest;
        }
    }
}
