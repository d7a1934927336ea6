using System.Globalization;

namespace AwsPatch.Sandbox;

/// <summary>
/// What Patch Manager reports for one instance (DescribeInstancePatchStates and DescribeInstancePatches), derived
/// deterministically from its <see cref="InstancePatchState"/>: the instance has a fixed list of patches whose
/// states add up to the reported counts. In list order: Installed, InstalledPendingReboot, Failed, Missing (the
/// newest patches), then InstalledOther and NotApplicable. An install moves the Missing ones into the installed
/// range, so the same patch keeps its title, KB id and CVEs through a run.
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

    private InstancePatchView(SandboxInstance instance, InstancePatchState state, DateTime clockStart, string region)
    {
        _state = state;
        _clockStart = clockStart;
        _hash = Hash(instance.InstanceId);
        InstanceId = instance.InstanceId;
        OperatingSystem = PatchBaselines.OperatingSystemOf(instance);
        BaselineId = PatchBaselines.DefaultFor(OperatingSystem)!.IdIn(region);
        PatchGroup = instance.PatchGroup ?? "";
        PendingRebootCount = Math.Min(state.InstalledPendingRebootCount, state.InstalledCount);
        InstalledCount = state.InstalledCount - PendingRebootCount;
        FailedCount = state.FailedCount;
        MissingCount = Math.Max(0, state.MissingCount - state.FailedCount);
        InstalledOtherCount = _hash % 4;
        NotApplicableCount = 20 + _hash % 60;
        foreach (var patch in NonCompliant())
        {
            if (patch.Severity == "Critical") CriticalNonCompliantCount++;
            if (patch.IsSecurity) SecurityNonCompliantCount++;
            else OtherNonCompliantCount++;
        }
    }

    /// <summary>The instance's view, or null when no scan or install ever completed on it (Patch Manager has no state then).</summary>
    public static InstancePatchView? Of(SandboxInstance instance, InstancePatchState state, DateTime clockStart, string region) =>
        state.HasRun && instance.Ssm is not null ? new InstancePatchView(instance, state, clockStart, region) : null;

    public string InstanceId { get; }
    public string OperatingSystem { get; }
    public string BaselineId { get; }
    public string PatchGroup { get; }
    public string Operation => _state.LastOperation!;
    public DateTime OperationEndTime => _state.LastOperationTime!.Value;
    public DateTime OperationStartTime => _state.LastOperationStartTime ?? OperationEndTime.AddSeconds(-30);
    public string RebootOption => _state.LastRebootOption ?? "RebootIfNeeded";
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
    public IEnumerable<SandboxPatch> Patches()
    {
        var index = 0;
        for (var k = 0; k < InstalledCount; k++)
            yield return Patch(index++, k, "Installed", _clockStart.AddDays(-(InstalledCount - k) * 3 - _hash % 3));
        var pendingSince = _state.LastOperation == "Install" ? _state.LastOperationTime : _clockStart;
        for (var k = InstalledCount; k < InstalledCount + PendingRebootCount; k++)
            yield return Patch(index++, k, "InstalledPendingReboot", pendingSince);
        foreach (var patch in NonCompliant()) yield return patch with { Index = index++ };
        for (var k = 0; k < InstalledOtherCount; k++)
            yield return Patch(index++, 5000 + k, "InstalledOther", _clockStart.AddDays(-40 - k));
        for (var k = 0; k < NotApplicableCount; k++)
            yield return Patch(index++, 9000 + k, "NotApplicable", null);
    }

    private IEnumerable<SandboxPatch> NonCompliant()
    {
        var first = InstalledCount + PendingRebootCount;
        for (var k = first; k < first + FailedCount; k++) yield return Patch(0, k, "Failed", null);
        for (var k = first + FailedCount; k < first + FailedCount + MissingCount; k++) yield return Patch(0, k, "Missing", null);
    }

    /// <summary>Catalog entry <paramref name="k"/> of the instance's operating system, in <paramref name="state"/>.</summary>
    private SandboxPatch Patch(int index, int k, string state, DateTime? installed)
    {
        var h = Hash(OperatingSystem + "#" + k.ToString(CultureInfo.InvariantCulture));
        var security = h % 10 < 6;
        var cves = security
            ? string.Join(",", Enumerable.Range(0, 1 + h % 2).Select(c => $"CVE-{2023 + (h + c) % 3}-{1000 + (h / 7 + c * 911) % 48000}"))
            : null;
        var monthsBack = (h / 3) % 30;
        var released = new DateTime(2025, 5, 1).AddMonths(-monthsBack);
        if (OperatingSystem == "WINDOWS")
        {
            var kb = "KB" + (5020000 + k * 37 + _hash % 5).ToString(CultureInfo.InvariantCulture);
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

    /// <summary>FNV-1a: neighbouring catalog entries ("...#7", "...#8") get unrelated packages and versions.</summary>
    private static int Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = unchecked((hash ^ c) * 16777619u);
        return (int)(hash & int.MaxValue);
    }
}
