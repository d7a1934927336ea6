namespace AwsPatch.Sandbox;

/// <summary>
/// Simulated time. Nothing in the sandbox reads the wall clock for state changes:
/// time moves only when a test (or the control API) calls <see cref="Advance"/>, or, with
/// <see cref="AdvancePerRequest"/> set, by a fixed step on every AWS request, so a client that polls sees
/// long-running work (snapshots, commands) progress poll by poll, deterministically, without real waiting.
/// </summary>
public sealed class SandboxClock
{
    /// <summary>Where the default fleet's clock starts.</summary>
    public static readonly DateTime DefaultStart = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly object _gate = new();
    private DateTime _start;
    private DateTime _now;
    private TimeSpan _perRequest;

    public SandboxClock(DateTime? start = null)
    {
        _start = DateTime.SpecifyKind(start ?? DefaultStart, DateTimeKind.Utc);
        _now = _start;
    }

    public DateTime UtcNow { get { lock (_gate) return _now; } }

    /// <summary>How far every AWS request moves the clock (before it is handled). Zero (the default) leaves time to the tests.</summary>
    public TimeSpan AdvancePerRequest
    {
        get { lock (_gate) return _perRequest; }
        set
        {
            if (value < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(value), "The sandbox clock only moves forward.");
            lock (_gate) _perRequest = value;
        }
    }

    /// <summary>Called by the request pipeline once per AWS request.</summary>
    internal void OnRequest()
    {
        var step = AdvancePerRequest;
        if (step > TimeSpan.Zero)
            Advance(step);
    }

    /// <summary>Raised after the clock moved (argument: the new time). Later features progress state here.</summary>
    public event Action<DateTime>? Advanced;

    public DateTime Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "The sandbox clock only moves forward.");
        DateTime now;
        lock (_gate) { _now += by; now = _now; }
        Advanced?.Invoke(now);
        return now;
    }

    /// <summary>Back to the start time.</summary>
    public void Reset() { lock (_gate) { _now = _start; _perRequest = TimeSpan.Zero; } }

    internal void Restart(DateTime start)
    {
        lock (_gate) { _start = DateTime.SpecifyKind(start, DateTimeKind.Utc); _now = _start; }
    }
}
