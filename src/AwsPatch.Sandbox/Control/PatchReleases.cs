using System.Text.Json;
using System.Text.RegularExpressions;
using AwsPatch.Sandbox.Inspector2;
using AwsPatch.Sandbox.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AwsPatch.Sandbox.Control;

/// <summary>
/// Patch releases over the control API: <c>POST /_sandbox/patches</c> releases a patch now (simulated time) to the
/// instances it names (<c>instanceIds</c>, a <c>patchGroup</c>, an <c>operatingSystem</c>, or all), <c>GET</c> lists
/// them. From the release on, scans report it Missing and installs install it, unless the command pins a baseline
/// snapshot (AWS-RunPatchBaseline's SnapshotId) taken before the release. With <c>cveIds</c>, Inspector also opens the
/// findings the release fixes on each running managed instance it applies to (<see cref="ReleaseFindings"/>).
/// </summary>
internal static partial class PatchReleases
{
    private static readonly string[] Keys = ["title", "kbId", "classification", "severity", "operatingSystem", "instanceIds", "patchGroup", "cveIds"];

    [GeneratedRegex(@"^CVE-\d{4}-\d{4,}(,CVE-\d{4}-\d{4,})*$")]
    private static partial Regex CveListPattern();

    public static void Map(RouteGroupBuilder group, SandboxServices sandbox, Inspector2State? inspector2)
    {
        group.MapGet("/patches", () => Results.Json(sandbox.State.Read(_ => sandbox.State.RunCommands.Releases.Select(Document).ToList())));

        group.MapPost("/patches", async (HttpRequest request) =>
        {
            var body = await ControlJson.ReadObjectAsync(request);

            if (body is null) return BadRequest($"The body must be a JSON object with the keys {string.Join(", ", Keys)} (title is required).");
            if (body.Keys.FirstOrDefault(k => !Keys.Contains(k, StringComparer.Ordinal)) is { } unknown)
                return BadRequest($"Unknown key '{unknown}'. Allowed keys: {string.Join(", ", Keys)}.");
            string? Text(string key) => body.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (body.Where(p => p.Key != "instanceIds").FirstOrDefault(p => p.Value.ValueKind != JsonValueKind.String) is { Key: { } notText })
                return BadRequest($"'{notText}' must be a string.");

            var title = Text("title");
            if (string.IsNullOrWhiteSpace(title)) return BadRequest("'title' is required: the patch's title as DescribeInstancePatches shows it.");
            var os = Text("operatingSystem");
            if (os is not null && !PatchBaselines.OperatingSystems.Contains(os, StringComparer.Ordinal))
                return BadRequest($"'operatingSystem' must be one of {string.Join(", ", PatchBaselines.OperatingSystems)}; got '{os}'.");
            var cves = Text("cveIds");
            if (cves is not null && !CveListPattern().IsMatch(cves)) return BadRequest($"'cveIds' must be comma-separated CVE ids (CVE-2025-12345); got '{cves}'.");

            var ids = new List<string>();
            if (body.TryGetValue("instanceIds", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                    return BadRequest("'instanceIds' must be an array of instance ids.");
                ids.AddRange(list.EnumerateArray().Select(v => v.GetString()!));
                if (ids.FirstOrDefault(id => sandbox.State.FindInstance(id) is null) is { } stranger)
                    return Results.NotFound(new { message = $"No instance '{stranger}' in the sandbox." });
            }

            var patchGroup = Text("patchGroup");
            var scope = new ReleasedPatch
            {
                Key = 0, PatchId = "", Title = title, KBId = "", Classification = "", Severity = "", ReleasedAt = default,
                OperatingSystem = os, InstanceIds = ids, PatchGroup = patchGroup,
            };
            var targets = sandbox.State.Read(all => all.Where(i => i.Ssm is not null && scope.AppliesTo(i)).ToList());
            if (targets.Count == 0) return BadRequest("No managed instance matches instanceIds, patchGroup and operatingSystem together: the patch would apply to nothing.");
            var scanned = targets.Where(i => i.State == "running").ToList();
            if (cves is not null && inspector2 is not null && ReleaseFindings.Problem(title, scanned) is { } problem) return BadRequest(problem);

            var released = sandbox.State.ReleasePatch(new ReleasedPatch
            {
                Key = 0,
                PatchId = "",
                Title = title,
                KBId = Text("kbId") ?? title,
                Classification = Text("classification") ?? "Security",
                Severity = Text("severity") ?? "Critical",
                CVEIds = cves,
                ReleasedAt = default,
                OperatingSystem = os,
                InstanceIds = ids,
                PatchGroup = patchGroup,
            }, sandbox.Clock.UtcNow);
            var opened = inspector2 is null ? [] : ReleaseFindings.Open(sandbox.State.AccountId, released, scanned);
            inspector2?.AddFindings(opened);
            return Results.Json(Document(released) with { Instances = targets.Count, Findings = opened.Count }, statusCode: StatusCodes.Status201Created);
        });
    }

    private static ReleaseDocument Document(ReleasedPatch patch) => new(patch.PatchId, patch.Title, patch.KBId, patch.Classification, patch.Severity,
        patch.CVEIds, patch.ReleasedAt, patch.OperatingSystem, patch.InstanceIds, patch.PatchGroup, null, null);

    private static IResult BadRequest(string message) => Results.BadRequest(new { message });

    private sealed record ReleaseDocument(string PatchId, string Title, string KbId, string Classification, string Severity, string? CveIds,
        DateTime ReleasedAt, string? OperatingSystem, IReadOnlyList<string> InstanceIds, string? PatchGroup, int? Instances, int? Findings);
}
