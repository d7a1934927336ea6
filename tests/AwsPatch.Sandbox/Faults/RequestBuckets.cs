using System.Collections.Concurrent;

namespace AwsPatch.Sandbox;

/// <summary>
/// Throttling as AWS does it: a token bucket per operation and region (the sandbox has one account), refilled on real
/// time; a request that finds its bucket empty is answered with the service's throttling error (EC2:
/// <c>RequestLimitExceeded</c>, HTTP 503). <see cref="Ec2Documented"/> holds EC2's documented buckets (API request
/// throttling, EC2 API reference): most Describe calls 100 burst / 20 a second, mutating calls 50 / 5,
/// CreateSnapshots, CreateSnapshot and DeleteSnapshot 100 / 5, CreateTags 100 / 10. (EC2's lower 50 / 10 for unfiltered,
/// unpaginated Describe calls is not modelled.) SSM and Inspector2 publish no numbers: they get a bucket only through
/// <see cref="Set"/>. Off unless <see cref="SandboxOptions.Buckets"/> or <see cref="FaultSettings.Buckets"/> is set.
/// The buckets run on real time, unlike <see cref="SandboxClock"/>: a client's pacing is real waiting.
/// </summary>
public sealed class RequestBuckets
{
    private readonly ConcurrentDictionary<string, Limit> _limits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly bool _ec2Defaults;

    private RequestBuckets(TimeProvider? time, bool ec2Defaults)
    {
        _time = time ?? TimeProvider.System;
        _ec2Defaults = ec2Defaults;
    }

    /// <summary>EC2's documented buckets for every EC2 operation; nothing for SSM and Inspector2.</summary>
    public static RequestBuckets Ec2Documented(TimeProvider? time = null) => new(time, ec2Defaults: true);

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
        if (!_ec2Defaults || !operationKey.StartsWith("ec2:", StringComparison.Ordinal)) return null;
        var operation = operationKey["ec2:".Length..];
        var limit = operation switch
        {
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
