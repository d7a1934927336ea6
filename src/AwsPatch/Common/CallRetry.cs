using System;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;

namespace AwsPatch.Common
{
    /// <summary>
    /// The transient-retry policy of the calls a workflow makes besides its polls (a run's check phase, run record,
    /// snapshot lookups and creates, SendCommand), on <see cref="WaitRetry"/>'s rules: a failure after the SDK's own
    /// retries that is <see cref="WaitRetry.IsTransient"/> is tried again after <see cref="WaitRetry.Backoff(TimeSpan, int, double)"/>
    /// on the injected <see cref="IWaitClock"/>, other failures are thrown at once. The budget:
    /// <list type="bullet">
    /// <item>a workflow that waits (<c>-Wait</c>) retries until its wait's own deadline;</item>
    /// <item>a plain listing, or a workflow without a wait, retries only within <see cref="ListingBudget"/> of a call's
    ///   first attempt, so an outage is reported in seconds, not minutes;</item>
    /// <item>a call is tried at most <see cref="MaxRounds"/> times, and after <see cref="OutageRounds"/> failed rounds in a
    ///   row of one call, with no call of this policy answering meanwhile, the service counts as down: calls get one round
    ///   each until one answers again (calls failing at the same moment each keep their retry). Each round already holds the SDK's five attempts (seconds of real time), so a lasting outage
    ///   costs one extra round, never the whole deadline.</item>
    /// </list>
    /// A call that came through after a retry is reported in one warning naming it (the first time only; later ones go to
    /// verbose). A call that still failed is the caller's to report, so an outage is never warned about twice. Thread-safe:
    /// one instance serves one workflow's concurrent calls.
    /// </summary>
    internal sealed class CallRetry
    {
        /// <summary>How long after a call's first attempt a listing (or a workflow without a wait) may still retry it.</summary>
        public static readonly TimeSpan ListingBudget = TimeSpan.FromSeconds(3);

        /// <summary>The most times one call is tried (each try is the SDK's own attempts).</summary>
        public const int MaxRounds = 4;

        /// <summary>Failed rounds in a row of one call, with no call answering meanwhile, after which the service counts as down.</summary>
        public const int OutageRounds = 2;

        private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

        private readonly IWaitClock _clock;
        private readonly IOperationReporter? _reporter;
        private readonly string _subject;
        private readonly DateTime? _deadline;
        private readonly Func<double> _random;
        private int _answered;
        private int _down;
        private int _warned;
        private int _retries;

        /// <param name="clock">What the budget and every back-off run on.</param>
        /// <param name="reporter">Where the one warning goes; null: none (the caller reports).</param>
        /// <param name="subject">What the calls serve, e.g. "run run-…"; the warning starts with it.</param>
        /// <param name="deadline">The wait's deadline on <paramref name="clock"/>; null: <see cref="ListingBudget"/> per call.</param>
        /// <param name="random">A source of numbers in [0, 1) for the jitter; a shared <see cref="Random"/> by default.</param>
        public CallRetry(IWaitClock clock, IOperationReporter? reporter, string subject, DateTime? deadline, Func<double>? random = null)
        {
            _clock = clock;
            _reporter = reporter;
            _subject = subject;
            _deadline = deadline;
            _random = random ?? WaitRetry.NextShared;
        }

        /// <summary>A listing's policy: <see cref="ListingBudget"/> per call, no warning of its own.</summary>
        public static CallRetry Listing(IWaitClock clock) => new CallRetry(clock, null, "the listing", null);

        /// <summary>Calls retried so far (after a transient failure).</summary>
        public int Retries => Volatile.Read(ref _retries);

        /// <summary>Runs <paramref name="call"/>, trying it again after transient failures while the budget lasts.</summary>
        public async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken, Func<AwsCallException, Task<T?>>? beforeRetry = null)
        {
            var started = _clock.UtcNow;
            AwsCallException? first = null;
            var answeredBefore = 0;
            for (var round = 1; ; round++)
            {
                AwsCallException failure;
                try
                {
                    var value = await call().ConfigureAwait(false);
                    Answered(first, round);
                    return value;
                }
                catch (AwsCallException ex)
                {
                    failure = ex;
                }
                if (first == null)
                {
                    first = failure;
                    answeredBefore = Volatile.Read(ref _answered);
                }
                // This call failed OutageRounds rounds in a row and no call of the policy answered meanwhile: the service is down.
                if (round >= OutageRounds && Volatile.Read(ref _answered) == answeredBefore)
                    Volatile.Write(ref _down, 1);
                var delay = WaitRetry.Backoff(FirstBackoff, round, _random());
                var budgetEnd = _deadline ?? started + ListingBudget;
                if (!WaitRetry.IsTransient(failure) || round >= MaxRounds || Volatile.Read(ref _down) == 1 || _clock.UtcNow + delay > budgetEnd)
                    throw failure;
                Interlocked.Increment(ref _retries);
                _reporter?.Verbose($"{_subject}: {failure.Operation} failed ({WaitRetry.Describe(failure)}); trying it again in {delay.TotalSeconds:0.#} s.");
                await _clock.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
                if (beforeRetry != null)
                {
                    // The failed call may have been carried out (a 5xx, a lost answer): the caller looks for its effect first.
                    var lookup = beforeRetry;
                    var found = await RunAsync(async () => Tuple.Create(await lookup(failure).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
                    if (found.Item1 is { } done)
                    {
                        Answered(first, round + 1);
                        return done;
                    }
                }
            }
        }

        /// <summary>Runs <paramref name="call"/> (no result) under the same policy.</summary>
        public Task RunAsync(Func<Task> call, CancellationToken cancellationToken) =>
            RunAsync<object>(async () =>
            {
                await call().ConfigureAwait(false);
                return Done;
            }, cancellationToken);

        private static readonly object Done = new object();

        private void Answered(AwsCallException? first, int rounds)
        {
            Interlocked.Increment(ref _answered);
            Volatile.Write(ref _down, 0);
            if (first == null || _reporter == null)
                return;
            var message = $"{_subject}: {first.Operation} failed ({WaitRetry.Describe(first)}) and answered when tried again ({rounds} tries, with back-off). "
                + "It goes on, slower; further retried calls are not reported one by one.";
            if (Interlocked.Exchange(ref _warned, 1) == 0)
                _reporter.Warning(message);
            else
                _reporter.Verbose(message);
        }
    }
}
