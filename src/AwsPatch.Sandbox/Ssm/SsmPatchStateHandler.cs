using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>
/// Patch compliance: DescribeInstancePatchStates (1..50 ids), DescribeInstancePatchStatesForPatchGroup and
/// DescribeInstancePatches, paged 10..100 (default 50) as the SSM model says. States come from the Run Command
/// simulation (<see cref="InstancePatchView"/>), so a scan or install changes them; an instance no scan or install
/// ever completed on has no patch state and is left out, as in AWS.
/// </summary>
internal sealed partial class SsmPatchStateHandler : ISsmHandler
{
    private const int MaxIds = 50;
    private const int MinPage = 10;
    private const int MaxPage = 100;
    private const int DefaultPage = 50;

    private static readonly string[] CountKeys =
    [
        "InstalledCount", "InstalledOtherCount", "InstalledPendingRebootCount", "InstalledRejectedCount",
        "MissingCount", "FailedCount", "UnreportedNotApplicableCount", "NotApplicableCount",
    ];

    private static readonly string[] OperatorTypes = ["Equal", "NotEqual", "LessThan", "GreaterThan"];
    private static readonly string[] PatchFilterKeys = ["Classification", "KBId", "Severity", "State"];

    /// <summary>The patch states DescribeInstancePatches reports and its State filter takes.</summary>
    public static readonly string[] PatchStates =
        ["Installed", "InstalledOther", "InstalledPendingReboot", "InstalledRejected", "Missing", "NotApplicable", "Failed"];

    [GeneratedRegex(@"(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)")]
    private static partial Regex InstanceIdPattern();

    [GeneratedRegex(@"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$")]
    private static partial Regex PatchGroupPattern();

    public IReadOnlyCollection<string> Operations { get; } =
        ["DescribeInstancePatchStates", "DescribeInstancePatchStatesForPatchGroup", "DescribeInstancePatches"];

    public void Handle(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var maxResults = SsmRequestReader.Int(request, "MaxResults", MinPage, MaxPage) ?? DefaultPage;
        switch (call.Operation)
        {
            case "DescribeInstancePatchStates": DescribeStates(call, request, json, maxResults); break;
            case "DescribeInstancePatchStatesForPatchGroup": DescribeForPatchGroup(call, request, json, maxResults); break;
            case "DescribeInstancePatches": DescribePatches(call, request, json, maxResults); break;
        }
    }

    private static void DescribeStates(AwsCallContext call, JsonElement request, Utf8JsonWriter json, int maxResults)
    {
        var ids = SsmRequestReader.StringList(request, "InstanceIds")
            ?? throw SsmRequestReader.Validation("null", "instanceIds", "Member must not be null");
        if (ids.Count > MaxIds)
            throw SsmRequestReader.Validation($"[{string.Join(", ", ids)}]", "instanceIds", $"Member must have length less than or equal to {MaxIds}");
        for (var i = 0; i < ids.Count; i++)
        {
            if (!InstanceIdPattern().IsMatch(ids[i]))
                throw SsmRequestReader.Validation(ids[i], $"instanceIds.{i + 1}.member", $"Member must satisfy regular expression pattern: {InstanceIdPattern()}");
        }

        var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
        WriteStates(call, request, json, maxResults, string.Join(",", wanted.Order(StringComparer.Ordinal)), i => wanted.Contains(i.InstanceId), _ => true);
    }

    private static void DescribeForPatchGroup(AwsCallContext call, JsonElement request, Utf8JsonWriter json, int maxResults)
    {
        var group = SsmRequestReader.RequiredString(request, "PatchGroup", 1, 256);
        if (!PatchGroupPattern().IsMatch(group))
            throw SsmRequestReader.Validation(group, "patchGroup", $"Member must satisfy regular expression pattern: {PatchGroupPattern()}");
        var filters = StateFilters(request);
        WriteStates(call, request, json, maxResults, group + "|" + string.Join(";", filters.Select(f => $"{f.Key}{f.Type}{f.Value}")),
            i => i.PatchGroup == group,
            view => filters.All(f => Compare(CountOf(view, f.Key), f.Type, f.Value)));
    }

