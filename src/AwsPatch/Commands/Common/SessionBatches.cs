using System.Collections.Generic;
using AwsPatch.Aws;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// The one way a cmdlet batches its input: gather per session in ProcessRecord (<see cref="Add"/> hands back a
    /// batch that reached the API limit, to send at once), then <see cref="Drain"/> the rest in EndProcessing. Piped
    /// objects may carry their own region, so each session (credentials, region, endpoint) has its own batches; a
    /// call that also depends on one more input value (a run id) adds it as the batch's group. Working in several
    /// accounts keeps this key: an account is part of the session it is resolved into.
    /// </summary>
    internal sealed class SessionBatches<T>
    {
        private readonly Dictionary<(AwsSession Session, string Group), List<T>> _pending = new Dictionary<(AwsSession Session, string Group), List<T>>();
        private readonly Dictionary<(AwsSession Session, string Group), HashSet<T>>? _seen;
        private readonly IEqualityComparer<T>? _distinct;

        /// <param name="distinct">When given, an item already gathered for the same session and group (in any batch) is dropped.</param>
        public SessionBatches(IEqualityComparer<T>? distinct = null)
        {
            _distinct = distinct;
            if (distinct != null)
                _seen = new Dictionary<(AwsSession Session, string Group), HashSet<T>>();
        }

        /// <summary>
        /// Gathers <paramref name="items"/> (none still opens the session's batch, so <see cref="Drain"/> returns it);
        /// returns the batch once it holds <paramref name="flushAt"/> items, and then forgets it; otherwise null.
        /// The default gathers everything for EndProcessing.
        /// </summary>
        public SessionBatch<T>? Add(AwsSession session, IEnumerable<T> items, int flushAt = int.MaxValue, string group = "")
        {
            var key = (session, group);
            if (!_pending.TryGetValue(key, out var batch))
                _pending[key] = batch = new List<T>();
            HashSet<T>? seen = null;
            if (_seen != null && !_seen.TryGetValue(key, out seen))
                _seen[key] = seen = new HashSet<T>(_distinct);
            foreach (var item in items)
            {
                if (seen == null || seen.Add(item))
                    batch.Add(item);
            }
            if (batch.Count < flushAt)
                return null;
            _pending.Remove(key);
            return new SessionBatch<T>(session, group, batch);
        }

        /// <summary>Every batch not yet handed back (EndProcessing sends them), and forgets them.</summary>
        public List<SessionBatch<T>> Drain()
        {
            var rest = new List<SessionBatch<T>>(_pending.Count);
            foreach (var pair in _pending)
                rest.Add(new SessionBatch<T>(pair.Key.Session, pair.Key.Group, pair.Value));
            _pending.Clear();
            return rest;
        }
    }
}
