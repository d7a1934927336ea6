namespace AwsPatch.Sandbox;

/// <summary>An AMI owned by the sandbox account; its block device mappings reference snapshots (so they are in use).</summary>
public sealed class SandboxImage
{
    public required string ImageId { get; set; }
    public required string Region { get; set; }
    public string Name { get; set; } = "golden-image";
    public string OwnerId { get; set; } = SandboxFleet.DefaultAccountId;
    public string State { get; set; } = "available";
    public DateTime CreationDate { get; set; } = SandboxClock.DefaultStart;
    public string RootDeviceName { get; set; } = "/dev/xvda";
    public string Architecture { get; set; } = "x86_64";
    public string? Platform { get; set; }
    public List<SandboxImageDevice> Devices { get; set; } = [];
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    public override string ToString() => $"{ImageId} ({Name})";
}
