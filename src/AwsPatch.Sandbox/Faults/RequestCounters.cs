using System.Collections.Concurrent;

namespace AwsPatch.Sandbox;

/// <summary>
/// Requests received per operation (<c>ec2:DescribeInstances</c>, <c>ssm:DescribeInstanceInformation</c> …),
/// counted once authenticated and routed, including those answered with an injected fault; injected throttling
/// answers are also counted on their own, so a client's retries can be told from its calls.
/// </summary>
public sealed class RequestCounters
{
    private static readonly string[] ReadPrefixes = ["Describe", "Get", "List", "Search", "BatchGet"];
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _throttled = new(StringComparer.Ordinal);
    private long _total, _reads, _writes;

    /// <summary>Requests for one operation key; 0 when never called.</summary>
    public long this[string operationKey] => _counts.TryGetValue(operationKey, out var n) ? n : 0;

    public long Total => Interlocked.Read(ref _total);

    /// <summary>Describe/Get/List calls.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Every other call (Create, Send, Delete …): what <c>-WhatIf</c> must keep at zero.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    /// <summary>Requests of one operation key answered with the injected throttling error (included in the count above).</summary>
    public long Throttled(string operationKey) => _throttled.TryGetValue(operationKey, out var n) ? n : 0;

    /// <summary>Throttled answers per operation key (only operations that were throttled).</summary>
    public IReadOnlyDictionary<string, long> ThrottledSnapshot() => new SortedDictionary<string, long>(_throttled, StringComparer.Ordinal);

    public void Reset()
    {
        _counts.Clear();
        _throttled.Clear();
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _reads, 0);
        Interlocked.Exchange(ref _writes, 0);
    }

    internal void Increment(string service, string operation)
    {
        _counts.AddOrUpdate($"{service}:{operation}", 1, (_, n) => n + 1);
        Interlocked.Increment(ref _total);
        if (IsRead(operation)) Interlocked.Increment(ref _reads);
        else Interlocked.Increment(ref _writes);
    }

    internal void IncrementThrottled(string service, string operation) =>
        _throttled.AddOrUpdate($"{service}:{operation}", 1, (_, n) => n + 1);

    public static bool IsRead(string operation) => ReadPrefixes.Any(p => operation.StartsWith(p, StringComparison.Ordinal));
}
