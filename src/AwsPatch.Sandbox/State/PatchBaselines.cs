namespace AwsPatch.Sandbox;

/// <summary>One approval rule of a patch baseline (GetPatchBaseline's PatchRule): every filter must match; null ApproveAfterDays where the OS has none (Ubuntu).</summary>
public sealed record SandboxPatchRule(IReadOnlyList<(string Key, string[] Values)> Filters, int? ApproveAfterDays);

/// <summary>One of Patch Manager's predefined (AWS-owned) patch baselines, with its approval rules as GetPatchBaseline returns them.</summary>
public sealed record SandboxBaseline(string Name, string OperatingSystem, string ShortId, string Description)
{
    /// <summary>The baseline's approval rules (no global filters, approved or rejected patches: the predefined baselines have none).</summary>
    public IReadOnlyList<SandboxPatchRule> Rules { get; init; } = [];

    /// <summary>Predefined baselines are named by ARN in the region they are used from.</summary>
    public string IdIn(string region) => $"arn:aws:ssm:{region}:{PatchBaselines.AwsOwnerAccount}:patchbaseline/{ShortId}";
}

/// <summary>
/// The predefined default baselines the sandbox fleet's operating systems use. The sandbox registers no custom
/// baselines, so every patch group uses its operating system's default (as a fresh account does). Their rules are
/// AWS's: Amazon Linux approves Security patches of severity Critical or Important and Bugfix patches, Windows
/// CriticalUpdates and SecurityUpdates of MSRC severity Critical or Important, each 7 days after release; Ubuntu
/// approves security patches of every priority at once.
/// </summary>
public static class PatchBaselines
{
    public const string AwsOwnerAccount = "075727635805";

    private static readonly SandboxPatchRule[] AmazonLinuxRules =
    [
        new([("PRODUCT", ["*"]), ("CLASSIFICATION", ["Security"]), ("SEVERITY", ["Critical", "Important"])], 7),
        new([("PRODUCT", ["*"]), ("CLASSIFICATION", ["Bugfix"])], 7),
    ];

    public static IReadOnlyList<SandboxBaseline> All { get; } =
    [
        new("AWS-AmazonLinux2023DefaultPatchBaseline", "AMAZON_LINUX_2023", "pb-0aa1d1b3ce2f0a2b7",
            "Default Patch Baseline for Amazon Linux 2023 Provided by AWS.") { Rules = AmazonLinuxRules },
        new("AWS-AmazonLinux2DefaultPatchBaseline", "AMAZON_LINUX_2", "pb-0be8c61cde3be63f3",
            "Default Patch Baseline for Amazon Linux 2 Provided by AWS.") { Rules = AmazonLinuxRules },
        new("AWS-DefaultPatchBaseline", "WINDOWS", "pb-0e2e6fb6dbd3b6a49",
            "Default Patch Baseline Provided by AWS.")
        {
            Rules = [new([("PRODUCT", ["*"]), ("CLASSIFICATION", ["CriticalUpdates", "SecurityUpdates"]), ("MSRC_SEVERITY", ["Critical", "Important"])], 7)],
        },
        new("AWS-UbuntuDefaultPatchBaseline", "UBUNTU", "pb-06e3563bd35503f2b",
            "Default Patch Baseline for Ubuntu Provided by AWS.")
        {
            Rules = [new([("PRODUCT", ["*"]), ("SECTION", ["*"]), ("PRIORITY", ["Required", "Important", "Standard", "Optional", "Extra"])], null)],
        },
    ];

    /// <summary>The operating system enum values GetPatchBaselineForPatchGroup accepts (the model's OperatingSystem).</summary>
    public static IReadOnlyList<string> OperatingSystems { get; } =
    [
        "WINDOWS", "AMAZON_LINUX", "AMAZON_LINUX_2", "AMAZON_LINUX_2022", "UBUNTU", "REDHAT_ENTERPRISE_LINUX", "SUSE", "CENTOS",
        "ORACLE_LINUX", "DEBIAN", "MACOS", "RASPBIAN", "ROCKY_LINUX", "ALMA_LINUX", "AMAZON_LINUX_2023",
    ];

    public static SandboxBaseline? DefaultFor(string operatingSystem) => All.FirstOrDefault(b => b.OperatingSystem == operatingSystem);

    /// <summary>The predefined baseline whose ARN in <paramref name="region"/> is <paramref name="baselineId"/> (AWS-owned baselines are named by ARN only).</summary>
    public static SandboxBaseline? ById(string baselineId, string region) => All.FirstOrDefault(b => b.IdIn(region) == baselineId);

    /// <summary>The Patch Manager operating system of an instance, from its platform and SSM agent record.</summary>
    public static string OperatingSystemOf(SandboxInstance instance) =>
        instance.IsWindows || instance.Ssm?.PlatformType == "Windows" ? "WINDOWS"
        : instance.Ssm?.PlatformName is { } name && name.StartsWith("Ubuntu", StringComparison.Ordinal) ? "UBUNTU"
        : instance.Ssm?.PlatformVersion == "2" ? "AMAZON_LINUX_2"
        : "AMAZON_LINUX_2023";
}
