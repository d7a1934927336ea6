namespace AwsPatch.Sandbox;

/// <summary>What Systems Manager knows about a managed instance (DescribeInstanceInformation).</summary>
public sealed class SsmAgentRecord
{
    /// <summary>Online, ConnectionLost or Inactive.</summary>
    public string PingStatus { get; set; } = "Online";
    public DateTime LastPingDateTime { get; set; }
    public string AgentVersion { get; set; } = "3.3.1142.0";
    public bool IsLatestVersion { get; set; } = true;

    /// <summary>Windows, Linux or MacOS.</summary>
    public string PlatformType { get; set; } = "Linux";
    public string PlatformName { get; set; } = "Amazon Linux";
    public string PlatformVersion { get; set; } = "2023";
    public string? ComputerName { get; set; }

    /// <summary>Success, Pending or Failed; null when no association ran.</summary>
    public string? AssociationStatus { get; set; } = "Success";
}
