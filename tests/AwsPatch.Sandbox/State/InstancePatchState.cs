namespace AwsPatch.Sandbox;

/// <summary>
/// What the last AWS-RunPatchBaseline run left on one instance: the sandbox's stand-in for the patch
/// compliance data Patch Manager reports. Read it with <see cref="SandboxState.PatchStateOf"/>; a scan or
/// install that completes updates it.
/// </summary>
public sealed record InstancePatchState
{
    /// <summary>Scan or Install; null when no patch run ever completed on the instance.</summary>
    public string? LastOperation { get; init; }

    /// <summary>When the last completed operation ended (simulated time).</summary>
    public DateTime? LastOperationTime { get; init; }

    /// <summary>When the last completed operation started on the instance (simulated time).</summary>
    public DateTime? LastOperationStartTime { get; init; }

    /// <summary>RebootIfNeeded or NoReboot: how the last operation ran.</summary>
    public string? LastRebootOption { get; init; }

    /// <summary>The command that last changed this state.</summary>
    public string? LastCommandId { get; init; }

    /// <summary>Success or Failed: how the last operation ended.</summary>
    public string? LastOutcome { get; init; }

    public int InstalledCount { get; init; }

    /// <summary>Patches the baseline approves that are not installed.</summary>
    public int MissingCount { get; init; }

    public int FailedCount { get; init; }

    /// <summary>Installed patches waiting for a reboot (install with RebootOption NoReboot).</summary>
    public int InstalledPendingRebootCount { get; init; }

    public bool PendingReboot => InstalledPendingRebootCount > 0;

    /// <summary>Whether a scan or install ever completed: Patch Manager has no patch state for the instance otherwise.</summary>
    public bool HasRun => LastOperation is not null;

    /// <summary>The state an instance starts with: a few missing patches, derived from its id so every run sees the same fleet.</summary>
    public static InstancePatchState Initial(string instanceId)
    {
        var hash = 0;
        foreach (var c in instanceId) hash = unchecked(hash * 31 + c);
        hash &= int.MaxValue;
        return new InstancePatchState { InstalledCount = 100 + hash % 50, MissingCount = 1 + hash % 6 };
    }

    /// <summary>
    /// The seeded state after a successful scan that ended <paramref name="endedAt"/> (for fleets that start
    /// scanned, <see cref="SandboxOptions.PatchScanned"/>): the same counts as <see cref="Initial"/>.
    /// </summary>
    public static InstancePatchState Scanned(string instanceId, DateTime endedAt) => Initial(instanceId) with
    {
        LastOperation = "Scan",
        LastOperationStartTime = endedAt.AddSeconds(-30),
        LastOperationTime = endedAt,
        LastOutcome = "Success",
        LastRebootOption = "RebootIfNeeded",
    };
}
