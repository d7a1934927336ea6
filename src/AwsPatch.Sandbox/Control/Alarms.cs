using System.Text.Json;
using AwsPatch.Sandbox.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AwsPatch.Sandbox.Control;

/// <summary>
/// CloudWatch alarm states for SendCommand's AlarmConfiguration: <c>POST /_sandbox/alarms/{name}</c> with
/// <c>{"state":"ALARM"}</c> (or <c>OK</c>, <c>INSUFFICIENT_DATA</c>), <c>GET /_sandbox/alarms</c> lists what was set.
/// An alarm never set is OK. When an alarm goes to ALARM, every running command that names it stops: what has not
/// finished ends Cancelled and the command shows the alarm in TriggeredAlarms.
/// </summary>
internal static class Alarms
{
    private static readonly string[] States = ["OK", "ALARM", "INSUFFICIENT_DATA"];

    public static void Map(RouteGroupBuilder group, SandboxServices sandbox)
    {
        group.MapGet("/alarms", () => Results.Json(sandbox.State.Read(_ =>
            sandbox.State.RunCommands.Alarms.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new { name = a.Key, state = a.Value }).ToList())));

        group.MapPost("/alarms/{name}", async (string name, HttpRequest request) =>
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 255)
                return Results.BadRequest(new { message = "An alarm name is 1 to 255 characters and not blank (the model's AlarmName)." });
            var body = await ControlJson.ReadObjectAsync(request);

            var state = body is not null && body.TryGetValue("state", out var value) && value.ValueKind == JsonValueKind.String
                ? States.FirstOrDefault(s => string.Equals(s, value.GetString(), StringComparison.OrdinalIgnoreCase))
                : null;
            if (state is null || body!.Count != 1)
                return Results.BadRequest(new { message = $"The body must be {{\"state\":\"…\"}} with one of {string.Join(", ", States)}." });

            sandbox.State.SetAlarmState(name, state, sandbox.Clock.UtcNow);
            var stopped = sandbox.State.Read(_ => sandbox.State.RunCommands.Commands.Count(c => c.TriggeredAlarm == name));
            return Results.Json(new { name, state, stoppedCommands = stopped });
        });
    }
}
