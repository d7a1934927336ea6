namespace AwsPatch.Sandbox;

/// <summary>
/// One Amazon Inspector finding on one EC2 instance, flattened from the API's <c>Finding</c> shape
/// (the wire JSON is built from it). Immutable once added to <see cref="Inspector2State"/>.
/// </summary>
public sealed class Inspector2Finding
{
    /// <summary><c>arn:aws:inspector2:&lt;region&gt;:&lt;account&gt;:finding/&lt;32 hex&gt;</c>.</summary>
    public required string FindingArn { get; init; }
    public required string AwsAccountId { get; init; }
    public required string Region { get; init; }

    /// <summary>PACKAGE_VULNERABILITY or NETWORK_REACHABILITY.</summary>
    public string Type { get; init; } = "PACKAGE_VULNERABILITY";
    public required string Title { get; init; }
    public string Description { get; init; } = "";

    /// <summary>CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL or UNTRIAGED.</summary>
    public string Severity { get; init; } = "MEDIUM";

    /// <summary>ACTIVE, SUPPRESSED or CLOSED.</summary>
    public string Status { get; init; } = "ACTIVE";
    public double? InspectorScore { get; init; }
    public double? EpssScore { get; init; }

    /// <summary>YES or NO; null for network findings.</summary>
    public string? ExploitAvailable { get; init; }
    public DateTime? LastKnownExploitAt { get; init; }

    /// <summary>YES, NO or PARTIAL; null for network findings.</summary>
    public string? FixAvailable { get; init; }
    public DateTime FirstObservedAt { get; init; }
    public DateTime LastObservedAt { get; init; }
    public DateTime? UpdatedAt { get; init; }
    public string RemediationText { get; init; } = "";
    public string? RemediationUrl { get; init; }

    // packageVulnerabilityDetails (package findings only)
    public string? VulnerabilityId { get; init; }

    /// <summary>Vulnerability source, e.g. NVD, ALAS_AL2023, UBUNTU_CVE, WINDOWS_SERVER_2022.</summary>
    public string? VulnerabilitySource { get; init; }
    public string? SourceUrl { get; init; }
    public string? VendorSeverity { get; init; }
    public double? CvssBaseScore { get; init; }
    public string? CvssVector { get; init; }
    public string CvssVersion { get; init; } = "3.1";
    public IReadOnlyList<string> ReferenceUrls { get; init; } = [];
    public IReadOnlyList<Inspector2Package> Packages { get; init; } = [];

    /// <summary>The CISA KEV entry BatchGetFindingDetails reports as <c>cisaData</c>; null when the CVE is not in the catalogue.</summary>
    public Inspector2.KevEntry? Cisa { get; init; }

    /// <summary>
    /// Not on the wire: the key of the <see cref="ReleasedPatch"/> whose install fixes this finding, for a finding a patch
    /// release opened (<c>POST /_sandbox/patches</c> with <c>cveIds</c>); the rescan closes it only once that patch is Installed.
    /// </summary>
    public int? FixedByRelease { get; init; }

    // networkReachabilityDetails (network findings only)
    public int? OpenPortBegin { get; init; }
    public int? OpenPortEnd { get; init; }
    public string? NetworkProtocol { get; init; }

    /// <summary>The network path as (componentId, componentType) steps, internet gateway first.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> NetworkPath { get; init; } = [];

    // resources[0]: the EC2 instance as it was when scanned
    public string ResourceType { get; init; } = "AWS_EC2_INSTANCE";
    public required string ResourceId { get; init; }
    public IReadOnlyDictionary<string, string> ResourceTags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public string? InstanceType { get; init; }
    public string? ImageId { get; init; }
    public IReadOnlyList<string> IpV4Addresses { get; init; } = [];

    /// <summary>Inspector's platform name, e.g. AMAZON_LINUX_2023, UBUNTU_22_04, WINDOWS_SERVER_2022.</summary>
    public string? Platform { get; init; }
    public DateTime? LaunchedAt { get; init; }
    public string? IamInstanceProfileArn { get; init; }
    public string? VpcId { get; init; }
    public string? SubnetId { get; init; }

    public override string ToString() => $"{FindingArn} ({VulnerabilityId ?? Title} on {ResourceId})";
}
