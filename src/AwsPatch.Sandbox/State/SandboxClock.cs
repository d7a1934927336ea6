namespace AwsPatch.Sandbox;

/// <summary>
/// Simulated time. Nothing in the sandbox reads the wall clock for state changes. Time moves when a test (or the
/// control API) calls <see cref="Advance"/>; with <see cref="AdvancePerRequest"/> set, by a fixed step on every AWS
/// request, so a client that polls sees long-running work (snapshots, commands) progress poll by poll,
/// deterministically; and with a <see cref="Rate"/> above zero, by itself: every real second moves it
/// <see cref="Rate"/> simulated seconds (the standalone sandbox's default, <see cref="StandaloneRate"/>).
/// Real time comes from an injected <see cref="TimeProvider"/>, so tests drive a rate clock without waiting.
/// In-process servers start with rate zero: time stands still unless a test moves it or asks for a rate.
/// </summary>
public sealed class SandboxClock
{
    /// <summary>Where the default fleet's clock starts.</summary>
    public static readonly DateTime DefaultStart = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// The standalone sandbox's rate: 20 simulated seconds per real second, so an install of the default fleet's
    /// staging instances (90 s each, snapshots first) completes in well under a minute of real time.
    /// </summary>
    public const double StandaloneRate = 20;

    private readonly object _gate = new();
    private readonly TimeProvider _realTime;
    private DateTime _start;
    private DateTime _now;
    private DateTimeOffset _anchor;
    private double _rate;
    private TimeSpan _perRequest;

    public SandboxClock(DateTime? start = null, double rate = 0, TimeProvider? realTime = null)
    {
        ValidateRate(rate);
        _realTime = realTime ?? TimeProvider.System;
        _start = DateTime.SpecifyKind(start ?? DefaultStart, DateTimeKind.Utc);
        _now = _start;
        _rate = rate;
        _anchor = _realTime.GetUtcNow();
    }

    /// <summary>The simulated time, including what the rate added since the last request (reading it changes nothing).</summary>
    public DateTime UtcNow { get { lock (_gate) return _now + Pending(_realTime.GetUtcNow()); } }

    /// <summary>Simulated seconds per real second; 0 freezes the clock (it then moves only when told).</summary>
    public double Rate
    {
        get { lock (_gate) return _rate; }
        set
        {
            ValidateRate(value);
            CatchUp();
            lock (_gate) _rate = value;
        }
    }

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

    /// <summary>Called by the request pipeline once per AWS request: plays the rate's time forward, then the per-request step.</summary>
    internal void OnRequest()
    {
        CatchUp();
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
        lock (_gate)
        {
            Commit();
            _now += by;
            now = _now;
        }
        Advanced?.Invoke(now);
        return now;
    }

    /// <summary>Moves the clock by the time the rate added since the last call, raising <see cref="Advanced"/> if it moved.</summary>
    public DateTime CatchUp()
    {
        DateTime before, now;
        lock (_gate)
        {
            before = _now;
            Commit();
            now = _now;
        }
        if (now > before)
            Advanced?.Invoke(now);
        return now;
    }

    /// <summary>Back to the start time, with no per-request step (the rate stays).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _now = _start;
            _anchor = _realTime.GetUtcNow();
            _perRequest = TimeSpan.Zero;
        }
    }

    internal void Restart(DateTime start)
    {
        lock (_gate)
        {
            _start = DateTime.SpecifyKind(start, DateTimeKind.Utc);
            _now = _start;
            _anchor = _realTime.GetUtcNow();
        }
    }

    /// <summary>Under the lock: adds the rate's time since the anchor to the clock and moves the anchor to now.</summary>
    private void Commit()
    {
        var real = _realTime.GetUtcNow();
        _now += Pending(real);
        _anchor = real;
    }

    private TimeSpan Pending(DateTimeOffset real)
    {
        if (_rate <= 0 || real <= _anchor)
            return TimeSpan.Zero;
        return TimeSpan.FromTicks((long)((real - _anchor).Ticks * _rate));
    }

    private static void ValidateRate(double rate)
    {
        if (double.IsNaN(rate) || double.IsInfinity(rate) || rate < 0)
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The clock rate is simulated seconds per real second: zero (frozen) or more.");
    }
}
