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

    /// <summary>Every account the sandbox holds (the default one's state is <see cref="State"/>); null: only that one.</summary>
    public SandboxAccounts? Accounts { get; init; }

    /// <summary>Whether <see cref="State"/> is the default account's (this is not an <see cref="ForAccount"/> view of another).</summary>
    public bool IsPrimaryAccount => Accounts is null || ReferenceEquals(State, Accounts.Primary);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SandboxServices> _views = new(StringComparer.Ordinal);

    /// <summary>
    /// The services as a request signed in <paramref name="accountId"/> sees them: that account's state, the one clock,
    /// faults, counters and keys. The default account (and one the sandbox does not hold) is this object.
    /// </summary>
    public SandboxServices ForAccount(string accountId)
    {
        if (Accounts is null || accountId == State.AccountId || !Accounts.Contains(accountId)) return this;
        return _views.GetOrAdd(accountId, id => new SandboxServices(Accounts[id], Clock, Faults, Counters) { Credentials = Credentials, Accounts = Accounts, Consistency = Consistency });
    }

    /// <summary>Eventual consistency (off unless asked for); a reset keeps the mode and forgets what is still unseen.</summary>
    public EventualConsistency Consistency { get; init; } = new();

    /// <summary>Reseeds the fleet (every account's), restarts the clock, clears faults and counters.</summary>
    public void Reset()
    {
        if (Accounts is null) State.Reset();
        else Accounts.Reset();
        Clock.Restart(State.ClockStart);
        Faults.Clear();
        Counters.Reset();
        Consistency.Clear();
    }
}
