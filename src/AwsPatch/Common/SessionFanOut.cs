using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;

namespace AwsPatch.Common
{
    /// <summary>
    /// Runs one listing per account–region session, at most <c>parallelism</c> at a time, and streams every result as
    /// its session answers (not session by session). A session whose role cannot be assumed, or whose calls fail
    /// (AccessDenied, a Region not enabled, throttling beyond the retries), becomes one failure naming its account and
    /// region; the others go on. With one session only, a failed call ends the listing as it always did (the error is
    /// the command's); a role that cannot be assumed is still the one error naming it. At most
    /// <see cref="ResultsHeld"/> results wait for the consumer.
    /// </summary>
    public static class SessionFanOut
    {
        /// <summary>Account–region sessions worked on at once unless the caller says otherwise (<c>-ThrottleLimit</c>).</summary>
        public const int DefaultParallelism = 8;

        /// <summary>
        /// Results held between the sessions and the consumer: a session that gets this far ahead of the pipeline waits
        /// for it, so memory stays flat however many sessions run at once and however slow the consumer is.
        /// </summary>
        public const int ResultsHeld = 512;

        public static async IAsyncEnumerable<Outcome<T>> RunAsync<T>(
            IReadOnlyList<AwsSession> sessions,
            Func<AwsSession, CancellationToken, IAsyncEnumerable<Outcome<T>>> work,
            int parallelism,
            [EnumeratorCancellation] CancellationToken cancellationToken)
            where T : class
        {
            if (sessions is null) throw new ArgumentNullException(nameof(sessions));
            if (work is null) throw new ArgumentNullException(nameof(work));
            if (parallelism < 1) throw new ArgumentOutOfRangeException(nameof(parallelism), "At least one session must run at a time.");

            var results = new ConcurrentQueue<Outcome<T>>();
            using var ready = new SemaphoreSlim(0);
            using var room = new SemaphoreSlim(ResultsHeld);
            using var slots = new SemaphoreSlim(parallelism);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var remaining = sessions.Count;
            var workers = sessions.Select(session => Task.Run(async () =>
            {
                try
                {
                    await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                    try
                    {
                        await foreach (var outcome in RunOneAsync(session, work, sessions.Count > 1, stop.Token).ConfigureAwait(false))
                        {
                            await room.WaitAsync(stop.Token).ConfigureAwait(false);
                            results.Enqueue(outcome);
                            ready.Release();
                        }
                    }
                    finally
                    {
                        slots.Release();
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref remaining);
                    ready.Release();
                }
            })).ToList();

            try
            {
                while (true)
                {
                    if (results.TryDequeue(out var next))
                    {
                        room.Release();
                        yield return next;
                        continue;
                    }
                    if (Volatile.Read(ref remaining) == 0 && results.IsEmpty)
                        break;
                    await ready.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                // A worker that failed other than with an AWS call error (a bug, a stop) ends the whole listing.
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            finally
            {
                await AbandonedWork.CancelAndDrainAsync(stop, workers).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Looks instances up by id in every session at once (<see cref="RunAsync{T}"/>): each id is found where it lives.
        /// The "not found" of the sessions an id is not in are held back; an id every session said it does not have
        /// becomes one <c>InstanceNotFound</c> failure that names it and every account–region searched (a session that
        /// failed as a whole has its own error, so an id it might hold is not called missing). Any other failure of an id
        /// (a malformed id, a failed lookup) comes out once, however many sessions report it.
        /// </summary>
        public static async IAsyncEnumerable<Outcome<T>> LocateAsync<T>(
            IReadOnlyList<AwsSession> sessions,
            IReadOnlyList<string> ids,
            Func<AwsSession, CancellationToken, IAsyncEnumerable<Outcome<T>>> work,
            Func<T, string?> idOf,
            int parallelism,
            [EnumeratorCancellation] CancellationToken cancellationToken)
            where T : class
        {
            if (ids is null) throw new ArgumentNullException(nameof(ids));
            if (idOf is null) throw new ArgumentNullException(nameof(idOf));
            var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
            var found = new HashSet<string>(StringComparer.Ordinal);
            var notFound = new Dictionary<string, int>(StringComparer.Ordinal);
            var reported = new HashSet<(string, string)>();
            await foreach (var outcome in RunAsync(sessions, work, parallelism, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Value != null)
                {
                    if (idOf(outcome.Value) is { } id)
                        found.Add(id);
                    yield return outcome;
                    continue;
                }
                var failure = outcome.Failure!;
                if (!wanted.Contains(failure.TargetId))
                    yield return outcome;
                else if (failure.Kind == AwsErrorKind.NotFound)
                    notFound[failure.TargetId] = (notFound.TryGetValue(failure.TargetId, out var n) ? n : 0) + 1;
                else if (reported.Add((failure.TargetId, failure.ErrorId)))
                    yield return outcome;
            }

            var searched = string.Join(", ", sessions.Select(TargetId));
            foreach (var id in ids.Distinct(StringComparer.Ordinal).Where(id => notFound.TryGetValue(id, out var n) && n >= sessions.Count && !found.Contains(id)))
            {
                yield return Outcome<T>.Failed(new ItemFailure(id, "InstanceNotFound", AwsErrorKind.NotFound,
                    $"Instance {id} was not found in any of the {sessions.Count} accounts and regions searched: {searched}.",
                    "Check the instance id, and add the account (-RoleArn, or -AccountId with -RoleName) and region (-Region) it lives in; "
                    + "or pipe the instance from Get-PatchInstance, whose objects carry their own account and region."));
            }
        }

        private static async IAsyncEnumerable<Outcome<T>> RunOneAsync<T>(
            AwsSession session,
            Func<AwsSession, CancellationToken, IAsyncEnumerable<Outcome<T>>> work,
            bool several,
            [EnumeratorCancellation] CancellationToken cancellationToken)
            where T : class
        {
            var failure = await AssumeAsync(session, cancellationToken).ConfigureAwait(false);
            if (failure != null)
            {
                yield return Outcome<T>.Failed(failure);
                yield break;
            }

            await using var results = work(session, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                Outcome<T> current = default;
                try
                {
                    if (!await results.MoveNextAsync().ConfigureAwait(false))
                        yield break;
                    current = results.Current;
                }
                catch (AwsCallException ex) when (several && !cancellationToken.IsCancellationRequested)
                {
                    failure = new ItemFailure(TargetId(session), "AccountRegionFailed", ex.Kind,
                        $"{session.Target}: {ex.Message} The other accounts and regions go on.", AwsErrors.ActionFor(ex), ex);
                }
                if (failure != null)
                {
                    yield return Outcome<T>.Failed(failure);
                    yield break;
                }
                yield return current;
            }
        }

        /// <summary>Assumes the session's role up front, so a role that cannot be assumed is one error naming it, before any call.</summary>
        private static async Task<ItemFailure?> AssumeAsync(AwsSession session, CancellationToken cancellationToken)
        {
            if (!(session.Credentials is AssumedRoleCredentials role))
                return null;
            try
            {
                await AwsErrors.CallAsync("sts:AssumeRole", () => role.GetCredentialsAsync(), cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (AwsCallException ex)
            {
                return new ItemFailure(TargetId(session), "AssumeRoleFailed", ex.Kind,
                    $"Could not assume {role.RoleArn} for {session.RegionName}: {ex.Message} Nothing was listed in account {session.AccountId}; the other accounts and regions go on.",
                    $"Check that the role exists in account {session.AccountId} and that its trust policy allows the identity you run as to call sts:AssumeRole "
                    + "(with the sts:ExternalId condition matching -ExternalId, if it has one); see 'Get-Help about_AwsPatch' (Many accounts and regions).",
                    ex);
            }
        }

        /// <summary>"210987654321/us-east-1", or the region alone when the session assumes no role.</summary>
        public static string TargetId(AwsSession session) =>
            session.AccountId is null ? session.RegionName : $"{session.AccountId}/{session.RegionName}";
    }
}
