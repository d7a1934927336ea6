using System.Globalization;
using AwsPatch.Sandbox.Ec2;
using AwsPatch.Sandbox.Inspector2;

namespace AwsPatch.Sandbox;

/// <summary>
/// Deterministic Inspector findings for a fleet: real CVEs per operating system (<see cref="ForFleet"/>, the
/// default fleet's findings) or any number of them for benchmarks (<see cref="Generate"/>). SSM-managed
/// instances get package findings; instances named web-* in production and bastion-* are internet-facing and
/// get a network-reachability finding. Same fleet and seed, same findings.
/// </summary>
public static class FindingGenerator
{
    private static readonly string[] Statuses = ["ACTIVE", "SUPPRESSED", "CLOSED"];

    /// <summary>The realistic findings of a fleet: most of each managed instance's OS catalog, a few suppressed or closed.</summary>
    public static IReadOnlyList<Inspector2Finding> ForFleet(SandboxFleet fleet, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var random = new Random(seed);
        var findings = new List<Inspector2Finding>();
        foreach (var instance in fleet.Instances.OrderBy(i => i.InstanceId, StringComparer.Ordinal))
        {
            if (instance.State == "terminated") continue;
            var host = Host.Of(instance);
            if (instance.Ssm is not null && host.Platform is { } os)
            {
                foreach (var template in VulnerabilityCatalog.For(os))
                {
                    if (random.NextDouble() < 0.2) continue;
                    findings.Add(Package(fleet, host, os, template, template.CveId, random));
                }
            }

            if (IsInternetFacing(instance)) findings.Add(NetworkReachability(fleet, instance, random));
        }

        return findings;
    }

    /// <summary>
    /// <paramref name="findingsCount"/> package findings spread evenly over the fleet's SSM-managed instances
    /// (all instances when none is managed); past an OS catalog's size, CVE ids are synthetic.
    /// </summary>
    public static IReadOnlyList<Inspector2Finding> Generate(SandboxFleet fleet, int findingsCount, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentOutOfRangeException.ThrowIfNegative(findingsCount);
        var managed = fleet.Instances.Where(i => i.Ssm is not null).ToArray();
        var hosts = (managed.Length == 0 ? fleet.Instances.ToArray() : managed).Select(Host.Of).ToArray();
        if (hosts.Length == 0 && findingsCount > 0) throw new ArgumentException("The fleet has no instances to put findings on.", nameof(fleet));

        var random = new Random(seed);
        var systems = hosts.Select(h => h.Platform ?? VulnerabilityCatalog.AmazonLinux2023).ToArray();
        var catalogs = systems.Select(VulnerabilityCatalog.For).ToArray();
        var findings = new List<Inspector2Finding>(findingsCount);
        for (var n = 0; n < findingsCount; n++)
        {
            var host = n % hosts.Length;
            var k = n / hosts.Length;
            var catalog = catalogs[host];
            var template = catalog[k % catalog.Length];
            var cve = k < catalog.Length
                ? template.CveId
                : string.Create(CultureInfo.InvariantCulture, $"CVE-{2019 + k / catalog.Length % 7}-{20000 + k * 13 % 79000}");
            findings.Add(Package(fleet, hosts[host], systems[host], template, cve, random));
        }

        return findings;
    }

    /// <summary>Whether the generators treat an instance as reachable from the internet (web-* in production, bastion-*).</summary>
    public static bool IsInternetFacing(SandboxInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var name = instance.Tags.GetValueOrDefault("Name") ?? "";
        return name.StartsWith("bastion", StringComparison.Ordinal)
            || (name.StartsWith("web-", StringComparison.Ordinal) && instance.Tags.GetValueOrDefault("Environment") == "production");
    }

    /// <summary>A finding ARN with a random 32-hex id.</summary>
    public static string NewFindingArn(string region, string accountId, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<char> id = stackalloc char[32];
        for (var i = 0; i < id.Length; i++) id[i] = "0123456789abcdef"[random.Next(16)];
        return $"arn:aws:inspector2:{region}:{accountId}:finding/{id}";
    }

