using System.Text.Json;
using System.Text.RegularExpressions;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Inspector2;

/// <summary>
/// BatchGetFindingDetails: 1..10 ARNs; a package finding of the caller's region gets a <c>findingDetails</c>
/// entry (with <c>cisaData</c> when the CVE is in CISA's KEV catalogue), every other ARN an <c>errors</c> entry (INVALID_INPUT when it is not a finding ARN, else FINDING_DETAILS_NOT_FOUND).
/// </summary>
internal static partial class FindingDetailsHandler
{
    [GeneratedRegex(@"^arn:(aws[a-zA-Z-]*)?:inspector2:[a-z]{2}(-gov)?-[a-z]+-\d{1}:\d{12}:finding/[a-f0-9]{32}$")]
    private static partial Regex FindingArn();

    public static Action<Utf8JsonWriter> Handle(AwsCallContext call, Inspector2State state, JsonElement request)
    {
        Inspector2Json.RequireObject(request, "", ["findingArns"]);
        if (!request.TryGetProperty("findingArns", out var list) || list.ValueKind == JsonValueKind.Null)
            throw Inspector2Json.Validation("findingArns", "Member must not be null", "null");
        var arns = Inspector2Json.List(list, "findingArns")
            .Select((a, i) => a.ValueKind == JsonValueKind.String ? a.GetString()! : throw Inspector2Json.CannotParse($"findingArns.{i + 1}.member", "expected a string"))
            .ToList();
        var region = state.Snapshot(call.Region);
        return json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("findingDetails");
            foreach (var arn in arns)
            {
                if (region.ByArnLookup.GetValueOrDefault(arn) is not { Type: "PACKAGE_VULNERABILITY" } f) continue;
                json.WriteStartObject();
                json.WriteString("findingArn", f.FindingArn);
                if (f.Cisa is { } kev)
                {
                    json.WriteStartObject("cisaData");
                    Inspector2Json.WriteTimestamp(json, "dateAdded", kev.DateAdded);
                    Inspector2Json.WriteTimestamp(json, "dateDue", kev.DateDue);
                    json.WriteString("action", kev.Action);
                    json.WriteEndObject();
                }

                if (f.ExploitAvailable == "YES" && f.LastKnownExploitAt is { } exploitAt)
                {
                    json.WriteStartObject("exploitObserved");
                    Inspector2Json.WriteTimestamp(json, "lastSeen", exploitAt);
                    Inspector2Json.WriteTimestamp(json, "firstSeen", exploitAt.AddDays(-30));
                    json.WriteEndObject();
                }

                json.WriteNumber("riskScore", (int)Math.Round((f.InspectorScore ?? 0) * 10 * (f.ExploitAvailable == "YES" ? 1 : 0.6)));
                json.WriteStartArray("evidences");
                json.WriteEndArray();
                json.WriteStartArray("ttps");
                json.WriteEndArray();
                json.WriteStartArray("tools");
                json.WriteEndArray();
                json.WriteStartArray("referenceUrls");
                foreach (var url in f.ReferenceUrls) json.WriteStringValue(url);
                json.WriteEndArray();
                json.WriteStartArray("cwes");
                json.WriteEndArray();
                if (f.EpssScore is { } epss) json.WriteNumber("epssScore", epss);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("errors");
            foreach (var arn in arns)
            {
                if (region.ByArnLookup.GetValueOrDefault(arn) is { Type: "PACKAGE_VULNERABILITY" }) continue;
                var valid = FindingArn().IsMatch(arn);
                json.WriteStartObject();
                json.WriteString("findingArn", arn);
                json.WriteString("errorCode", valid ? "FINDING_DETAILS_NOT_FOUND" : "INVALID_INPUT");
                json.WriteString("errorMessage", valid ? "Finding details could not be found." : "The finding ARN is not valid.");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        };
    }
}
