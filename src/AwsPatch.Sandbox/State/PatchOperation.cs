using System.Collections.Immutable;

namespace AwsPatch.Sandbox;

/// <summary>
/// What one AWS-RunPatchBaseline Scan or Install does to an instance's patches, against the baseline it runs with:
/// the generated catalog is always approved; a <see cref="ReleasedPatch"/> only if the baseline snapshot the run uses
/// has it (the one its SnapshotId pins, or the one taken when the run started). A released patch the
/// baseline does not approve is not reported (or reported InstalledOther once installed), as Patch Manager does.
/// </summary>
public static class PatchOperation
{
    /// <param name="approvedReleases">The released patches the run's baseline snapshot approves.</param>
    /// <param name="at">When the operation ended: the install time of what it installs.</param>
    /// <param name="leaveOneMissing">The instance's <c>compliance: NonCompliant</c> fault: at least one approved patch stays Missing.</param>
    /// <param name="failInstall">The install fails: the approved patches it tried end Failed (at least one).</param>
    /// <returns>The patches afterwards, how many this install installed, and whether RebootIfNeeded would reboot.</returns>
    public static (ImmutableArray<PatchRecord> Patches, int Installed, bool NeedsReboot) Run(
        SandboxInstance instance, InstancePatchState before, string operation, string rebootOption, IReadOnlyCollection<ReleasedPatch> releases,
        IReadOnlySet<int> approvedReleases, DateTime at, bool leaveOneMissing, bool failInstall)
    {
        bool Approved(PatchRecord p) => !p.IsReleased || approvedReleases.Contains(p.Key);

        var patches = before.Patches.ToList();
        foreach (var release in releases.Where(r => approvedReleases.Contains(r.Key) && r.AppliesTo(instance)))
            if (patches.All(p => p.Key != release.Key)) patches.Add(new PatchRecord(release.Key, PatchState.Missing));

        // Report released patches against this baseline: not approved and not installed = not reported.
        patches = patches.Where(p => !p.IsReleased || p.IsInstalled || Approved(p)).Select(p =>
            !p.IsReleased ? p
            : !Approved(p) ? p with { State = PatchState.InstalledOther }
            : p.State == PatchState.InstalledOther ? p with { State = PatchState.Installed }
            : p).ToList();

        var install = operation == "Install";
        if (!install)
        {
            // A scan reports what it finds: a patch an install failed on is simply not installed.
            patches = patches.Select(p => p.State == PatchState.Failed ? p with { State = PatchState.Missing } : p).ToList();
        }

        var stuck = leaveOneMissing ? EnsureOneMissing(patches) : (int?)null;
        var installed = 0;
        if (install && failInstall)
        {
            if (patches.All(p => p.State is not (PatchState.Missing or PatchState.Failed))) patches.Add(new PatchRecord(NextCatalogKey(patches), PatchState.Missing));
            patches = patches.Select(p => p.State == PatchState.Missing ? p with { State = PatchState.Failed } : p).ToList();
        }
        else if (install)
        {
            for (var i = 0; i < patches.Count; i++)
            {
                if (patches[i].State is PatchState.Missing or PatchState.Failed && patches[i].Key != stuck)
                {
                    patches[i] = patches[i] with { State = PatchState.InstalledPendingReboot, InstalledTime = at };
                    installed++;
                }
                else if (patches[i].Key == stuck)
                {
                    patches[i] = patches[i] with { State = PatchState.Missing };
                }
            }
        }

        var needsReboot = install && !failInstall && rebootOption == "RebootIfNeeded"
            && patches.Any(p => p.State == PatchState.InstalledPendingReboot);
        return (patches.ToImmutableArray(), installed, needsReboot);
    }

    /// <summary>After the reboot an install did (or any reboot Patch Manager sees): nothing is pending any more.</summary>
    public static ImmutableArray<PatchRecord> AfterReboot(ImmutableArray<PatchRecord> patches) =>
        patches.Select(p => p.State == PatchState.InstalledPendingReboot ? p with { State = PatchState.Installed } : p).ToImmutableArray();

    /// <summary>The key of the approved patch that stays Missing: the first one not installed, or a new catalog entry.</summary>
    private static int EnsureOneMissing(List<PatchRecord> patches)
    {
        var first = patches.Where(p => p.State is PatchState.Missing or PatchState.Failed).OrderBy(p => p.Key).Select(p => (int?)p.Key).FirstOrDefault();
        if (first is { } key) return key;
        var added = new PatchRecord(NextCatalogKey(patches), PatchState.Missing);
        patches.Add(added);
        return added.Key;
    }

    private static int NextCatalogKey(List<PatchRecord> patches) =>
        patches.Where(p => p.Key < InstancePatchState.OtherKeys).Select(p => p.Key + 1).DefaultIfEmpty(0).Max();
}
