using AwsPatch.Common;

namespace AwsPatch.Tests.Unit;

/// <summary>
/// A wait clock that never sleeps: every delay is recorded and moves its time (and, when given, whatever else should
/// move with it, such as the sandbox's simulated clock) forward by the delay at once.
/// </summary>
internal sealed class FakeWaitClock : IWaitClock
{
    private readonly object _gate = new();
    private readonly List<TimeSpan> _delays = [];
    private readonly Action<TimeSpan>? _onDelay;
    private DateTime _now;

    public FakeWaitClock(DateTime? start = null, Action<TimeSpan>? onDelay = null)
    {
        _now = start ?? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        _onDelay = onDelay;
    }

    public DateTime UtcNow { get { lock (_gate) return _now; } }

    /// <summary>Every delay asked for, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays { get { lock (_gate) return _delays.ToList(); } }

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _delays.Add(delay);
            if (delay > TimeSpan.Zero) _now += delay;
        }
        if (delay > TimeSpan.Zero) _onDelay?.Invoke(delay);
        return Task.CompletedTask;
    }
}