    private static void WriteStates(AwsCallContext call, JsonElement request, Utf8JsonWriter json, int maxResults, string fingerprint,
        Func<SandboxInstance, bool> selected, Func<InstancePatchView, bool> matches)
    {
        var after = After(call, request, call.Region + "|" + fingerprint);
        var clockStart = call.Sandbox.State.ClockStart;
        call.Sandbox.State.Read(instances =>
        {
            var released = call.Sandbox.State.RunCommands.ReleasesByKey;
            var views = instances.Where(i => i.Region == call.Region && i.State != "terminated" && selected(i))
                .Select(i => InstancePatchView.Of(i, call.Sandbox.State.RunCommands.PatchStateOf(i.InstanceId), clockStart, call.Region, released))
                .OfType<InstancePatchView>()
                .Where(matches);
            var (page, last) = PageToken.Slice(views, v => v.InstanceId, after, call.Sandbox.Consistency.PageSize(maxResults));

            json.WriteStartObject();
            json.WriteStartArray("InstancePatchStates");
            foreach (var view in page) WriteState(json, view);
            json.WriteEndArray();
            if (last is not null) json.WriteString("NextToken", PageToken.Create(call.Operation, call.Region + "|" + fingerprint, last));
            json.WriteEndObject();
            return 0;
        });
    }

    private static void DescribePatches(AwsCallContext call, JsonElement request, Utf8JsonWriter json, int maxResults)
    {
        var instanceId = SsmRequestReader.String(request, "InstanceId")
            ?? throw SsmRequestReader.Validation("null", "instanceId", "Member must not be null");
        if (!InstanceIdPattern().IsMatch(instanceId))
            throw SsmRequestReader.Validation(instanceId, "instanceId", $"Member must satisfy regular expression pattern: {InstanceIdPattern()}");
        var filters = SsmRequestReader.KeyValuesList(request, "Filters", "Key", "Values");
        if (filters.Count > 5)
            throw SsmRequestReader.Validation("[...]", "filters", "Member must have length less than or equal to 5");
        foreach (var (key, values) in filters)
        {
            if (!PatchFilterKeys.Contains(key, StringComparer.Ordinal))
                throw new AwsApiException("InvalidFilter", $"The filter key {key} is not valid. Valid filter keys are: {string.Join(", ", PatchFilterKeys)}.");
            if (key == "State" && values.FirstOrDefault(v => !PatchStates.Contains(v, StringComparer.Ordinal)) is { } bad)
                throw new AwsApiException("InvalidFilter", $"The filter value {bad} is not valid for the filter key State. Valid values are: {string.Join(", ", PatchStates)}.");
        }

        var fingerprint = call.Region + "|" + instanceId + "|" + string.Join(";", filters.Select(f => f.Key + "=" + string.Join(",", f.Values)));
        var after = After(call, request, fingerprint);
        var clockStart = call.Sandbox.State.ClockStart;
        call.Sandbox.State.Read(instances =>
        {
            var instance = instances.FirstOrDefault(i => i.InstanceId == instanceId && i.Region == call.Region && i.Ssm is not null && i.State != "terminated")
                ?? throw new AwsApiException("InvalidInstanceId", $"Instance Id {instanceId} is not a valid managed instance in {call.Region}.");
            var view = InstancePatchView.Of(instance, call.Sandbox.State.RunCommands.PatchStateOf(instanceId), clockStart, call.Region, call.Sandbox.State.RunCommands.ReleasesByKey);
            var patches = (view?.Patches() ?? []).Where(p => filters.All(f => f.Values.Contains(FieldOf(p, f.Key), StringComparer.Ordinal)));
            var (page, last) = PageToken.Slice(patches, p => p.Index.ToString("D6", CultureInfo.InvariantCulture), after, call.Sandbox.Consistency.PageSize(maxResults));

            json.WriteStartObject();
            json.WriteStartArray("Patches");
            foreach (var patch in page) WritePatch(json, patch);
            json.WriteEndArray();
            if (last is not null) json.WriteString("NextToken", PageToken.Create(call.Operation, fingerprint, last));
            json.WriteEndObject();
            return 0;
        });
    }

    private static string? After(AwsCallContext call, JsonElement request, string fingerprint) =>
        SsmRequestReader.String(request, "NextToken") is { Length: > 0 } token
            ? PageToken.TryRead(token, call.Operation, fingerprint) ?? throw new AwsApiException("InvalidNextToken", "The specified token isn't valid.")
            : null;

