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
    /// <see cref="SkewWindow"/> before the earliest of them to <see cref="SkewWindow"/> after the latest is current,
    /// counting every simulated time shown in the last 15 real minutes (<see cref="RecentSimulated"/>; see <see cref="Protocol.SigV4Verifier"/>).
    /// </summary>
    public TimeProvider RealTime { get; }

    private readonly Queue<Reading> _readings = new();

    /// <summary>The simulated times the sandbox showed within one real second (the earliest and the latest).</summary>
    private sealed class Reading(DateTimeOffset real, DateTime simulated)
    {
        public DateTimeOffset Real { get; } = real;
        public DateTime Earliest { get; set; } = simulated;
        public DateTime Latest { get; set; } = simulated;
    }

    /// <summary>
    /// The range of simulated times a current signature may be based on, given the simulated time now: the earliest and
    /// the latest simulated time the sandbox showed (in a <c>Date</c> header) within the last <see cref="SkewWindow"/> of
    /// real time, each with the real time since it was shown added to the latest. A client that corrected its clock
    /// from a <c>Date</c> header signs with that reading plus the real time since; on AWS, whose clock runs at real
    /// speed, such a signature stays current for 15 minutes. The simulated clock runs faster, tests jump it ahead and a
    /// reset brings it back, so the signature is judged by the readings of the last 15 real minutes: a request is never
    /// older (or further ahead) than AWS allows in real time, and a clock that is simply off is still refused.
    /// Readings are kept per real second.
    /// </summary>
    public (DateTime Earliest, DateTime Latest) RecentSimulated(DateTime simulatedNow)
    {
        var now = RealTime.GetUtcNow();
        lock (_readings)
        {
            var last = _readings.Count > 0 ? _readings.Last() : null;
            if (last is null || now - last.Real >= TimeSpan.FromSeconds(1))
                _readings.Enqueue(new Reading(now, simulatedNow));
            else if (simulatedNow < last.Earliest)
                last.Earliest = simulatedNow;
            else if (simulatedNow > last.Latest)
                last.Latest = simulatedNow;
            while (_readings.Count > 1 && now - _readings.Peek().Real > SkewWindow)
                _readings.Dequeue();
            var earliest = simulatedNow;
            var latest = simulatedNow;
            foreach (var reading in _readings)
            {
                if (reading.Earliest < earliest) earliest = reading.Earliest;
                var since = reading.Latest + (now - reading.Real);
                if (since > latest) latest = since;
            }
            return (earliest, latest);
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
