using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;

namespace AwsPatch.Aws;

/// <summary>
/// The account each set of credentials belongs to, for sessions that assume no role (a role names its account):
/// STS GetCallerIdentity, asked once per access key and endpoint and kept for the process, so a listing of many regions,
/// or a runbook calling cmdlets in a loop, asks once. A failed call (no STS endpoint from a private VPC, a proxy that
/// refuses it) is kept too: retrying it would cost every later command the same time-outs to learn the same thing.
/// A stopped call is not kept. Thread-safe.
/// </summary>
public sealed class CallerAccounts
{
    /// <summary>The operation, as error messages and request counters name it.</summary>
    public const string Operation = "sts:GetCallerIdentity";

    private readonly ConcurrentDictionary<string, Lazy<Task<CallerAccount>>> _accounts = new(StringComparer.Ordinal);

    /// <summary>
    /// The account <paramref name="session"/>'s calls land in: its role's without a call, else its credentials' own.
    /// Never throws for a failed call; the answer then carries the failure instead of the account.
    /// </summary>
    public async Task<CallerAccount> OfAsync(AwsSession session, CancellationToken cancellationToken)
    {
        if (session is null) throw new ArgumentNullException(nameof(session));
        if (session.AccountId is { } known)
            return new CallerAccount(known, null);

        ImmutableCredentials credentials;
        try
        {
            credentials = await AwsErrors.CallAsync(Operation, () => session.Credentials.GetCredentialsAsync(), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex)
        {
            // Not kept: whatever the credentials give next time is what the next call signs with.
            return new CallerAccount(null, ex);
        }

        // The access key id names the credentials (it is no secret: AWS's own errors print it); never the secret or token.
        var key = (session.EndpointUrl?.AbsoluteUri ?? "aws") + "\n" + credentials.AccessKey;
        while (true)
        {
            var lookup = _accounts.GetOrAdd(key, _ => new Lazy<Task<CallerAccount>>(() => AskAsync(session, cancellationToken)));
            try
            {
                return await lookup.Value.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ((ICollection<KeyValuePair<string, Lazy<Task<CallerAccount>>>>)_accounts).Remove(new KeyValuePair<string, Lazy<Task<CallerAccount>>>(key, lookup));
                if (cancellationToken.IsCancellationRequested)
                    throw;
                // Another caller's stop ended the shared call: ask again for this one.
            }
        }
    }

    /// <summary>How many credentials have an answer (or a call under way).</summary>
    public int Count => _accounts.Count;

    private static async Task<CallerAccount> AskAsync(AwsSession session, CancellationToken cancellationToken)
    {
        var (sts, _) = AwsClientFactory.CreateSts(session);
        using (sts)
        {
            try
            {
                var identity = await AwsErrors.CallAsync(Operation, () => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken), cancellationToken).ConfigureAwait(false);
                return string.IsNullOrEmpty(identity.Account)
                    ? new CallerAccount(null, new AwsCallException(Operation, AwsErrorKind.UnexpectedResponse, null, $"{Operation} answered without an account."))
                    : new CallerAccount(identity.Account, null);
            }
            catch (AwsCallException ex)
            {
                return new CallerAccount(null, ex);
            }
        }
    }
}

/// <summary>What <see cref="CallerAccounts"/> learnt of one set of credentials: the account, or why it is not known.</summary>
public sealed class CallerAccount
{
    internal CallerAccount(string? accountId, AwsCallException? failure)
    {
        AccountId = accountId;
        Failure = failure;
    }

    /// <summary>The 12-digit account id; null when <see cref="Failure"/> says why it could not be read.</summary>
    public string? AccountId { get; }

    public AwsCallException? Failure { get; }
}