    /// <summary>What every finding on one instance shares (computed once per instance: hashing and copying per finding is slow at 100k).</summary>
    private sealed record Host(SandboxInstance Instance, IReadOnlyDictionary<string, string> Tags, string VpcId, string SubnetId, string? Platform)
    {
        public static Host Of(SandboxInstance i) => new(i, new Dictionary<string, string>(i.Tags, StringComparer.Ordinal),
            Ec2Network.VpcId(i.Region), Ec2Network.SubnetId(i), VulnerabilityCatalog.PlatformOf(i));
    }

    /// <summary>
    /// The ACTIVE finding Inspector opens at <paramref name="observedAt"/> on <paramref name="instance"/> for a
    /// vulnerability of <paramref name="t"/> (a patch release's: <see cref="ReleaseFindings"/>), with no exploit known.
    /// </summary>
    internal static Inspector2Finding Opened(string accountId, SandboxInstance instance, string os, VulnerabilityTemplate t, DateTime observedAt, Random random, int fixedByRelease) =>
        Package(new SandboxFleet { AccountId = accountId, ClockStart = observedAt, Instances = [] }, Host.Of(instance), os, t, t.CveId, random, observedAt, fixedByRelease);

    private static Inspector2Finding Package(SandboxFleet fleet, Host host, string os, VulnerabilityTemplate t, string cve, Random random, DateTime? observedAt = null, int? fixedByRelease = null)
    {
        var instance = host.Instance;
        var start = fleet.ClockStart;
        var status = observedAt is null ? Statuses[random.NextDouble() switch { < 0.06 => 1, < 0.12 => 2, _ => 0 }] : "ACTIVE";
        var first = observedAt ?? start.AddDays(-random.Next(1, 120)).AddMinutes(-random.Next(1440));
        var last = observedAt ?? (status == "CLOSED" ? first.AddDays(random.Next(1, 10)) : start.AddMinutes(-random.Next(1, 1440)));
        if (observedAt is null && last > start) last = start.AddMinutes(-1);
        var windows = os.StartsWith("WINDOWS", StringComparison.Ordinal);
        var fixAvailable = t.Fix;
        var packageRemediation = windows ? t.Kb
            : t.FixedIn is null ? null
            : os == VulnerabilityCatalog.Ubuntu2204 ? $"apt-get install --only-upgrade {t.Package}"
            : os == VulnerabilityCatalog.AmazonLinux2 ? $"yum update {t.Package}"
            : $"dnf update --releasever=latest {t.Package}";
        var sourceUrl = windows ? $"https://msrc.microsoft.com/update-guide/vulnerability/{cve}"
            : os == VulnerabilityCatalog.Ubuntu2204 ? $"https://ubuntu.com/security/{cve}"
            : $"https://alas.aws.amazon.com/cve/html/{cve}.html";
        return new Inspector2Finding
        {
            FindingArn = NewFindingArn(instance.Region, fleet.AccountId, random),
            AwsAccountId = fleet.AccountId,
            Region = instance.Region,
            Type = "PACKAGE_VULNERABILITY",
            Title = $"{cve} - {t.Package}",
            Description = t.Summary,
            Severity = t.Severity,
            Status = status,
            InspectorScore = t.Score,
            EpssScore = t.Epss,
            ExploitAvailable = t.Exploit ? "YES" : "NO",
            LastKnownExploitAt = t.Exploit ? start.AddDays(-random.Next(1, 60)) : null,
            FixAvailable = fixAvailable,
            FirstObservedAt = first,
            LastObservedAt = last,
            UpdatedAt = last,
            RemediationText = windows && t.Kb is not null ? $"Install {t.Kb}." : packageRemediation is null ? "None Provided" : $"Run '{packageRemediation}' to update your system.",
            RemediationUrl = windows && t.Kb is not null ? $"https://support.microsoft.com/help/{t.Kb[2..]}" : null,
            VulnerabilityId = cve,
            Cisa = KevCatalog.For(cve),
            FixedByRelease = fixedByRelease,
            VulnerabilitySource = t.Source,
            SourceUrl = sourceUrl,
            VendorSeverity = VendorSeverity(os, t.Severity),
            CvssBaseScore = t.Score,
            CvssVector = t.Vector,
            ReferenceUrls = [$"https://nvd.nist.gov/vuln/detail/{cve}", sourceUrl],
            Packages =
            [
                new Inspector2Package
                {
                    Name = t.Package,
                    Version = t.Version,
                    Epoch = t.Epoch,
                    Release = t.Release.Length == 0 ? null : t.Release,
                    Arch = windows ? null : os == VulnerabilityCatalog.Ubuntu2204 ? "amd64" : "x86_64",
                    PackageManager = "OS",
                    FixedInVersion = t.FixedIn ?? "NotAvailable",
                    Remediation = packageRemediation,
                },
            ],
            ResourceId = instance.InstanceId,
            ResourceTags = host.Tags,
            InstanceType = instance.InstanceType,
            ImageId = instance.ImageId,
            IpV4Addresses = [instance.PrivateIpAddress],
            Platform = os,
            LaunchedAt = instance.LaunchTime,
            IamInstanceProfileArn = instance.IamInstanceProfileArn,
            VpcId = host.VpcId,
            SubnetId = host.SubnetId,
        };
    }

