using System.Text.Json;
using AwsPatch.Sandbox.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AwsPatch.Sandbox.Control;

/// <summary>
/// Per-instance faults over the control API, so a standalone sandbox reproduces a failed, timed-out or undeliverable
/// invocation, a failed snapshot, an instance that does not come back from its patch reboot (agent offline, or status
/// check impaired) or one whose patches stay non-compliant: <c>GET</c>, <c>POST</c> (sets the keys given; <c>"None"</c> clears one) and
/// <c>DELETE</c> (clears all) on <c>/_sandbox/instances/{instanceId}/faults</c>, for an instance of any account the sandbox
/// holds (instance ids are unique across them, as in AWS). Each key is a view of the one
/// per-instance mechanism behind it (<see cref="RunCommandSimulation"/>'s command faults, <see cref="FaultSettings"/>'s
/// snapshot failures); a new kind of fault is one more entry in <see cref="Keys"/>.
/// </summary>
internal static class InstanceFaults
{
    private const string None = "None";

    private static readonly FaultKey[] Keys =
    [
        new("command", ["None", "Fail", "Timeout", "Undeliverable"],
            (sandbox, id) => sandbox.State.CommandFaultOf(id).ToString(),
            (sandbox, id, value) => sandbox.State.SetCommandFault(id, Enum.Parse<CommandFault>(value))),
        new("snapshot", ["None", "Fail"],
            (sandbox, id) => sandbox.Faults.SnapshotsFailFor(id) ? "Fail" : None,
            (sandbox, id, value) =>
            {
                if (value == None) sandbox.Faults.StopFailingSnapshotsOf(id);
                else sandbox.Faults.FailSnapshotsOf(id);
            }),
        new("afterReboot", ["None", "AgentOffline", "StatusImpaired"],
            (sandbox, id) => sandbox.State.AfterRebootFaultOf(id).ToString(),
            (sandbox, id, value) => sandbox.State.SetAfterRebootFault(id, Enum.Parse<AfterRebootFault>(value))),
        new("compliance", ["None", "NonCompliant"],
            (sandbox, id) => sandbox.State.IsNonCompliant(id) ? "NonCompliant" : None,
            (sandbox, id, value) => sandbox.State.SetNonCompliant(id, value != None)),
    ];

    public static void Map(RouteGroupBuilder group, SandboxServices sandbox)
    {
        group.MapGet("/instances/{instanceId}/faults", (string instanceId) =>
            OwnerOf(sandbox, instanceId) is { } owner ? Results.Json(Read(owner, instanceId)) : UnknownInstance(instanceId));

        group.MapPost("/instances/{instanceId}/faults", async (string instanceId, HttpRequest request) =>
        {
            if (OwnerOf(sandbox, instanceId) is not { } owner) return UnknownInstance(instanceId);
            var body = await ControlJson.ReadObjectAsync(request);

            if (body is null) return BadRequest($"The body must be a JSON object with any of the keys {KeyList()}.");
            // Validate every key before changing anything, so a bad document changes nothing.
            var changes = new List<(FaultKey Key, string Value)>();
            foreach (var (name, element) in body)
            {
                var key = Keys.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
                if (key is null) return BadRequest($"Unknown fault '{name}'. Allowed keys: {KeyList()}.");
                var value = element.ValueKind == JsonValueKind.String
                    ? key.Allowed.FirstOrDefault(a => string.Equals(a, element.GetString(), StringComparison.OrdinalIgnoreCase))
                    : null;
                if (value is null) return BadRequest($"'{name}' must be one of {string.Join(", ", key.Allowed)}; got {element.GetRawText()}.");
                changes.Add((key, value));
            }

            foreach (var (key, value) in changes) key.Set(owner, instanceId, value);
            return Results.Json(Read(owner, instanceId));
        });

        group.MapDelete("/instances/{instanceId}/faults", (string instanceId) =>
        {
            if (OwnerOf(sandbox, instanceId) is not { } owner) return UnknownInstance(instanceId);
            foreach (var key in Keys) key.Set(owner, instanceId, None);
            return Results.NoContent();
        });
    }

    /// <summary>
    /// The services of the account that holds the instance (the default account first, then the others), so a fault
    /// reaches an instance of any account by its id alone; null when no account has it.
    /// </summary>
    private static SandboxServices? OwnerOf(SandboxServices sandbox, string instanceId)
    {
        if (sandbox.State.FindInstance(instanceId) is not null) return sandbox;
        return sandbox.Accounts?.Ids.Select(sandbox.ForAccount).FirstOrDefault(view => view.State.FindInstance(instanceId) is not null);
    }

    private static Dictionary<string, string> Read(SandboxServices sandbox, string instanceId)
    {
        var document = new Dictionary<string, string>(StringComparer.Ordinal) { ["instanceId"] = instanceId };
        foreach (var key in Keys) document[key.Name] = key.Get(sandbox, instanceId);
        return document;
    }

    private static string KeyList() => string.Join(", ", Keys.Select(k => k.Name));

    private static IResult UnknownInstance(string instanceId) =>
        Results.NotFound(new { message = $"No instance '{instanceId}' in the sandbox." });

    private static IResult BadRequest(string message) => Results.BadRequest(new { message });

    private sealed record FaultKey(string Name, string[] Allowed, Func<SandboxServices, string, string> Get, Action<SandboxServices, string, string> Set);
}
