namespace AwsPatch.Sandbox;

/// <summary>
/// A patch released while the sandbox runs (<c>POST /_sandbox/patches</c>): from <see cref="ReleasedAt"/> on, the
/// default baselines approve it (no auto-approval delay) for the instances it applies to, so the next scan reports
/// it Missing and the next install installs it, unless the command pins a baseline snapshot taken before the release.
/// </summary>
public sealed record ReleasedPatch
{
    /// <summary>Keys of released patches start here, above every generated catalog entry.</summary>
    public const int FirstKey = 100_000;

    public required int Key { get; init; }
    public required string PatchId { get; init; }
    public required string Title { get; init; }
    public required string KBId { get; init; }
    public required string Classification { get; init; }
    public required string Severity { get; init; }
    public string? CVEIds { get; init; }
    public required DateTime ReleasedAt { get; init; }

    /// <summary>A Patch Manager operating system (<c>AMAZON_LINUX_2023</c>, <c>WINDOWS</c> …); null: every operating system.</summary>
    public string? OperatingSystem { get; init; }

    /// <summary>The only instances it applies to; empty: every instance (of <see cref="OperatingSystem"/> and <see cref="PatchGroup"/>).</summary>
    public IReadOnlyList<string> InstanceIds { get; init; } = [];

    /// <summary>The only patch group it applies to; null: any.</summary>
    public string? PatchGroup { get; init; }

    public bool AppliesTo(SandboxInstance instance) =>
        (OperatingSystem is null || OperatingSystem == PatchBaselines.OperatingSystemOf(instance))
        && (InstanceIds.Count == 0 || InstanceIds.Contains(instance.InstanceId, StringComparer.Ordinal))
        && (PatchGroup is null || PatchGroup == instance.PatchGroup);
}
