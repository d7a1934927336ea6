namespace AwsPatch.Sandbox;

/// <summary>One EBS block device mapping of a <see cref="SandboxImage"/>.</summary>
public sealed class SandboxImageDevice
{
    public string DeviceName { get; set; } = "/dev/xvda";
    public required string SnapshotId { get; set; }
    public int VolumeSizeGiB { get; set; } = 8;
    public string VolumeType { get; set; } = "gp3";
    public bool DeleteOnTermination { get; set; } = true;
    public bool Encrypted { get; set; }
}
