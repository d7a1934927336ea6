using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>Inspector findings to seed into the sandbox, shaped as Inspector reports a package vulnerability.</summary>
internal static class SandboxFindings
{
    /// <summary>A finding on <paramref name="instance"/>: Amazon Linux openssl-libs (or another <paramref name="platform"/>), or with <paramref name="kb"/> a Windows update.</summary>
    public static Inspector2Finding Finding(SandboxInstance instance, string cve, string severity, string? fixedIn, DateTime firstObserved, string? kb = null, string? platform = null) => new()
    {
        FindingArn = $"arn:aws:inspector2:{instance.Region}:123456789012:finding/{cve.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant().PadRight(32, '0')}",
        AwsAccountId = "123456789012",
        Region = instance.Region,
        Title = $"{cve} - pkg",
        Severity = severity,
        VendorSeverity = FindingGenerator.VendorSeverity(platform ?? (kb is null ? "AMAZON_LINUX_2023" : "WINDOWS_SERVER_2022"), severity),
        FixAvailable = fixedIn is null ? "NO" : "YES",
        ExploitAvailable = "NO",
        FirstObservedAt = firstObserved,
        LastObservedAt = firstObserved,
        UpdatedAt = firstObserved,
        VulnerabilityId = cve,
        RemediationText = kb is null ? "Run 'dnf update openssl-libs' to update your system." : $"Install {kb}.",
        Platform = platform ?? (kb is null ? "AMAZON_LINUX_2023" : "WINDOWS_SERVER_2022"),
        Packages = [new Inspector2Package { Name = kb is null ? "openssl-libs" : "Microsoft Windows Server 2022 Datacenter", Version = "1.0", FixedInVersion = fixedIn ?? "NotAvailable", Remediation = kb }],
        ResourceId = instance.InstanceId,
    };

    /// <summary>An online Amazon Linux instance: its default baseline approves Security patches of severity Critical and Important only.</summary>
    public static SandboxInstance AmazonLinux(SandboxServer server) => server.State.InstancesIn("us-east-1")
        .First(i => i.Ssm is { PingStatus: "Online" } && i.State == "running" && PatchBaselines.OperatingSystemOf(i).StartsWith("AMAZON_LINUX", StringComparison.Ordinal));

    /// <summary>A curl finding on <paramref name="instance"/> without Inspector's vendor severity, so no baseline SEVERITY rule can judge it.</summary>
    public static Inspector2Finding Unrated(SandboxInstance instance, DateTime seen) => new()
    {
        FindingArn = $"arn:aws:inspector2:{instance.Region}:123456789012:finding/" + new string('7', 32),
        AwsAccountId = "123456789012",
        Region = instance.Region,
        Title = "CVE-2024-0009 - curl",
        Severity = "HIGH",
        FixAvailable = "YES",
        ExploitAvailable = "NO",
        FirstObservedAt = seen,
        LastObservedAt = seen,
        UpdatedAt = seen,
        VulnerabilityId = "CVE-2024-0009",
        Platform = "AMAZON_LINUX_2023",
        ResourceId = instance.InstanceId,
        Packages = [new Inspector2Package { Name = "curl", Version = "8.0", FixedInVersion = "8.5" }],
    };
}
