using System.Globalization;

namespace AwsPatch.Sandbox;

/// <summary>
/// What Patch Manager reports for one instance (DescribeInstancePatchStates and DescribeInstancePatches), read from
/// its <see cref="InstancePatchState.Patches"/>: the counts are counts of that list, so both operations agree. In list
/// order: Installed, InstalledPendingReboot, Failed, Missing, InstalledOther, NotApplicable, each by patch key. A
/// patch keeps its title, KB id and CVEs through every run: they derive from its catalog key (or come from its
/// <see cref="ReleasedPatch"/>).
/// </summary>
public sealed class InstancePatchView
{
    private static readonly string[] LinuxPackages =
        ["openssl-libs", "kernel", "glibc", "curl", "libxml2", "python3", "sudo", "openssh-server", "systemd", "bind-libs", "expat", "vim-minimal", "krb5-libs", "libgcrypt"];

    private static readonly string[] UbuntuPackages =
        ["libssl3", "linux-image-generic", "libc6", "curl", "libxml2", "python3.10", "sudo", "openssh-server", "systemd", "bind9-libs", "libexpat1", "vim", "libkrb5-3", "libgcrypt20"];

    private static readonly string[] Severities = ["Critical", "Important", "Medium", "Low"];
    private static readonly string[] WindowsSeverities = ["Critical", "Important", "Moderate", "Low"];

    private readonly InstancePatchState _state;
    private readonly DateTime _clockStart;
    private readonly int _hash;
    private readonly int _seededInstalled;
    private readonly int _kbOffset;
    private readonly IReadOnlyDictionary<int, ReleasedPatch> _released;
    private readonly List<SandboxPatch> _patches;

    private InstancePatchView(SandboxInstance instance, InstancePatchState state, DateTime clockStart, string region, IReadOnlyDictionary<int, ReleasedPatch> released)
    {
        _state = state;
        _clockStart = clockStart;
        _released = released;
        _hash = StableHash.Of(instance.InstanceId);
        _seededInstalled = InstancePatchState.SeededInstalledCount(instance.InstanceId);
        InstanceId = instance.InstanceId;
        OperatingSystem = PatchBaselines.OperatingSystemOf(instance);
        // A Windows update's KB is per product (Server 2019 and 2022 get different KBs for the same month), the same
        // on every instance of that product: derived from the OS build, never from the instance.
        _kbOffset = StableHash.Of(instance.Ssm?.PlatformVersion ?? string.Empty) % 37;
        BaselineId = PatchBaselines.DefaultFor(OperatingSystem)!.IdIn(region);
        PatchGroup = instance.PatchGroup ?? "";
        var ordered = state.Patches.OrderBy(p => p.State).ThenBy(p => p.Key).ToList();
        _patches = ordered.Select((p, index) => Patch(index, p)).ToList();
        foreach (var patch in ordered)
        {
            switch (patch.State)
            {
                case PatchState.Installed: InstalledCount++; break;
                case PatchState.InstalledPendingReboot: PendingRebootCount++; break;
                case PatchState.Failed: FailedCount++; break;
                case PatchState.Missing: MissingCount++; break;
                case PatchState.InstalledOther: InstalledOtherCount++; break;
                default: NotApplicableCount++; break;
            }
        }

        foreach (var patch in _patches.Where(p => p.State is nameof(PatchState.Failed) or nameof(PatchState.Missing)))
        {
            if (patch.Severity == "Critical") CriticalNonCompliantCount++;
            if (patch.IsSecurity) SecurityNonCompliantCount++;
            else OtherNonCompliantCount++;
        }
    }

    /// <summary>The instance's view, or null when no scan or install ever completed on it (Patch Manager has no state then).</summary>
    public static InstancePatchView? Of(SandboxInstance instance, InstancePatchState state, DateTime clockStart, string region,
        IReadOnlyDictionary<int, ReleasedPatch>? released = null) =>
        state.HasRun && instance.Ssm is not null ? new InstancePatchView(instance, state, clockStart, region, released ?? new Dictionary<int, ReleasedPatch>()) : null;

