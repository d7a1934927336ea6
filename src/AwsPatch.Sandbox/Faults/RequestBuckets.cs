using System.Collections.Concurrent;

namespace AwsPatch.Sandbox;

/// <summary>
/// Throttling as AWS does it: a token bucket per operation and region (the sandbox has one account), refilled on real
/// time; a request that finds its bucket empty is answered with the service's throttling error (EC2:
/// <c>RequestLimitExceeded</c>, HTTP 503). <see cref="Ec2Documented"/> holds EC2's documented buckets (API request
/// throttling, EC2 API reference): most Describe calls 100 burst / 20 a second, mutating calls 50 / 5,
/// CreateSnapshots, CreateSnapshot and DeleteSnapshot 100 / 5, CreateTags 100 / 10, and a Describe call with neither
/// filters, ids nor paging 50 / 10, from a bucket of its own (key <c>ec2:DescribeInstances (unfiltered)</c>, see
/// <see cref="UnfilteredSuffix"/>). SSM and Inspector2 publish no numbers: <see cref="Assumed"/> adds this sandbox's
/// assumption for them (<see cref="SsmReadLimit"/>, <see cref="SsmWriteLimit"/>, <see cref="Inspector2Limit"/>), and
/// <see cref="Set"/> (standalone: <c>--bucket ssm:SendCommand=10/5</c>) replaces any bucket. Off unless
/// <see cref="SandboxOptions.Buckets"/> or <see cref="FaultSettings.Buckets"/> is set.
/// The buckets run on real time, unlike <see cref="SandboxClock"/>: a client's pacing is real waiting.
/// </summary>
public sealed class RequestBuckets
{
    private readonly ConcurrentDictionary<string, Limit> _limits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly bool _ec2Defaults;
    private readonly bool _assumed;

    private RequestBuckets(TimeProvider? time, bool ec2Defaults, bool assumed = false)
    {
        _time = time ?? TimeProvider.System;
        _ec2Defaults = ec2Defaults;
        _assumed = assumed;
    }

    /// <summary>Appended to a Describe operation's key when the call has no filter, no ids and no paging (EC2's 50 / 10 bucket).</summary>
    public const string UnfilteredSuffix = " (unfiltered)";

    /// <summary>
    /// The sandbox's assumption for SSM's reads (Describe*, List*, Get*): 40 burst, 20 a second. AWS publishes no SSM
    /// API rates (Service Quotas shows a few, per account); this is of the order users report, not a documented number.
    /// </summary>
    public static readonly (int Burst, double PerSecond) SsmReadLimit = (40, 20);

    /// <summary>The sandbox's assumption for SSM's writes (SendCommand, CancelCommand, PutParameter, window changes): 10 burst, 5 a second.</summary>
    public static readonly (int Burst, double PerSecond) SsmWriteLimit = (10, 5);

    /// <summary>The sandbox's assumption for every Inspector2 operation (ListFindings, ListCoverage, BatchGetFindingDetails): 20 burst, 10 a second.</summary>
    public static readonly (int Burst, double PerSecond) Inspector2Limit = (20, 10);

    /// <summary>EC2's documented buckets for every EC2 operation; nothing for SSM and Inspector2.</summary>
    public static RequestBuckets Ec2Documented(TimeProvider? time = null) => new(time, ec2Defaults: true);

    /// <summary>EC2's documented buckets plus the sandbox's assumptions for SSM and Inspector2 (documented above).</summary>
    public static RequestBuckets Assumed(TimeProvider? time = null) => new(time, ec2Defaults: true, assumed: true);

    /// <summary>Only the buckets set with <see cref="Set"/>.</summary>
    public static RequestBuckets None(TimeProvider? time = null) => new(time, ec2Defaults: false);

    /// <summary>One operation's bucket (key like <c>ec2:CreateSnapshots</c>): <paramref name="burst"/> requests, refilled at <paramref name="perSecond"/>.</summary>
    public RequestBuckets Set(string operationKey, int burst, double perSecond)
    {
        if (burst < 1) throw new ArgumentOutOfRangeException(nameof(burst), "A bucket holds at least one request.");
        if (!(perSecond > 0) || double.IsInfinity(perSecond)) throw new ArgumentOutOfRangeException(nameof(perSecond), "A bucket refills at more than zero requests a second.");
        _limits[operationKey] = new Limit(burst, perSecond);
        foreach (var key in _buckets.Keys.Where(k => k.StartsWith(operationKey + "@", StringComparison.Ordinal)))
            _buckets.TryRemove(key, out _);
        return this;
    }

    /// <summary>The bucket of an operation key, or null when it is not throttled this way.</summary>
    public (int Burst, double PerSecond)? LimitOf(string operationKey)
    {
        if (_limits.TryGetValue(operationKey, out var own)) return (own.Burst, own.PerSecond);
        if (_assumed && operationKey.StartsWith("ssm:", StringComparison.Ordinal))
            return RequestCounters.IsRead(operationKey["ssm:".Length..]) ? SsmReadLimit : SsmWriteLimit;
        if (_assumed && operationKey.StartsWith("inspector2:", StringComparison.Ordinal))
            return Inspector2Limit;
        if (!_ec2Defaults || !operationKey.StartsWith("ec2:", StringComparison.Ordinal)) return null;
        var operation = operationKey["ec2:".Length..];
        var limit = operation switch
        {
            _ when operation.EndsWith(UnfilteredSuffix, StringComparison.Ordinal) => new Limit(50, 10),
            "CreateSnapshots" or "CreateSnapshot" or "DeleteSnapshot" => new Limit(100, 5),
            "CreateTags" => new Limit(100, 10),
            _ when operation.StartsWith("Describe", StringComparison.Ordinal) => new Limit(100, 20),
            _ when RequestCounters.IsRead(operation) => new Limit(100, 20),
            _ => new Limit(50, 5),
        };
        return (limit.Burst, limit.PerSecond);
    }

    /// <summary>Every bucket full again.</summary>
    public void Refill() => _buckets.Clear();

    /// <summary>Takes one token from the operation's bucket in <paramref name="region"/>; false when it is empty (throttle).</summary>
    internal bool TryTake(string operationKey, string region)
    {
        // A bucket set for the operation covers its unfiltered calls too, unless one is set for them.
        if (operationKey.EndsWith(UnfilteredSuffix, StringComparison.Ordinal) && !_limits.ContainsKey(operationKey)
            && _limits.ContainsKey(operationKey[..^UnfilteredSuffix.Length]))
            operationKey = operationKey[..^UnfilteredSuffix.Length];
        if (LimitOf(operationKey) is not { } limit) return true;
        var now = _time.GetUtcNow();
        var bucket = _buckets.GetOrAdd(operationKey + "@" + region, _ => new Bucket(limit.Burst, now));
        return bucket.TryTake(limit.Burst, limit.PerSecond, now);
    }

    private sealed record Limit(int Burst, double PerSecond);

    private sealed class Bucket(double tokens, DateTimeOffset at)
    {
        private readonly object _gate = new();

        public bool TryTake(int burst, double perSecond, DateTimeOffset now)
        {
            lock (_gate)
            {
                if (now > at)
                {
                    tokens = Math.Min(burst, tokens + (now - at).TotalSeconds * perSecond);
                    at = now;
                }
                if (tokens < 1) return false;
                tokens -= 1;
                return true;
            }
        }
    }
}
