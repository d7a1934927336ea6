namespace AwsPatch.Sandbox;

/// <summary>One EC2 instance of the sandbox fleet, with its volumes and (when SSM-managed) its agent record.</summary>
/// <remarks>Mutate only inside <see cref="SandboxState.Update"/> so concurrent requests see a consistent fleet.</remarks>
public sealed class SandboxInstance
{
    public required string InstanceId { get; set; }
    public required string Region { get; set; }
    public string AvailabilityZone { get; set; } = "";
    public string ImageId { get; set; } = "ami-0c02fb55956c7d316";
    public string InstanceType { get; set; } = "t3.medium";

    /// <summary>EC2 state name: pending, running, shutting-down, terminated, stopping, stopped.</summary>
    public string State { get; set; } = "running";

    /// <summary><c>windows</c> or null: EC2 reports the platform for Windows only.</summary>
    public string? Platform { get; set; }
    public string PlatformDetails { get; set; } = "Linux/UNIX";
    public string Architecture { get; set; } = "x86_64";
    public string PrivateIpAddress { get; set; } = "10.0.0.10";
    public string? PrivateDnsName { get; set; }
    public DateTime LaunchTime { get; set; } = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public string RootDeviceName { get; set; } = "/dev/xvda";

    /// <summary><c>ebs</c>, or <c>instance-store</c> (then the root device is not among <see cref="Volumes"/>).</summary>
    public string RootDeviceType { get; set; } = "ebs";
    public string? ReservationId { get; set; }
    public string? IamInstanceProfileArn { get; set; }
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);
    public List<SandboxVolume> Volumes { get; set; } = [];

    /// <summary>EC2's instance status check while running: ok, initializing (during a reboot) or impaired.</summary>
    public string InstanceStatus { get; set; } = "ok";

    /// <summary>When <see cref="InstanceStatus"/> last changed (ImpairedSince when impaired); null: since launch.</summary>
    public DateTime? InstanceStatusSince { get; set; }

    /// <summary>Set when the reboot of a patch install left the instance broken (<see cref="AfterRebootFault"/>); replacing its root volume heals it.</summary>
    public bool BrokenByPatchReboot { get; set; }

    /// <summary>The SSM agent record; null when the instance is not SSM-managed.</summary>
    public SsmAgentRecord? Ssm { get; set; }

    /// <summary>The patch group, from either tag key Patch Manager accepts (<c>Patch Group</c> first, then <c>PatchGroup</c>); null when neither is set.</summary>
    public string? PatchGroup => Tags.GetValueOrDefault("Patch Group") is { Length: > 0 } spaced ? spaced
        : Tags.GetValueOrDefault("PatchGroup") is { Length: > 0 } joined ? joined : null;

    public bool IsWindows => string.Equals(Platform, "windows", StringComparison.OrdinalIgnoreCase);

    /// <summary>EC2 state code for <see cref="State"/>.</summary>
    public int StateCode => State switch
    {
        "pending" => 0,
        "running" => 16,
        "shutting-down" => 32,
        "terminated" => 48,
        "stopping" => 64,
        "stopped" => 80,
        _ => 16,
    };

    public string EffectivePrivateDnsName => PrivateDnsName ?? (Region == "us-east-1"
        ? $"ip-{PrivateIpAddress.Replace('.', '-')}.ec2.internal"
        : $"ip-{PrivateIpAddress.Replace('.', '-')}.{Region}.compute.internal");

    public string EffectiveReservationId => ReservationId ?? "r-" + InstanceId[2..];

    public override string ToString() => $"{InstanceId} ({Region})";
}
