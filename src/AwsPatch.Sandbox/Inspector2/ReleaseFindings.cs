using System.Globalization;
using System.Text.RegularExpressions;

namespace AwsPatch.Sandbox.Inspector2;

/// <summary>
/// The findings a patch release with <c>cveIds</c> opens (<c>POST /_sandbox/patches</c>): the vulnerabilities it fixes
/// were just published, so Inspector reports each CVE as ACTIVE on every running managed instance the release applies
/// to (first and last observed: the release), as a vulnerable installed package: on Linux the package the title names
/// (<c>name.arch:epoch:version-release</c>, fixed in <c>epoch:version-release</c>) at the build the instance has (the
/// sandbox catalog's fixed build of that package, else one release below the fix); on Windows the OS product at its
/// build (the catalog's newest) fixed in the next build, with the KB as remediation (Inspector reports Windows per KB).
/// Inspector severity from the release's (Critical, Important → HIGH, Medium/Moderate, Low), vendor severity as
/// Inspector words it for the platform. The rescan closes such a finding once the released patch is Installed there
/// (<see cref="FindingRescan"/>).
/// </summary>
internal static partial class ReleaseFindings
{
    [GeneratedRegex(@"^(?<name>[^\s:]+?)\.(?<arch>x86_64|aarch64|i686|noarch|amd64|arm64|all)(?::(?<epoch>\d+))?:(?<version>[^\s:-]+)-(?<release>[^\s:]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex LinuxPackage();

    [GeneratedRegex(@"^KB\d{6,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex KbId();

    /// <summary>Why a release with CVEs cannot name a vulnerable package on <paramref name="instances"/>; null when it can.</summary>
    public static string? Problem(string title, IEnumerable<SandboxInstance> instances) =>
        instances.Any(i => !i.IsWindows) && !LinuxPackage().IsMatch(title)
            ? $"With 'cveIds' on Linux instances, 'title' must name the package as Patch Manager does (name.arch:epoch:version-release, e.g. openssl-libs.x86_64:1:3.2.2-1.amzn2023.0.99); got '{title}'."
            : null;

    /// <summary>One ACTIVE finding per CVE of <paramref name="release"/> per instance, observed at its release.</summary>
    public static IReadOnlyList<Inspector2Finding> Open(string accountId, ReleasedPatch release, IEnumerable<SandboxInstance> instances)
    {
        if (string.IsNullOrEmpty(release.CVEIds)) return [];
        var findings = new List<Inspector2Finding>();
        foreach (var instance in instances)
        {
            if (VulnerabilityCatalog.PlatformOf(instance) is not { } os) continue;
            foreach (var cve in release.CVEIds.Split(','))
            {
                var random = new Random(StableHash.Of(release.PatchId + "/" + instance.InstanceId + "/" + cve));
                if (Template(os, instance, release, cve) is { } template)
                    findings.Add(FindingGenerator.Opened(accountId, instance, os, template, release.ReleasedAt, random, release.Key));
            }
        }

        return findings;
    }

    private static VulnerabilityTemplate? Template(string os, SandboxInstance instance, ReleasedPatch release, string cve)
    {
        var severity = release.Severity switch
        {
            "Critical" => "CRITICAL",
            "Important" or "High" => "HIGH",
            "Medium" or "Moderate" => "MEDIUM",
            "Low" => "LOW",
            _ => "UNTRIAGED",
        };
        var catalog = VulnerabilityCatalog.For(os);
        var summary = $"Fixed by {release.Title}.";
        if (instance.IsWindows)
        {
            var product = catalog.Select(t => t.Package).FirstOrDefault() ?? instance.Ssm?.PlatformName ?? "Microsoft Windows Server";
            var osBuild = catalog.Select(t => t.FixedIn).OfType<string>().Select(Version.Parse).DefaultIfEmpty(Version.Parse((instance.Ssm?.PlatformVersion ?? "10.0.0") + ".0")).Max()!;
            var next = new Version(osBuild.Major, osBuild.Minor, osBuild.Build, osBuild.Revision + 1);
            return new VulnerabilityTemplate(os, cve, severity, null, null, null, false, "YES", product, 0, osBuild.ToString(), "",
                next.ToString(), summary, KbId().IsMatch(release.KBId) ? release.KBId : null);
        }

        var match = LinuxPackage().Match(release.Title);
        if (!match.Success) return null;
        var name = match.Groups["name"].Value;
        var epoch = match.Groups["epoch"].Success ? int.Parse(match.Groups["epoch"].Value, CultureInfo.InvariantCulture) : 0;
        var fixedIn = $"{epoch}:{match.Groups["version"].Value}-{match.Groups["release"].Value}";
        var (version, build) = catalog.FirstOrDefault(t => t.Package == name && t.FixedIn is not null) is { FixedIn: { } known }
            ? SplitBuild(known)
            : (match.Groups["version"].Value, OneBelow(match.Groups["release"].Value));
        return new VulnerabilityTemplate(os, cve, severity, null, null, null, false, "YES", name, epoch, version, build, fixedIn, summary);
    }

    /// <summary><c>epoch:version-release</c> to (version, release).</summary>
    private static (string Version, string Release) SplitBuild(string build)
    {
        var noEpoch = build[(build.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var dash = noEpoch.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? (noEpoch, "") : (noEpoch[..dash], noEpoch[(dash + 1)..]);
    }

    /// <summary>The release with its last number one lower (1.amzn2023.0.99 → 1.amzn2023.0.98), never below 0.</summary>
    private static string OneBelow(string release)
    {
        var last = Regex.Match(release, @"\d+(?=\D*$)", RegexOptions.CultureInvariant);
        if (!last.Success) return release;
        var n = Math.Max(0, long.Parse(last.Value, CultureInfo.InvariantCulture) - 1);
        return release[..last.Index] + n.ToString(CultureInfo.InvariantCulture) + release[(last.Index + last.Length)..];
    }
}
