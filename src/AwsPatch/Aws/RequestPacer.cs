using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws
{
    /// <summary>
    /// Client-side rate limiting to AWS's documented request buckets: one token bucket per operation and account-region
    /// (the account is the assumed role's; sessions signing with their own credentials share one bucket per region and
    /// endpoint, which only errs slow), shared by every cmdlet invocation in the process as AWS's bucket is. A call takes a token first and waits for
    /// one when the bucket is empty; a throttled answer empties the bucket, so the calls after it go at the refill
    /// rate. EC2's numbers (API request throttling, EC2 API reference): most Describe calls 100 burst / 20 a second,
    /// mutating calls 50 / 5, CreateSnapshots, CreateSnapshot and DeleteSnapshot 100 / 5, CreateTags 100 / 10.
    /// </summary>
    public sealed class RequestPacer
    {
        private readonly ConcurrentDictionary<string, Bucket> _buckets = new ConcurrentDictionary<string, Bucket>(StringComparer.Ordinal);
        private readonly Func<TimeSpan> _elapsed;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;

        /// <param name="elapsed">A monotonic clock (a <see cref="Stopwatch"/> by default).</param>
        /// <param name="delay">How to wait (<see cref="Task.Delay(TimeSpan, CancellationToken)"/> by default).</param>
        public RequestPacer(Func<TimeSpan>? elapsed = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
        {
            if (elapsed == null)
            {
                var watch = Stopwatch.StartNew();
                elapsed = () => watch.Elapsed;
            }
            _elapsed = elapsed;
            _delay = delay ?? ((wait, token) => Task.Delay(wait, token));
        }

        /// <summary>The documented bucket of an operation (<c>ec2:CreateSnapshots</c>); null when AWS documents none.</summary>
        public static RateLimit? LimitOf(string operation)
        {
            if (operation == null || !operation.StartsWith("ec2:", StringComparison.Ordinal))
                return null;
            var name = operation.Substring(4);
            switch (name)
            {
                case "CreateSnapshots":
                case "CreateSnapshot":
                case "DeleteSnapshot":
                    return new RateLimit(100, 5);
                case "CreateTags":
                    return new RateLimit(100, 10);
            }
            return name.StartsWith("Describe", StringComparison.Ordinal) ? new RateLimit(100, 20) : new RateLimit(50, 5);
        }

        /// <summary>
        /// Calls of <paramref name="operation"/> worth keeping in flight at once: one second's refill (at least one,
        /// at most the burst); more would only queue here. <paramref name="fallback"/> for operations with no bucket.
        /// </summary>
        public static int InFlight(string operation, int fallback)
        {
            var limit = LimitOf(operation);
            return limit == null ? fallback : Math.Max(1, Math.Min(limit.Burst, (int)Math.Ceiling(limit.PerSecond)));
        }

        /// <summary>Takes a token of <paramref name="operation"/>'s bucket for the session's region, waiting until there is one.</summary>
        public async Task WaitAsync(AwsSession session, string operation, CancellationToken cancellationToken)
        {
            var bucket = BucketOf(session, operation);
            if (bucket == null)
                return;
            while (true)
            {
                var wait = bucket.TryTake(_elapsed());
                if (wait <= TimeSpan.Zero)
                    return;
                await _delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>AWS answered <paramref name="operation"/> with throttling: its bucket there is empty, and so is ours.</summary>
        public void Throttled(AwsSession session, string operation) => BucketOf(session, operation)?.Empty(_elapsed());

        private Bucket? BucketOf(AwsSession session, string operation)
        {
            if (session == null)
                throw new ArgumentNullException(nameof(session));
            var limit = LimitOf(operation);
            if (limit == null)
                return null;
            // AWS's buckets are per account and region: ten accounts' calls to one region do not slow each other down.
            var key = (session.EndpointUrl?.AbsoluteUri ?? "aws") + "|" + session.AccountId + "|" + session.RegionName + "|" + operation;
            return _buckets.GetOrAdd(key, _ => new Bucket(limit, _elapsed()));
        }

        private sealed class Bucket
        {
            private readonly object _gate = new object();
            private readonly RateLimit _limit;
            private double _tokens;
            private TimeSpan _at;

            public Bucket(RateLimit limit, TimeSpan now)
            {
                _limit = limit;
                _tokens = limit.Burst;
                _at = now;
            }

            /// <summary>Zero when a token was taken; otherwise how long until the next one.</summary>
            public TimeSpan TryTake(TimeSpan now)
            {
                lock (_gate)
                {
                    Refill(now);
                    if (_tokens >= 1)
                    {
                        _tokens -= 1;
                        return TimeSpan.Zero;
                    }
                    return TimeSpan.FromSeconds(Math.Max((1 - _tokens) / _limit.PerSecond, 0.001));
                }
            }

            public void Empty(TimeSpan now)
            {
                lock (_gate)
                {
                    Refill(now);
                    _tokens = Math.Min(_tokens, 0);
                }
            }

            private void Refill(TimeSpan now)
            {
                if (now <= _at)
                    return;
                _tokens = Math.Min(_limit.Burst, _tokens + (now - _at).TotalSeconds * _limit.PerSecond);
                _at = now;
            }
        }
    }
}
