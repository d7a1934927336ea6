namespace AwsPatch.Sandbox;

/// <summary>A fleet to seed <see cref="SandboxState"/> with: the account, where the clock starts, the instances.</summary>
public sealed class SandboxFleet
{
    public const string DefaultAccountId = "123456789012";

    public string AccountId { get; init; } = DefaultAccountId;
    public DateTime ClockStart { get; init; } = SandboxClock.DefaultStart;
    public IReadOnlyList<SandboxInstance> Instances { get; init; } = [];

    /// <summary>Patch states the fleet starts with (instance id → state); instances not listed were never scanned.</summary>
    public IReadOnlyDictionary<string, InstancePatchState> PatchStates { get; init; } = new Dictionary<string, InstancePatchState>();

    /// <summary>
    /// This fleet with its clock starting at <paramref name="start"/>: every timestamp (launch, last ping,
    /// volume attach, seeded patch states) moves by the same amount, so ages stay as the fleet meant them.
    /// </summary>
    public SandboxFleet StartingAt(DateTime start)
    {
        var shift = DateTime.SpecifyKind(start, DateTimeKind.Utc) - ClockStart;
        foreach (var instance in Instances)
        {
            instance.LaunchTime += shift;
            if (instance.Ssm is { } ssm) ssm.LastPingDateTime += shift;
            foreach (var volume in instance.Volumes)
                if (volume.AttachTime is { } attached) volume.AttachTime = attached + shift;
        }

        return new SandboxFleet
        {
            AccountId = AccountId,
            ClockStart = DateTime.SpecifyKind(start, DateTimeKind.Utc),
            Instances = Instances,
            PatchStates = PatchStates.ToDictionary(p => p.Key, p => p.Value with
            {
                LastOperationTime = p.Value.LastOperationTime + shift,
                LastOperationStartTime = p.Value.LastOperationStartTime + shift,
            }),
        };
    }

    /// <summary>This fleet with every SSM-managed instance scanned once, 1 to 72 hours before the clock starts.</summary>
    public SandboxFleet Scanned()
    {
        var states = new Dictionary<string, InstancePatchState>(PatchStates);
        foreach (var instance in Instances.Where(i => i.Ssm is not null && !states.ContainsKey(i.InstanceId)))
        {
            var hours = 1 + InstancePatchState.Initial(instance.InstanceId).InstalledCount % 72;
            states[instance.InstanceId] = InstancePatchState.Scanned(instance.InstanceId, ClockStart.AddHours(-hours));
        }

        return new SandboxFleet { AccountId = AccountId, ClockStart = ClockStart, Instances = Instances, PatchStates = states };
    }
}
