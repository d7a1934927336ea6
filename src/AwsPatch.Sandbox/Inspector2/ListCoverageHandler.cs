using System.Text.Json;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Inspector2;

/// <summary>
/// ListCoverage for the region's EC2 instances, from the live fleet: running SSM-managed instances are
/// ACTIVE/SUCCESSFUL, unmanaged ones INACTIVE/UNMANAGED_EC2_INSTANCE, stopped ones INACTIVE/EC2_INSTANCE_STOPPED;
/// lastScannedAt is Inspector's last scan of the instance (<see cref="Inspector2State.LastScannedAt"/>: the seeded agent ping, then each rescan);
/// terminated instances are not listed. maxResults 1..200; pages in instance-id order.
/// </summary>
internal static class ListCoverageHandler
{
    private static readonly string[] Members = ["maxResults", "nextToken", "filterCriteria"];

    private static readonly string[] NeverMatching =
    [
        "ecrRepositoryName", "ecrImageTags", "lambdaFunctionName", "lambdaFunctionRuntime", "codeRepositoryProjectName",
        "codeRepositoryProviderType", "codeRepositoryProviderTypeVisibility", "lastScannedCommitId",
    ];

    private sealed record Covered(string ResourceId, string AccountId, string StatusCode, string Reason, IReadOnlyDictionary<string, string> Tags,
        string AmiId, string Platform, DateTime? LastScannedAt);

