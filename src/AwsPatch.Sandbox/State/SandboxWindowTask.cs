using System.Text.Json;

namespace AwsPatch.Sandbox;

/// <summary>One RegisterTaskWithMaintenanceWindow; the invocation parameters are kept as the JSON the caller sent.</summary>
public sealed class SandboxWindowTask : IClientTokenCreate
{
    public required string WindowTaskId { get; init; }
    public required string TaskArn { get; init; }
    public required string TaskType { get; init; }
    public required IReadOnlyList<(string Key, IReadOnlyList<string> Values)> Targets { get; init; }
    public JsonElement? TaskInvocationParameters { get; init; }
    public int Priority { get; init; }
    public string? MaxConcurrency { get; init; }
    public string? MaxErrors { get; init; }
    public string? ServiceRoleArn { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? CutoffBehavior { get; init; }
    public string? ClientToken { get; init; }
    public string? RequestFingerprint { get; init; }
}
