namespace AwsPatch.Sandbox;

/// <summary>One <c>vulnerablePackages</c> entry of a package finding.</summary>
public sealed record Inspector2Package
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public int Epoch { get; init; }
    public string? Release { get; init; }
    public string? Arch { get; init; }

    /// <summary>The model's PackageManager enum; OS for operating-system packages.</summary>
    public string PackageManager { get; init; } = "OS";
    public string? FixedInVersion { get; init; }

    /// <summary>What to run or install, e.g. <c>yum update openssh-server</c> or a Windows KB.</summary>
    public string? Remediation { get; init; }
}