    private static Inspector2Finding NetworkReachability(SandboxFleet fleet, SandboxInstance instance, Random random)
    {
        var port = instance.IsWindows ? 3389 : 22;
        var first = fleet.ClockStart.AddDays(-random.Next(1, 60));
        var last = fleet.ClockStart.AddMinutes(-random.Next(1, 1440));
        var igw = "igw-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("igw" + instance.Region))).ToLowerInvariant()[..17];
        var eni = "eni-" + instance.InstanceId[2..];
        return new Inspector2Finding
        {
            FindingArn = NewFindingArn(instance.Region, fleet.AccountId, random),
            AwsAccountId = fleet.AccountId,
            Region = instance.Region,
            Type = "NETWORK_REACHABILITY",
            Title = $"Port {port} is reachable from an Internet Gateway - TCP",
            Description = $"On the instance {instance.InstanceId}, the port range {port}-{port} is reachable from the InternetGateway {igw} from an attached ENI {eni}.",
            Severity = "MEDIUM",
            Status = "ACTIVE",
            FirstObservedAt = first,
            LastObservedAt = last,
            UpdatedAt = last,
            RemediationText = "You can restrict access to your instance by modifying the Security Groups or ACLs in the network path.",
            OpenPortBegin = port,
            OpenPortEnd = port,
            NetworkProtocol = "TCP",
            NetworkPath =
            [
                new(igw, "AWS::EC2::InternetGateway"),
                new("acl-" + instance.InstanceId[2..], "AWS::EC2::NetworkAcl"),
                new(Ec2Network.SecurityGroupId(instance.Region), "AWS::EC2::SecurityGroup"),
                new(eni, "AWS::EC2::NetworkInterface"),
                new(instance.InstanceId, "AWS::EC2::Instance"),
            ],
            ResourceId = instance.InstanceId,
            ResourceTags = new Dictionary<string, string>(instance.Tags, StringComparer.Ordinal),
            InstanceType = instance.InstanceType,
            ImageId = instance.ImageId,
            IpV4Addresses = [instance.PrivateIpAddress],
            Platform = VulnerabilityCatalog.PlatformOf(instance),
            LaunchedAt = instance.LaunchTime,
            IamInstanceProfileArn = instance.IamInstanceProfileArn,
            VpcId = Ec2Network.VpcId(instance.Region),
            SubnetId = Ec2Network.SubnetId(instance),
        };
    }

    /// <summary>The vendor's severity Inspector reports for a finding of <paramref name="severity"/> on <paramref name="os"/> (ALAS, MSRC or Ubuntu priority wording).</summary>
    public static string VendorSeverity(string os, string severity) => os switch
    {
        VulnerabilityCatalog.Ubuntu2204 => severity switch { "CRITICAL" or "HIGH" => "high", "MEDIUM" => "medium", _ => "low" },
        _ when os.StartsWith("WINDOWS", StringComparison.Ordinal) => severity == "CRITICAL" ? "Critical" : "Important",
        _ => severity switch { "CRITICAL" => "Critical", "HIGH" => "Important", "MEDIUM" => "Medium", "UNTRIAGED" => "Pending", _ => "Low" },
    };
}