    public string InstanceId { get; }
    public string OperatingSystem { get; }
    public string BaselineId { get; }
    public string PatchGroup { get; }
    public string Operation => _state.LastOperation!;
    public DateTime OperationEndTime => _state.LastOperationTime!.Value;
    public DateTime OperationStartTime => _state.LastOperationStartTime ?? OperationEndTime.AddSeconds(-30);
    public string RebootOption => _state.LastRebootOption ?? "RebootIfNeeded";
    public string? SnapshotId => _state.SnapshotId;
    public int InstalledCount { get; }
    public int InstalledOtherCount { get; }
    public int PendingRebootCount { get; }
    public int FailedCount { get; }
    public int MissingCount { get; }
    public int NotApplicableCount { get; }
    public int CriticalNonCompliantCount { get; }
    public int SecurityNonCompliantCount { get; }
    public int OtherNonCompliantCount { get; }

    /// <summary>Every patch of the instance, in list order (its <see cref="SandboxPatch.Index"/>).</summary>
    public IEnumerable<SandboxPatch> Patches() => _patches;

    private SandboxPatch Patch(int index, PatchRecord record)
    {
        var state = record.State.ToString();
        var installed = record.State switch
        {
            PatchState.Installed => record.InstalledTime ?? _clockStart.AddDays(-(_seededInstalled - record.Key) * 3 - _hash % 3),
            PatchState.InstalledPendingReboot => record.InstalledTime ?? _clockStart,
            PatchState.InstalledOther => record.InstalledTime ?? _clockStart.AddDays(-40 - (record.Key - InstancePatchState.OtherKeys)),
            _ => (DateTime?)null,
        };
        if (record.IsReleased && _released.TryGetValue(record.Key, out var release))
            return new SandboxPatch(index, release.Title, release.KBId, release.Classification, release.Severity, state, installed, release.CVEIds);
        return Patch(index, record.Key < InstancePatchState.OtherKeys ? InstancePatchState.PatchOf(InstanceId, record.Key) : record.Key, state, installed);
    }

    /// <summary>Patch <paramref name="k"/> of the instance's operating system (<see cref="InstancePatchState.PatchOf"/> for its catalog), in <paramref name="state"/>.</summary>
    private SandboxPatch Patch(int index, int k, string state, DateTime? installed)
    {
        var h = StableHash.Of(OperatingSystem + "#" + k.ToString(CultureInfo.InvariantCulture));
        var security = h % 10 < 6;
        var cves = security
            ? string.Join(",", Enumerable.Range(0, 1 + h % 2).Select(c => $"CVE-{2023 + (h + c) % 3}-{1000 + (h / 7 + c * 911) % 48000}"))
            : null;
        var monthsBack = (h / 3) % 30;
        var released = new DateTime(2025, 5, 1).AddMonths(-monthsBack);
        if (OperatingSystem == "WINDOWS")
        {
            var kb = "KB" + (5020000 + k * 37 + _kbOffset).ToString(CultureInfo.InvariantCulture);
            var classification = security ? "SecurityUpdates" : h % 10 < 8 ? "CriticalUpdates" : "Updates";
            var title = classification switch
            {
                "SecurityUpdates" => $"{released:yyyy-MM} Cumulative Update for Microsoft server operating system for x64-based Systems ({kb})",
                "CriticalUpdates" => $"{released:yyyy-MM} Servicing Stack Update for Windows Server for x64-based Systems ({kb})",
                _ => $"Update for Microsoft Defender Antivirus antimalware platform ({kb})",
            };
            return new SandboxPatch(index, title, kb, classification, security ? WindowsSeverities[h / 11 % 4] : "Unspecified", state, installed, cves);
        }

        var ubuntu = OperatingSystem == "UBUNTU";
        var package = (ubuntu ? UbuntuPackages : LinuxPackages)[h / 13 % LinuxPackages.Length];
        var release = (h / 17 % 40).ToString(CultureInfo.InvariantCulture);
        var name = ubuntu
            ? $"{package}:amd64:{1 + h % 5}.{h / 5 % 10}-0ubuntu0.22.04.{release}"
            : OperatingSystem == "AMAZON_LINUX_2"
                ? $"{package}.x86_64:0:{1 + h % 5}.{h / 5 % 10}.{h / 50 % 30}-{release}.amzn2"
                : $"{package}.x86_64:0:{1 + h % 5}.{h / 5 % 10}.{h / 50 % 30}-{release}.amzn2023";
        var linuxClass = security ? "Security" : h % 10 < 8 ? "Bugfix" : "Enhancement";
        return new SandboxPatch(index, name, name, linuxClass, security ? Severities[h / 11 % 4] : "None", state, installed, cves);
    }
}
