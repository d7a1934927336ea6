namespace AwsPatch.Sandbox;

/// <summary>
/// Faults for one operation (or the default for all). A null value falls back to
/// <see cref="FaultSettings.Default"/>, then to "no fault".
/// </summary>
public sealed class OperationFaults
{
    private volatile Box? _latency, _throttle, _server, _denied;

    /// <summary>Added latency in milliseconds before the response.</summary>
    public int? LatencyMs
    {
        get => _latency is { } b ? (int)b.Value : null;
        set { if (value < 0) throw new ArgumentOutOfRangeException(nameof(value)); _latency = value is null ? null : new Box(value.Value); }
    }

    /// <summary>Share of requests (0..1) answered with the service's real throttling error.</summary>
    public double? ThrottleRate { get => _throttle?.Value; set => _throttle = Rate(value); }

    /// <summary>Share of requests (0..1) answered with the service's real 5xx error.</summary>
    public double? ServerErrorRate { get => _server?.Value; set => _server = Rate(value); }

    /// <summary>
    /// The caller lacks IAM permission for the operation: every request gets the service's real access-denied
    /// error (EC2 UnauthorizedOperation, SSM AccessDeniedException …), which SDKs do not retry.
    /// </summary>
    public bool? Denied
    {
        get => _denied is { } b ? b.Value != 0 : null;
        set => _denied = value is null ? null : new Box(value.Value ? 1 : 0);
    }

    private volatile InjectedError? _error;

    /// <summary>
    /// Every request gets this answer: an AWS error in the service's real shape, or a load balancer's HTML page.
    /// SDKs retry it as they would the real one (5xx and throttling codes), so it also stands for an outage.
    /// </summary>
    public InjectedError? Error { get => _error; set => _error = value; }

    private int _remaining = -1;

    /// <summary>
    /// How many more requests these faults answer (a burst: <c>ThrottleRate = 1, Count = 10</c> throttles the next ten
    /// requests); once used up, the operation falls back to <see cref="FaultSettings.Default"/>. Null: every request.
    /// Reading it gives what is left.
    /// </summary>
    public int? Count
    {
        get { var n = Volatile.Read(ref _remaining); return n < 0 ? null : n; }
        set { if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), "A count is zero or more."); Volatile.Write(ref _remaining, value ?? -1); }
    }

    /// <summary>Takes one request from <see cref="Count"/>: false when a count is set and used up (these faults no longer apply).</summary>
    internal bool TryTake()
    {
        while (true)
        {
            var n = Volatile.Read(ref _remaining);
            if (n < 0) return true;
            if (n == 0) return false;
            if (Interlocked.CompareExchange(ref _remaining, n - 1, n) == n) return true;
        }
    }

    internal bool IsEmpty => _latency is null && _throttle is null && _server is null && _denied is null && _error is null && _remaining < 0;

    internal void Clear() { _latency = null; _throttle = null; _server = null; _denied = null; _error = null; _remaining = -1; }

    private static Box? Rate(double? value)
    {
        if (value is < 0 or > 1 || (value is { } v && double.IsNaN(v)))
            throw new ArgumentOutOfRangeException(nameof(value), "A rate is between 0 and 1.");
        return value is null ? null : new Box(value.Value);
    }

    private sealed record Box(double Value);
}
