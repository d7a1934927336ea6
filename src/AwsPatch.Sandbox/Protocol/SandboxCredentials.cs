using System.Collections.Concurrent;

namespace AwsPatch.Sandbox;

/// <summary>
/// The access keys the sandbox knows, as IAM would: each access key id has one secret (and, for temporary keys, a
/// session token and an expiry). With <see cref="Strict"/> on, every request's SigV4 signature is verified against
/// them (<see cref="Protocol.SigV4Verifier"/>): unknown keys, wrong secrets, a scope for another service or a malformed
/// region, and an <c>X-Amz-Date</c> more than 15 minutes from the service's time are refused with each protocol's own error.
/// Off, any signature-shaped request is accepted (only its scope is read: its region selects the regional state).
/// The documented pair is <see cref="DocumentedAccessKey"/> / <see cref="DocumentedSecret"/>.
/// </summary>
public sealed class SandboxCredentials
{
    public const string DocumentedAccessKey = "AKIASANDBOXEXAMPLE";
    public const string DocumentedSecret = "sandbox-secret";

    /// <summary>SigV4's clock-skew window: a signature may be at most this far from the service's real time.</summary>
    public static readonly TimeSpan SkewWindow = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, Key> _keys = new(StringComparer.Ordinal);

    public SandboxCredentials(bool strict, TimeProvider? realTime = null)
    {
        Strict = strict;
        RealTime = realTime ?? TimeProvider.System;
        Add(DocumentedAccessKey, DocumentedSecret);
    }

    /// <summary>Whether signatures are verified (default for in-process servers; <c>--strict-auth</c> standalone).</summary>
    public bool Strict { get; set; }

    /// <summary>
    /// The real time signatures are judged by, beside the simulated <see cref="SandboxClock"/> that answers' <c>Date</c>
    /// headers show (clients sign with their own clock, or with one corrected from those headers): a signing time from
    /// <see cref="SkewWindow"/> before the earlier of the two to <see cref="SkewWindow"/> after the later is current
    /// (see <see cref="Protocol.SigV4Verifier"/>).
    /// </summary>
    public TimeProvider RealTime { get; }

    private readonly Queue<(DateTimeOffset Real, DateTime Simulated)> _readings = new();
    private DateTimeOffset _lastReading;

    /// <summary>
    /// The earliest simulated time the sandbox showed (in a <c>Date</c> header) within the last <see cref="SkewWindow"/>
    /// of real time, given the simulated time now. A client that corrected its clock from a <c>Date</c> header signs with
    /// that reading plus the real time since; on AWS, whose clock runs at real speed, such a signature stays current
    /// for 15 minutes. The simulated clock runs faster (and tests jump it), so the signature is judged by the readings
    /// of the last 15 real minutes: a request is never older than AWS allows in real time, and a clock that is simply
    /// off is still refused. One reading is kept per real second.
    /// </summary>
    public DateTime EarliestRecentSimulated(DateTime simulatedNow)
    {
        var now = RealTime.GetUtcNow();
        lock (_readings)
        {
            if (_readings.Count == 0 || now - _lastReading >= TimeSpan.FromSeconds(1))
            {
                _readings.Enqueue((now, simulatedNow));
                _lastReading = now;
            }
            while (_readings.Count > 1 && now - _readings.Peek().Real > SkewWindow)
                _readings.Dequeue();
            var earliest = _readings.Peek().Simulated;
            return earliest < simulatedNow ? earliest : simulatedNow;
        }
    }

    /// <summary>The IAM user long-term keys belong to (in <see cref="SandboxFleet.DefaultAccountId"/>), as error messages name it.</summary>
    public const string DefaultUserArn = "arn:aws:iam::" + SandboxFleet.DefaultAccountId + ":user/sandbox";

    /// <summary>Registers (or replaces) a long-term access key, as <c>aws iam create-access-key</c> would, for the sandbox user of the default account.</summary>
    public SandboxCredentials Add(string accessKeyId, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _keys[accessKeyId] = new Key(secret, null, null, DefaultUser, SimulatedExpiry: false);
        return this;
    }

    /// <summary>
    /// Registers temporary credentials (as STS would issue): the session token must come with them, and they expire at
    /// <paramref name="expires"/> by the real clock. With <paramref name="principal"/> (STS AssumeRole's), they belong to
    /// that role's account, whose state requests signed with them see, and expire by the sandbox clock; without, to the
    /// default account's sandbox user.
    /// </summary>
    public SandboxCredentials AddTemporary(string accessKeyId, string secret, string sessionToken, DateTimeOffset expires, SandboxPrincipal? principal = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(sessionToken);
        _keys[accessKeyId] = new Key(secret, sessionToken, expires, principal ?? DefaultUser, SimulatedExpiry: principal is not null);
        return this;
    }

    /// <summary>Who signs with <paramref name="accessKeyId"/>: its account and ARN (an unknown key: the default account's sandbox user, as permissive auth treats it).</summary>
    public SandboxPrincipal PrincipalOf(string accessKeyId) => _keys.TryGetValue(accessKeyId, out var key) ? key.Principal : DefaultUser;

    private static readonly SandboxPrincipal DefaultUser = new(SandboxFleet.DefaultAccountId, DefaultUserArn);

    internal bool TryGet(string accessKeyId, out Key key) => _keys.TryGetValue(accessKeyId, out key!);

    /// <summary>A key: <see cref="SimulatedExpiry"/> says whether <see cref="Expires"/> is judged by the sandbox clock (STS-issued) or the real one.</summary>
    internal sealed record Key(string Secret, string? SessionToken, DateTimeOffset? Expires, SandboxPrincipal Principal, bool SimulatedExpiry);
}
