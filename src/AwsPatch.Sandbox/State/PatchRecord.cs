namespace AwsPatch.Sandbox;

/// <summary>A patch's state on one instance, in DescribeInstancePatches' list order (installed first, not applicable last).</summary>
public enum PatchState
{
    Installed,
    InstalledPendingReboot,
    Failed,
    Missing,
    InstalledOther,
    NotApplicable,
}

/// <summary>
/// One patch of one instance as Patch Manager last reported it. <see cref="Key"/> names the patch: below
/// <see cref="ReleasedPatch.FirstKey"/> an entry of the operating system's generated catalog, from it on a patch
/// released through the control API. <see cref="InstalledTime"/> is null for patches the seeded fleet already had
/// (their install time derives from the clock start) and for patches that are not installed.
/// </summary>
public readonly record struct PatchRecord(int Key, PatchState State, DateTime? InstalledTime = null)
{
    public bool IsInstalled => State is PatchState.Installed or PatchState.InstalledPendingReboot or PatchState.InstalledOther;

    public bool IsReleased => Key >= ReleasedPatch.FirstKey;
}
