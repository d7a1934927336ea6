namespace AwsPatch.Sandbox;

/// <summary>One RegisterTargetWithMaintenanceWindow: up to 5 key/values targets (InstanceIds, tag:Key, resource-groups:Name).</summary>
public sealed class SandboxWindowTarget : IClientTokenCreate
{
    public required string WindowTargetId { get; init; }
    public required string ResourceType { get; init; }
    public required IReadOnlyList<(string Key, IReadOnlyList<string> Values)> Targets { get; init; }
    public string? OwnerInformation { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? ClientToken { get; init; }
    public string? RequestFingerprint { get; init; }
}
