namespace AwsPatch.Sandbox;

/// <summary>An EBS volume attached to a <see cref="SandboxInstance"/>.</summary>
public sealed class SandboxVolume
{
    public required string VolumeId { get; set; }
    public string DeviceName { get; set; } = "/dev/xvda";
    public int SizeGiB { get; set; } = 8;
    public string VolumeType { get; set; } = "gp3";
    public bool DeleteOnTermination { get; set; } = true;
    public bool Encrypted { get; set; }
    public string? SnapshotId { get; set; }

    /// <summary>Attach time; null means "the instance's launch time".</summary>
    public DateTime? AttachTime { get; set; }
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    public int Iops => VolumeType switch { "gp3" => 3000, "io2" or "io1" => 4000, "gp2" => Math.Max(100, SizeGiB * 3), _ => 0 };

    public override string ToString() => VolumeId;
}
