namespace AwsPatch.Sandbox.Protocol;

/// <summary>The shared pieces every handler and the control API work on.</summary>
internal sealed class SandboxServices(SandboxState state, SandboxClock clock, FaultSettings faults, RequestCounters counters)
{
    public SandboxState State { get; } = state;
    public SandboxClock Clock { get; } = clock;
    public FaultSettings Faults { get; } = faults;
    public RequestCounters Counters { get; } = counters;

    /// <summary>The access keys the sandbox knows and whether it verifies signatures; a reset keeps them (keys are not fleet state).</summary>
    public SandboxCredentials Credentials { get; init; } = new(strict: false);

    /// <summary>Reseeds the fleet, restarts the clock, clears faults and counters.</summary>
    public void Reset()
    {
        State.Reset();
        Clock.Restart(State.ClockStart);
        Faults.Clear();
        Counters.Reset();
    }
}
