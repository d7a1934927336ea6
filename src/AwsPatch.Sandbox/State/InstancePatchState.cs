using System.Collections.Immutable;

namespace AwsPatch.Sandbox;

/// <summary>
/// What the last AWS-RunPatchBaseline run left on one instance: the sandbox's stand-in for the patch compliance data
/// Patch Manager reports, one <see cref="PatchRecord"/> per patch. DescribeInstancePatchStates' counts and
/// DescribeInstancePatches' list are both read from <see cref="Patches"/> (through <see cref="InstancePatchView"/>),
/// so they always agree. Read it with <see cref="SandboxState.PatchStateOf"/>; a scan or install that completes
/// replaces it (<see cref="PatchOperation"/>).
/// </summary>
public sealed record InstancePatchState
{
    private readonly ImmutableArray<PatchRecord> _patches;

    /// <summary>The instance whose seeded catalog <see cref="Patches"/> starts from.</summary>
    public required string InstanceId { get; init; }

    /// <summary>Every patch of the instance; the seeded list (<see cref="Seed"/>) until an operation changed it.</summary>
    public ImmutableArray<PatchRecord> Patches
    {
        get => _patches.IsDefault ? Seed(InstanceId) : _patches;
        init => _patches = value;
    }

    /// <summary>Scan or Install; null when no patch run ever completed on the instance.</summary>
    public string? LastOperation { get; init; }

    /// <summary>When the last completed operation ended (simulated time).</summary>
    public DateTime? LastOperationTime { get; init; }

    /// <summary>
    /// When the last successful Install ended (after its reboot); kept through later Scans, which change no package.
    /// Null before any install the sandbox ran.
    /// </summary>
    public DateTime? LastInstallTime { get; init; }

    /// <summary>When the last completed operation started on the instance (simulated time).</summary>
    public DateTime? LastOperationStartTime { get; init; }

    /// <summary>RebootIfNeeded or NoReboot: how the last operation ran.</summary>
    public string? LastRebootOption { get; init; }

    /// <summary>The command that last changed this state.</summary>
    public string? LastCommandId { get; init; }

    /// <summary>Success or Failed: how the last operation ended.</summary>
    public string? LastOutcome { get; init; }

    /// <summary>The baseline snapshot (AWS-RunPatchBaseline's SnapshotId) the last operation used; null when it used none.</summary>
    public string? SnapshotId { get; init; }

    /// <summary>Installed patches the baseline approves, including those waiting for a reboot.</summary>
    public int InstalledCount => Count(PatchState.Installed) + InstalledPendingRebootCount;

    /// <summary>Patches the baseline approves that are not installed.</summary>
    public int MissingCount => Count(PatchState.Missing);

    public int FailedCount => Count(PatchState.Failed);

    /// <summary>Installed patches waiting for a reboot (install with RebootOption NoReboot).</summary>
    public int InstalledPendingRebootCount => Count(PatchState.InstalledPendingReboot);

    public int InstalledOtherCount => Count(PatchState.InstalledOther);

    public int NotApplicableCount => Count(PatchState.NotApplicable);

    public bool PendingReboot => InstalledPendingRebootCount > 0;

    /// <summary>Whether a scan or install ever completed: Patch Manager has no patch state for the instance otherwise.</summary>
    public bool HasRun => LastOperation is not null;

    public int Count(PatchState state)
    {
        var n = 0;
        foreach (var patch in Patches) if (patch.State == state) n++;
        return n;
    }

    /// <summary>The state an instance starts with: a few missing patches, derived from its id so every run sees the same fleet.</summary>
    public static InstancePatchState Initial(string instanceId) => new() { InstanceId = instanceId };

    /// <summary>
    /// The seeded state after a successful scan that ended <paramref name="endedAt"/> (for fleets that start
    /// scanned, <see cref="SandboxOptions.PatchScanned"/>): the same patches as <see cref="Initial"/>.
    /// </summary>
    public static InstancePatchState Scanned(string instanceId, DateTime endedAt) => Initial(instanceId) with
    {
        LastOperation = "Scan",
        LastOperationStartTime = endedAt.AddSeconds(-30),
        LastOperationTime = endedAt,
        LastOutcome = "Success",
        LastRebootOption = "RebootIfNeeded",
    };

    /// <summary>This state with every Missing and Failed patch Installed at <paramref name="at"/> (a compliant instance).</summary>
    public InstancePatchState FullyPatched(DateTime at) => this with
    {
        Patches = Patches.Select(p => p.State is PatchState.Missing or PatchState.Failed ? p with { State = PatchState.Installed, InstalledTime = at } : p).ToImmutableArray(),
    };

    /// <summary>How many patches the seeded catalog has installed (catalog entries 0 to this, exclusive), for install times.</summary>
    public static int SeededInstalledCount(string instanceId) => 100 + SeedHash(instanceId) % 50;

    /// <summary>How many patches the seeded catalog has missing (catalog entries from <see cref="SeededInstalledCount"/> on).</summary>
    public static int SeededMissingCount(string instanceId) => 1 + SeedHash(instanceId) % 6;

    /// <summary>
    /// Which of its operating system's patches catalog entry <paramref name="key"/> of the instance is. Every instance's
    /// catalog ends at the same, latest patch (<see cref="LatestPatch"/>): instances of one operating system differ in
    /// how many of the latest patches they miss and how far back they go, never in which patch is the latest, as
    /// instances of one product do.
    /// </summary>
    public static int PatchOf(string instanceId, int key) => key - SeededInstalledCount(instanceId) - SeededMissingCount(instanceId) + LatestPatch;

    /// <summary>The operating system's newest patch number (<see cref="PatchOf"/>); above every instance's catalog length.</summary>
    public const int LatestPatch = 200;

    /// <summary>
    /// The seeded patches: catalog entries 0.. installed, the next 1 to 6 missing, then a few installed that no
    /// baseline rule approves (InstalledOther, from entry 5000) and 20 to 80 not applicable (from entry 9000).
    /// </summary>
    public static ImmutableArray<PatchRecord> Seed(string instanceId)
    {
        var fnv = StableHash.Of(instanceId);
        var installed = SeededInstalledCount(instanceId);
        var missing = SeededMissingCount(instanceId);
        var builder = ImmutableArray.CreateBuilder<PatchRecord>();
        for (var k = 0; k < installed; k++) builder.Add(new PatchRecord(k, PatchState.Installed));
        for (var k = installed; k < installed + missing; k++) builder.Add(new PatchRecord(k, PatchState.Missing));
        for (var k = 0; k < fnv % 4; k++) builder.Add(new PatchRecord(OtherKeys + k, PatchState.InstalledOther));
        for (var k = 0; k < 20 + fnv % 60; k++) builder.Add(new PatchRecord(NotApplicableKeys + k, PatchState.NotApplicable));
        return builder.ToImmutable();
    }

    /// <summary>Catalog entries from here are installed packages no baseline rule approves.</summary>
    public const int OtherKeys = 5000;

    /// <summary>Catalog entries from here do not apply to the instance.</summary>
    public const int NotApplicableKeys = 9000;

    private static int SeedHash(string instanceId)
    {
        var hash = 0;
        foreach (var c in instanceId) hash = unchecked(hash * 31 + c);
        return hash & int.MaxValue;
    }
}
