using System.Text.Json;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>
/// DescribePatchBaselines (filters NAME_PREFIX, OWNER, OPERATING_SYSTEM; paged 1..100),
/// GetPatchBaselineForPatchGroup and GetPatchBaseline over the predefined baselines (<see cref="PatchBaselines"/>):
/// with no custom baseline registered, every patch group gets its operating system's default. GetPatchBaseline
/// names an AWS-owned baseline by its ARN only (the short pb- id is DoesNotExistException, as in AWS).
/// </summary>
internal sealed class SsmPatchBaselineHandler : ISsmHandler
{
    private static readonly string[] FilterKeys = ["NAME_PREFIX", "OWNER", "OPERATING_SYSTEM"];

    public IReadOnlyCollection<string> Operations { get; } = ["DescribePatchBaselines", "GetPatchBaselineForPatchGroup", "GetPatchBaseline"];

    public void Handle(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        if (call.Operation == "GetPatchBaselineForPatchGroup")
            ForPatchGroup(call, request, json);
        else if (call.Operation == "GetPatchBaseline")
            Get(call, request, json);
        else
            Describe(call, request, json);
    }

    private static void Get(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var id = SsmRequestReader.RequiredString(request, "BaselineId", 20, 128);
        if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ':' or '/'))
            throw SsmRequestReader.Validation(id, "baselineId", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-:/]{20,128}$");
        var baseline = PatchBaselines.ById(id, call.Region)
            ?? throw new AwsApiException("DoesNotExistException", $"Patch Baseline {id} does not exist.");

        json.WriteStartObject();
        json.WriteString("BaselineId", id);
        json.WriteString("Name", baseline.Name);
        json.WriteString("OperatingSystem", baseline.OperatingSystem);
        json.WriteStartObject("GlobalFilters");
        json.WriteStartArray("PatchFilters");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("ApprovalRules");
        json.WriteStartArray("PatchRules");
        foreach (var rule in baseline.Rules)
        {
            json.WriteStartObject();
            json.WriteStartObject("PatchFilterGroup");
            KeyValuesJson.Write(json, "PatchFilters", rule.Filters);
            json.WriteEndObject();
            json.WriteString("ComplianceLevel", "UNSPECIFIED");
            if (rule.ApproveAfterDays is int days) json.WriteNumber("ApproveAfterDays", days);
            json.WriteBoolean("EnableNonSecurity", false);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("ApprovedPatches");
        json.WriteEndArray();
        json.WriteString("ApprovedPatchesComplianceLevel", "UNSPECIFIED");
        json.WriteBoolean("ApprovedPatchesEnableNonSecurity", false);
        json.WriteStartArray("RejectedPatches");
        json.WriteEndArray();
        json.WriteString("RejectedPatchesAction", "ALLOW_AS_DEPENDENCY");
        json.WriteStartArray("PatchGroups");
        json.WriteEndArray();
        json.WriteString("Description", baseline.Description);
        json.WriteStartArray("Sources");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Describe(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var maxResults = SsmRequestReader.Int(request, "MaxResults", 1, 100) ?? 100;
        var filters = SsmRequestReader.KeyValuesList(request, "Filters", "Key", "Values");
        if (filters.Count > 5)
            throw SsmRequestReader.Validation("[...]", "filters", "Member must have length less than or equal to 5");
        foreach (var (key, _) in filters.Where(f => !FilterKeys.Contains(f.Key, StringComparer.Ordinal)))
            throw new AwsApiException("ValidationException", $"Invalid filter key {key}. Valid keys are: {string.Join(", ", FilterKeys)}.");

        var fingerprint = call.Region + "|" + string.Join(";", filters.Select(f => f.Key + "=" + string.Join(",", f.Values)));
        var after = SsmRequestReader.String(request, "NextToken") is { Length: > 0 } token
            ? PageToken.TryRead(token, call.Operation, fingerprint) ?? throw new AwsApiException("InvalidNextToken", "The specified token isn't valid.")
            : null;
        var matching = PatchBaselines.All.Where(b => filters.All(f => f.Key switch
        {
            "NAME_PREFIX" => f.Values.Any(v => b.Name.StartsWith(v, StringComparison.Ordinal)),
            "OWNER" => f.Values.Any(v => v is "AWS" or "All"),
            _ => f.Values.Contains(b.OperatingSystem, StringComparer.Ordinal),
        }));
        var (page, last) = PageToken.Slice(matching, b => b.IdIn(call.Region), after, call.Sandbox.Consistency.PageSize(maxResults));

        json.WriteStartObject();
        json.WriteStartArray("BaselineIdentities");
        foreach (var baseline in page)
        {
            json.WriteStartObject();
            json.WriteString("BaselineId", baseline.IdIn(call.Region));
            json.WriteString("BaselineName", baseline.Name);
            json.WriteString("OperatingSystem", baseline.OperatingSystem);
            json.WriteString("BaselineDescription", baseline.Description);
            json.WriteBoolean("DefaultBaseline", true);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (last is not null) json.WriteString("NextToken", PageToken.Create(call.Operation, fingerprint, last));
        json.WriteEndObject();
    }

    private static void ForPatchGroup(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var group = SsmRequestReader.RequiredString(request, "PatchGroup", 1, 256);
        var os = SsmRequestReader.String(request, "OperatingSystem") ?? "WINDOWS";
        if (!PatchBaselines.OperatingSystems.Contains(os, StringComparer.Ordinal))
            throw SsmRequestReader.Validation(os, "operatingSystem", $"Member must satisfy enum value set: [{string.Join(", ", PatchBaselines.OperatingSystems)}]");

        json.WriteStartObject();
        if (PatchBaselines.DefaultFor(os) is { } baseline) json.WriteString("BaselineId", baseline.IdIn(call.Region));
        json.WriteString("PatchGroup", group);
        json.WriteString("OperatingSystem", os);
        json.WriteEndObject();
    }
}