    private static List<(string Key, string Type, int Value)> StateFilters(JsonElement request)
    {
        var result = new List<(string, string, int)>();
        if (!request.TryGetProperty("Filters", out var list) || list.ValueKind == JsonValueKind.Null) return result;
        if (list.ValueKind != JsonValueKind.Array)
            throw new AwsApiException("SerializationException", "Start of list found where not expected for Filters");
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"filters.{++index}.member";
            var key = SsmRequestReader.String(item, "Key") ?? throw SsmRequestReader.Validation("null", path + ".key", "Member must not be null");
            var type = SsmRequestReader.String(item, "Type") ?? throw SsmRequestReader.Validation("null", path + ".type", "Member must not be null");
            var values = SsmRequestReader.StringList(item, "Values") ?? throw SsmRequestReader.Validation("null", path + ".values", "Member must not be null");
            if (!OperatorTypes.Contains(type, StringComparer.Ordinal))
                throw SsmRequestReader.Validation(type, path + ".type", $"Member must satisfy enum value set: [{string.Join(", ", OperatorTypes)}]");
            if (values.Count != 1)
                throw SsmRequestReader.Validation($"[{string.Join(", ", values)}]", path + ".values",
                    values.Count < 1 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 1");
            if (!CountKeys.Contains(key, StringComparer.Ordinal))
                throw new AwsApiException("InvalidFilter", $"The filter key {key} is not valid. Valid filter keys are: {string.Join(", ", CountKeys)}.");
            if (!int.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                throw new AwsApiException("InvalidFilter", $"The filter value {values[0]} is not valid for the filter key {key}; it must be an integer.");
            result.Add((key, type, value));
        }

        if (result.Count > 4)
            throw SsmRequestReader.Validation("[...]", "filters", "Member must have length less than or equal to 4");
        return result;
    }

    private static bool Compare(int actual, string type, int value) => type switch
    {
        "Equal" => actual == value,
        "NotEqual" => actual != value,
        "LessThan" => actual < value,
        _ => actual > value,
    };

    private static int CountOf(InstancePatchView view, string key) => key switch
    {
        "InstalledCount" => view.InstalledCount,
        "InstalledOtherCount" => view.InstalledOtherCount,
        "InstalledPendingRebootCount" => view.PendingRebootCount,
        "MissingCount" => view.MissingCount,
        "FailedCount" => view.FailedCount,
        "NotApplicableCount" => view.NotApplicableCount,
        _ => 0,
    };

    private static string FieldOf(SandboxPatch patch, string key) => key switch
    {
        "Classification" => patch.Classification,
        "KBId" => patch.KBId,
        "Severity" => patch.Severity,
        _ => patch.State,
    };

    private static void WriteState(Utf8JsonWriter json, InstancePatchView view)
    {
        json.WriteStartObject();
        json.WriteString("InstanceId", view.InstanceId);
        json.WriteString("PatchGroup", view.PatchGroup);
        json.WriteString("BaselineId", view.BaselineId);
        if (view.SnapshotId is { } snapshotId) json.WriteString("SnapshotId", snapshotId);
        json.WriteNumber("InstalledCount", view.InstalledCount);
        json.WriteNumber("InstalledOtherCount", view.InstalledOtherCount);
        json.WriteNumber("InstalledPendingRebootCount", view.PendingRebootCount);
        json.WriteNumber("InstalledRejectedCount", 0);
        json.WriteNumber("MissingCount", view.MissingCount);
        json.WriteNumber("FailedCount", view.FailedCount);
        json.WriteNumber("UnreportedNotApplicableCount", 0);
        json.WriteNumber("NotApplicableCount", view.NotApplicableCount);
        JsonProtocol.WriteTimestamp(json, "OperationStartTime", view.OperationStartTime);
        JsonProtocol.WriteTimestamp(json, "OperationEndTime", view.OperationEndTime);
        json.WriteString("Operation", view.Operation);
        if (view.Operation == "Install" && view.RebootOption == "NoReboot")
            JsonProtocol.WriteTimestamp(json, "LastNoRebootInstallOperationTime", view.OperationEndTime);
        json.WriteString("RebootOption", view.RebootOption);
        json.WriteNumber("CriticalNonCompliantCount", view.CriticalNonCompliantCount);
        json.WriteNumber("SecurityNonCompliantCount", view.SecurityNonCompliantCount);
        json.WriteNumber("OtherNonCompliantCount", view.OtherNonCompliantCount);
        json.WriteEndObject();
    }

    private static string WireState(string state) =>
        string.Concat(state.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));

    private static void WritePatch(Utf8JsonWriter json, SandboxPatch patch)
    {
        json.WriteStartObject();
        json.WriteString("Title", patch.Title);
        json.WriteString("KBId", patch.KBId);
        json.WriteString("Classification", patch.Classification);
        json.WriteString("Severity", patch.Severity);
        // The model's PatchComplianceDataState enum (INSTALLED_PENDING_REBOOT …); the State filter takes the documented InstalledPendingReboot form.
        json.WriteString("State", WireState(patch.State));
        // Patch Manager reports epoch 0 for patches that are not installed.
        JsonProtocol.WriteTimestamp(json, "InstalledTime", patch.InstalledTime ?? DateTime.UnixEpoch);
        if (patch.CVEIds is not null) json.WriteString("CVEIds", patch.CVEIds);
        json.WriteEndObject();
    }
}
