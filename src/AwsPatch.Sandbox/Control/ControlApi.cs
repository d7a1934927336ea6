using System.Globalization;
using AwsPatch.Sandbox.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AwsPatch.Sandbox.Control;

/// <summary>
/// The sandbox's own endpoints under <c>/_sandbox/</c> (not AWS paths, no auth): counters, reset, clock, eventual consistency, faults (per operation and per instance), patch releases, alarm states.
/// </summary>
internal static class ControlApi
{
    public static void Map(IEndpointRouteBuilder app, SandboxServices sandbox, Inspector2State? inspector2 = null)
    {
        var group = app.MapGroup("/_sandbox");

        group.MapGet("/counters", () => Results.Json(new
        {
            total = sandbox.Counters.Total,
            reads = sandbox.Counters.Reads,
            writes = sandbox.Counters.Writes,
            operations = sandbox.Counters.Snapshot(),
            throttled = sandbox.Counters.ThrottledSnapshot(),
        }));

        group.MapPost("/counters/reset", () =>
        {
            sandbox.Counters.Reset();
            return Results.NoContent();
        });

        group.MapPost("/reset", () =>
        {
            sandbox.Reset();
            inspector2?.Reset(sandbox.State);
            return Results.NoContent();
        });

        group.MapGet("/clock", () => Results.Json(new { utcNow = sandbox.Clock.UtcNow, rate = sandbox.Clock.Rate, secondsPerRequest = sandbox.Clock.AdvancePerRequest.TotalSeconds }));

        group.MapPost("/clock/advance", (HttpRequest request) =>
        {
            if (!double.TryParse(request.Query["seconds"], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
                return Results.BadRequest(new { message = "Query parameter 'seconds' must be a non-negative number." });
            return Results.Json(new { utcNow = sandbox.Clock.Advance(TimeSpan.FromSeconds(seconds)) });
        });

        group.MapPost("/clock/rate", (HttpRequest request) =>
        {
            if (!double.TryParse(request.Query["value"], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate < 0 || double.IsInfinity(rate))
                return Results.BadRequest(new { message = "Query parameter 'value' must be a non-negative number (simulated seconds per real second; 0 freezes the clock)." });
            sandbox.Clock.Rate = rate;
            return Results.Json(new { utcNow = sandbox.Clock.UtcNow, rate });
        });

        group.MapPost("/clock/per-request", (HttpRequest request) =>
        {
            if (!double.TryParse(request.Query["seconds"], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || double.IsInfinity(seconds))
                return Results.BadRequest(new { message = "Query parameter 'seconds' must be a non-negative number (simulated seconds every AWS request moves the clock; 0 stops it)." });
            sandbox.Clock.AdvancePerRequest = TimeSpan.FromSeconds(seconds);
            return Results.Json(new { utcNow = sandbox.Clock.UtcNow, secondsPerRequest = seconds });
        });

        group.MapGet("/faults", () => Results.Json(FaultsDocument.From(sandbox.Faults)));

        group.MapPost("/faults", (FaultsDocument document) =>
        {
            try
            {
                document.ApplyTo(sandbox.Faults);
            }
            catch (ArgumentOutOfRangeException error)
            {
                return Results.BadRequest(new { message = error.Message });
            }

            return Results.Json(FaultsDocument.From(sandbox.Faults));
        });

        group.MapGet("/consistency", () => Consistency(sandbox.Consistency));

        group.MapPost("/consistency", (HttpRequest request) =>
        {
            if (!bool.TryParse(request.Query["enabled"], out var enabled))
                return Results.BadRequest(new { message = "Query parameter 'enabled' must be true or false (optional 'invisiblePolls': 0 to 100)." });
            var polls = sandbox.Consistency.InvisiblePolls;
            if (request.Query.ContainsKey("invisiblePolls")
                && !(int.TryParse(request.Query["invisiblePolls"], NumberStyles.None, CultureInfo.InvariantCulture, out polls) && polls <= 100))
                return Results.BadRequest(new { message = "Query parameter 'invisiblePolls' must be a whole number from 0 to 100." });
            sandbox.Consistency.InvisiblePolls = polls;
            sandbox.Consistency.Enabled = enabled;
            return Consistency(sandbox.Consistency);
        });

        InstanceFaults.Map(group, sandbox);
        PatchReleases.Map(group, sandbox, inspector2);
        Alarms.Map(group, sandbox);

        group.MapGet("/state", () => Results.Json(new
        {
            accountId = sandbox.State.AccountId,
            regions = sandbox.State.Regions,
            instances = sandbox.State.Instances.Count,
        }));
    }

    private static IResult Consistency(EventualConsistency consistency) =>
        Results.Json(new { enabled = consistency.Enabled, invisiblePolls = consistency.InvisiblePolls });
}
