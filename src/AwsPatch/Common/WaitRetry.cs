using System;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;

namespace AwsPatch.Common
{
    /// <summary>
    /// The one policy every wait (runs, snapshots, restores) keeps when a poll fails after the SDK's own retries. A
    /// transient failure (<see cref="IsTransient"/>: throttling, a 5xx, the network, a timeout) does not end the wait: the
    /// wait backs off (<see cref="Backoff"/>: exponential from the poll interval, capped, jittered, on the wait's clock)
    /// and polls again, until its own deadline. The first one is reported in one warning naming the call and its code or
    /// status; later ones are not. Any other failure (access denied, not found, validation) ends the wait as before.
    /// One instance serves one wait.
    /// </summary>
    internal sealed class WaitRetry
    {
        /// <summary>The longest back-off between two polls after failures (unless the poll interval itself is longer).</summary>
        public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

        private static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);

        private readonly IWaitClock _clock;
        private readonly IOperationReporter _reporter;
        private readonly string _subject;
        private readonly TimeSpan _pollInterval;
        private readonly Func<double> _random;
        private int _failures;
        private bool _warned;

        /// <param name="clock">The wait's clock: its deadline and every back-off run on it.</param>
        /// <param name="reporter">Where the one warning goes.</param>
        /// <param name="subject">What is waited for, e.g. "run run-…"; the warning starts with it.</param>
        /// <param name="deadline">The wait's own deadline, on <paramref name="clock"/>.</param>
        /// <param name="pollInterval">The wait's poll interval: the first back-off is about twice it.</param>
        /// <param name="random">A source of numbers in [0, 1) for the jitter; a shared <see cref="Random"/> by default.</param>
        public WaitRetry(IWaitClock clock, IOperationReporter reporter, string subject, DateTime deadline, TimeSpan pollInterval, Func<double>? random = null)
        {
            _clock = clock;
            _reporter = reporter;
            _subject = subject;
            Deadline = deadline;
            _pollInterval = pollInterval;
            _random = random ?? NextShared;
        }

        public DateTime Deadline { get; }

        /// <summary>Failed polls in a row (back to 0 after a poll that worked).</summary>
        public int ConsecutiveFailures => _failures;

        /// <summary>Whether the wait's deadline has passed.</summary>
        public bool Expired => _clock.UtcNow >= Deadline;

        /// <summary>Failures worth polling again for: the service is busy or unreachable, not refusing.</summary>
        public static bool IsTransient(AwsCallException failure) => failure.Kind is AwsErrorKind.Throttled or AwsErrorKind.ServiceFault
            or AwsErrorKind.Network or AwsErrorKind.Timeout;

        /// <summary>
        /// After a transient failed poll: warns (the first time only), then waits the back-off, never past the deadline.
        /// False when the deadline has passed (the caller ends the wait as timed out); true when it is time to poll again.
        /// </summary>
        public async Task<bool> BackOffAsync(AwsCallException failure, CancellationToken cancellationToken)
        {
            _failures++;
            if (!_warned)
            {
                _warned = true;
                _reporter.Warning($"Waiting for {_subject}: {failure.Operation} failed ({Describe(failure)}). The wait goes on: it polls again with back-off until its deadline "
                    + $"({Deadline:yyyy-MM-dd HH:mm:ss} UTC); further failed polls are not reported one by one.");
            }
            var left = Deadline - _clock.UtcNow;
            if (left <= TimeSpan.Zero)
                return false;
            var delay = Backoff(_failures);
            await _clock.DelayAsync(delay < left ? delay : left, cancellationToken).ConfigureAwait(false);
            return true;
        }

        /// <summary>Runs one poll, returning its failure instead of throwing it (waits are iterators: no yield inside a catch).</summary>
        public static async Task<(T Value, AwsCallException? Failure)> PollAsync<T>(Func<Task<T>> poll)
        {
            try
            {
                return (await poll().ConfigureAwait(false), null);
            }
            catch (AwsCallException ex)
            {
                return (default!, ex);
            }
        }

        /// <summary>A poll worked: the next failure backs off from the start again.</summary>
        public void Succeeded() => _failures = 0;

        /// <summary>
        /// The back-off after <paramref name="failures"/> failed polls in a row: the poll interval (at least a second) times
        /// 2^failures, capped at <see cref="MaxBackoff"/> (or the poll interval, if longer), with "equal jitter" (between
        /// half and all of it), so many waiting sessions do not poll in step.
        /// </summary>
        public TimeSpan Backoff(int failures) => Backoff(_pollInterval, failures, _random());

        /// <summary>The same back-off from <paramref name="interval"/> (at least a second), given the jitter draw <paramref name="random"/> in [0, 1).</summary>
        internal static TimeSpan Backoff(TimeSpan interval, int failures, double random)
        {
            var start = interval > MinBackoff ? interval : MinBackoff;
            var cap = interval > MaxBackoff ? interval : MaxBackoff;
            var ticks = start.Ticks * Math.Pow(2, Math.Min(Math.Max(failures, 1), 20));
            var full = Math.Min(ticks, cap.Ticks);
            return TimeSpan.FromTicks((long)(full / 2 + random * full / 2));
        }

        /// <summary>A failure's code and HTTP status for a warning, e.g. "ThrottlingException, HTTP 400".</summary>
        internal static string Describe(AwsCallException failure)
        {
            var status = failure.HttpStatus is { } http ? $"HTTP {http}" : null;
            if (failure.ErrorCode != null)
                return status == null ? failure.ErrorCode : $"{failure.ErrorCode}, {status}";
            return status ?? failure.Kind switch
            {
                AwsErrorKind.Network => "network error",
                AwsErrorKind.Timeout => "timed out",
                AwsErrorKind.Throttled => "throttled",
                _ => "service error",
            };
        }

        private static readonly Random Shared = new Random();

        internal static double NextShared()
        {
            lock (Shared)
                return Shared.NextDouble();
        }
    }
}