    public static Action<Utf8JsonWriter> Handle(AwsCallContext call, Inspector2State inspector, JsonElement request)
    {
        Inspector2Json.RequireObject(request, "", Members);
        var maxResults = Inspector2Json.Int(request, "maxResults", 1, 200) ?? 200;
        var token = Inspector2Json.String(request, "nextToken", "nextToken");
        var filter = Filter(request);
        var fingerprint = Inspector2Service.Fingerprint(call, request, "filterCriteria");
        string? after = null;
        if (!string.IsNullOrEmpty(token)) after = PageToken.TryRead(token, "ListCoverage", fingerprint) ?? throw Inspector2Service.BadToken();

        var account = call.Sandbox.State.AccountId;
        var covered = call.Sandbox.State.Read(all => all
            .Where(i => i.Region == call.Region && i.State != "terminated")
            .Select(i => new Covered(i.InstanceId, account,
                i.State == "stopped" || i.Ssm is null ? "INACTIVE" : "ACTIVE",
                i.State == "stopped" ? "EC2_INSTANCE_STOPPED" : i.Ssm is null ? "UNMANAGED_EC2_INSTANCE" : "SUCCESSFUL",
                new Dictionary<string, string>(i.Tags, StringComparer.Ordinal), i.ImageId, i.IsWindows ? "WINDOWS" : "LINUX",
                i.Ssm is null || i.State == "stopped" ? null : inspector.LastScannedAt(i.InstanceId) ?? i.Ssm.LastPingDateTime))
            .Where(filter)
            .ToList());
        var (page, lastKey) = PageToken.Slice(covered, c => c.ResourceId, after, call.Sandbox.Consistency.PageSize(maxResults));
        var next = lastKey is null ? null : PageToken.Create("ListCoverage", fingerprint, lastKey);

        return json =>
        {
            json.WriteStartObject();
            if (next is not null) json.WriteString("nextToken", next);
            json.WriteStartArray("coveredResources");
            foreach (var c in page)
            {
                json.WriteStartObject();
                json.WriteString("resourceType", "AWS_EC2_INSTANCE");
                json.WriteString("resourceId", c.ResourceId);
                json.WriteString("accountId", c.AccountId);
                json.WriteString("scanType", "PACKAGE");
                json.WriteStartObject("scanStatus");
                json.WriteString("statusCode", c.StatusCode);
                json.WriteString("reason", c.Reason);
                json.WriteEndObject();
                json.WriteStartObject("resourceMetadata");
                json.WriteStartObject("ec2");
                json.WriteStartObject("tags");
                foreach (var (key, value) in c.Tags) json.WriteString(key, value);
                json.WriteEndObject();
                json.WriteString("amiId", c.AmiId);
                json.WriteString("platform", c.Platform);
                json.WriteEndObject();
                json.WriteEndObject();
                Inspector2Json.WriteTimestamp(json, "lastScannedAt", c.LastScannedAt);
                json.WriteString("scanMode", "EC2_SSM_AGENT_BASED");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        };
    }

    private static Func<Covered, bool> Filter(JsonElement request)
    {
        var predicates = new List<Func<Covered, bool>>();
        if (!request.TryGetProperty("filterCriteria", out var criteria) || criteria.ValueKind == JsonValueKind.Null) return _ => true;
        if (criteria.ValueKind != JsonValueKind.Object) throw Inspector2Json.CannotParse("filterCriteria", "expected a structure");
        foreach (var field in criteria.EnumerateObject())
        {
            var path = "filterCriteria." + field.Name;
            Func<Covered, string?>? value = field.Name switch
            {
                "scanStatusCode" => c => c.StatusCode,
                "scanStatusReason" => c => c.Reason,
                "accountId" => c => c.AccountId,
                "resourceId" => c => c.ResourceId,
                "resourceType" => _ => "AWS_EC2_INSTANCE",
                "scanType" => _ => "PACKAGE",
                "scanMode" => _ => "EC2_SSM_AGENT_BASED",
                _ when NeverMatching.Contains(field.Name) => _ => null,
                _ => null,
            };
            if (value is not null)
            {
                var set = StringFilterSet.Parse(field.Value, path, ["EQUALS", "NOT_EQUALS"]);
                predicates.Add(c => set.Matches(value(c)));
            }
            else if (field.Name is "ec2InstanceTags" or "lambdaFunctionTags")
            {
                var pairs = new List<KeyValuePair<string, string?>>();
                var index = 0;
                foreach (var item in Inspector2Json.List(field.Value, path))
                {
                    var itemPath = $"{path}.{++index}.member";
                    Inspector2Json.RequireObject(item, itemPath, ["comparison", "key", "value"]);
                    Inspector2Json.RequiredEnum(item, "comparison", itemPath + ".comparison", ["EQUALS"]);
                    pairs.Add(new(Inspector2Json.RequiredString(item, "key", itemPath + ".key"), Inspector2Json.String(item, "value", itemPath + ".value")));
                }

                var lambda = field.Name == "lambdaFunctionTags";
                predicates.Add(c => !lambda && pairs.Exists(p => c.Tags.TryGetValue(p.Key, out var v) && (p.Value is null || v == p.Value)));
            }
            else if (field.Name is "lastScannedAt" or "imagePulledAt" or "ecrImageLastInUseAt")
            {
                var ranges = new List<(DateTime? Start, DateTime? End)>();
                var index = 0;
                foreach (var item in Inspector2Json.List(field.Value, path))
                {
                    var itemPath = $"{path}.{++index}.member";
                    Inspector2Json.RequireObject(item, itemPath, ["startInclusive", "endInclusive"]);
                    ranges.Add((Inspector2Json.Timestamp(item, "startInclusive", itemPath + ".startInclusive"),
                        Inspector2Json.Timestamp(item, "endInclusive", itemPath + ".endInclusive")));
                }

                var scanned = field.Name == "lastScannedAt";
                predicates.Add(c => scanned && c.LastScannedAt is { } at && ranges.Exists(r => (r.Start is null || at >= r.Start) && (r.End is null || at <= r.End)));
            }
            else if (field.Name == "ecrImageInUseCount")
            {
                Inspector2Json.List(field.Value, path);
                predicates.Add(_ => false);
            }
            else
            {
                throw Inspector2Json.CannotParse(path, "unknown member");
            }
        }

        return c => predicates.TrueForAll(p => p(c));
    }
}
