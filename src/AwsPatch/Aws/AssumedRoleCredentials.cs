using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace AwsPatch.Aws;

/// <summary>
/// Credentials of an IAM role, got through STS AssumeRole from the credentials the session resolved (keys, a profile,
/// an instance profile in a tooling account …), with the session name <see cref="SessionName"/> and the optional
/// external id. Kept until <see cref="RefreshBefore"/> before they expire, then assumed again. Expiry is judged where
/// AWS judges it, on the service's clock: <see cref="Clock"/> learns AWS's time from the <c>Date</c> of every answer STS
/// and the clients signing with these credentials get (<see cref="AwsClientFactory"/>), so neither a machine clock
/// that is off nor a service clock that moved (a sandbox told to jump) keeps dead credentials or throws live ones away.
/// A call refused as expired all the same (<see cref="RoleExpiryRetryHandler"/>) forgets them and is made once more
/// with fresh ones. Never renders key material.
/// </summary>
public sealed class AssumedRoleCredentials : AWSCredentials
{
    /// <summary>Assume again this long before the credentials expire.</summary>
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);

    /// <summary>What CloudTrail shows as the role session: AwsPatch and the machine it ran on.</summary>
    public static readonly string SessionName = SessionNameFor(Environment.MachineName);

    private readonly IAmazonSecurityTokenService _sts;
    private readonly string? _externalId;
    private readonly SemaphoreSlim _assuming = new SemaphoreSlim(1, 1);
    private Held? _held;

    internal AssumedRoleCredentials(IAmazonSecurityTokenService sts, ServiceClock clock, string roleArn, string? externalId)
    {
        _sts = sts ?? throw new ArgumentNullException(nameof(sts));
        Clock = clock ?? throw new ArgumentNullException(nameof(clock));
        RoleArn = roleArn ?? throw new ArgumentNullException(nameof(roleArn));
        _externalId = externalId;
    }

    public string RoleArn { get; }

    /// <summary>How many times STS was asked (for tests and the debug stream).</summary>
    public int AssumeCount { get; private set; }

    /// <summary>AWS's time as the answers to calls with these credentials (and STS's) tell it; expiry is judged on it.</summary>
    internal ServiceClock Clock { get; }

    /// <summary>When the credentials held now expire, on the service's clock; null before the first AssumeRole or after <see cref="Expired"/>.</summary>
    internal DateTime? ExpiresAt => Volatile.Read(ref _held)?.Expiration;

    /// <summary>Which credentials are held: a call that failed as expired passes what it read here before it was made.</summary>
    internal int Generation => Volatile.Read(ref _held)?.Generation ?? 0;

    public override ImmutableCredentials GetCredentials() =>
        Fresh(Volatile.Read(ref _held)) is { } held
            ? held.Credentials.Copy()
            : throw new NotSupportedException("AwsPatch assumes roles asynchronously only; its AWS clients never ask for credentials synchronously.");

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        if (Fresh(Volatile.Read(ref _held)) is { } held)
            return held.Credentials.Copy();
        await _assuming.WaitAsync().ConfigureAwait(false);
        try
        {
            // Another caller may have assumed the role while this one waited.
            held = Fresh(Volatile.Read(ref _held)) ?? await AssumeAsync().ConfigureAwait(false);
            return held.Credentials.Copy();
        }
        finally
        {
            _assuming.Release();
        }
    }

    /// <summary>
    /// AWS refused a call as expired although the credentials seemed fresh: forget them, unless they are no longer the
    /// ones of <paramref name="generation"/> (another call already got new ones), so the next call assumes the role again.
    /// </summary>
    internal void Expired(int generation)
    {
        var held = Volatile.Read(ref _held);
        if (held != null && held.Generation == generation)
            Interlocked.CompareExchange(ref _held, null, held);
    }

    private Held? Fresh(Held? held) => held != null && Clock.UtcNow < held.Expiration - RefreshBefore ? held : null;

    private async Task<Held> AssumeAsync()
    {
        var response = await _sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = RoleArn,
            RoleSessionName = SessionName,
            ExternalId = _externalId,
        }).ConfigureAwait(false);
        AssumeCount++;
        var credentials = response.Credentials;
        var held = new Held(
            new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            credentials.Expiration!.Value.ToUniversalTime(),
            AssumeCount);
        Volatile.Write(ref _held, held);
        return held;
    }

    public override string ToString() => $"role {RoleArn}";

    /// <summary>"AwsPatch-" and the machine name, cut to STS's 64 characters of [\w+=,.@-].</summary>
    internal static string SessionNameFor(string machine)
    {
        var name = new StringBuilder("AwsPatch");
        if (!string.IsNullOrEmpty(machine))
        {
            name.Append('-');
            foreach (var c in machine)
                name.Append(char.IsLetterOrDigit(c) && c < 128 || "_+=,.@-".IndexOf(c) >= 0 ? c : '-');
        }
        return name.Length > 64 ? name.ToString(0, 64) : name.ToString();
    }

    /// <summary>One AssumeRole's credentials, when they expire on the service's clock, and which assume gave them.</summary>
    private sealed class Held
    {
        public Held(ImmutableCredentials credentials, DateTime expiration, int generation)
        {
            Credentials = credentials;
            Expiration = expiration;
            Generation = generation;
        }

        public ImmutableCredentials Credentials { get; }

        public DateTime Expiration { get; }

        public int Generation { get; }
    }
}
