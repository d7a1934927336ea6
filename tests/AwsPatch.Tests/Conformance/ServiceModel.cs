using System.Text.Json;

namespace AwsPatch.Tests.Conformance;

/// <summary>One botocore service model: its protocol, operations and shapes.</summary>
internal sealed class ServiceModel(string service, string path, JsonElement root)
{
    public string Service { get; } = service;

    /// <summary>Where the model was read from, for messages.</summary>
    public string Path { get; } = path;

    /// <summary><c>ec2</c>, <c>query</c> (STS), <c>json</c> or <c>rest-json</c>.</summary>
    public string Protocol { get; } = root.GetProperty("metadata").GetProperty("protocol").GetString()!;

    public bool HasOperation(string operation) => root.GetProperty("operations").TryGetProperty(operation, out _);

    /// <summary>The operation's output shape name, or null when it returns nothing.</summary>
    public string? OutputShape(string operation) => Operation(operation).TryGetProperty("output", out var output) ? output.GetProperty("shape").GetString() : null;

    /// <summary>The query protocol's element around the output (<c>AssumeRoleResult</c>), or null when the model names none.</summary>
    public string? ResultWrapper(string operation) => Operation(operation).TryGetProperty("output", out var output) && output.TryGetProperty("resultWrapper", out var wrapper) ? wrapper.GetString() : null;

    /// <summary>The operation's input shape name, or null when it takes nothing.</summary>
    public string? InputShape(string operation) => Operation(operation).TryGetProperty("input", out var input) ? input.GetProperty("shape").GetString() : null;

    public JsonElement Shape(string name) => root.GetProperty("shapes").GetProperty(name);

    public JsonElement Operation(string operation) => root.GetProperty("operations").TryGetProperty(operation, out var found)
        ? found
        : throw new ArgumentException($"{Service} has no operation {operation} in {Path}.", nameof(operation));
}
