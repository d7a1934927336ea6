namespace AwsPatch.Sandbox;

/// <summary>One Parameter Store parameter in one region.</summary>
public sealed record SandboxParameter(string Region, string Name, string Type, string Value, string Tier, long Version, DateTime LastModifiedDate, string? Description);
