namespace AwsPatch.Sandbox;

/// <summary>A fleet to seed <see cref="SandboxState"/> with: the account, where the clock starts, the instances.</summary>
public sealed class SandboxFleet
{
    public const string DefaultAccountId = "123456789012";

    public string AccountId { get; init; } = DefaultAccountId;
    public DateTime ClockStart { get; init; } = SandboxClock.DefaultStart;
    public IReadOnlyList<SandboxInstance> Instances { get; init; } = [];
}
