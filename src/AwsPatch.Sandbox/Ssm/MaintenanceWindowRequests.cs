using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>What the maintenance-window operations share: id and name patterns, Targets lists, the window lookup, paging.</summary>
internal static partial class MaintenanceWindowRequests
{
    /// <summary>Service quotas: maintenance windows per account and region, targets and tasks per window.</summary>
    public const int WindowsPerRegion = 50;
    public const int TargetsPerWindow = 50;
    public const int TasksPerWindow = 20;

    public static string WindowId(JsonElement request)
    {
        var id = SsmRequestReader.RequiredString(request, "WindowId", 20, 20);
        if (!WindowIdPattern().IsMatch(id))
            throw SsmRequestReader.Validation(id, "windowId", "Member must satisfy regular expression pattern: ^mw-[0-9a-f]{17}$");
        return id;
    }

    public static string ChildId(JsonElement request, string member)
    {
        var id = SsmRequestReader.RequiredString(request, member, 36, 36);
        if (!Guid.TryParseExact(id, "D", out _))
            throw SsmRequestReader.Validation(id, char.ToLowerInvariant(member[0]) + member[1..], "Member must satisfy regular expression pattern: ^[0-9a-fA-F]{8}\\-[0-9a-fA-F]{4}\\-[0-9a-fA-F]{4}\\-[0-9a-fA-F]{4}\\-[0-9a-fA-F]{12}$");
        return id;
    }

    public static string? Name(JsonElement request, bool required)
    {
        var name = required ? SsmRequestReader.RequiredString(request, "Name", 3, 128) : SsmRequestReader.String(request, "Name");
        if (name is null) return null;
        if (!NamePattern().IsMatch(name))
            throw SsmRequestReader.Validation(name, "name", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.]{3,128}$");
        return name;
    }

    public static string? Description(JsonElement request)
    {
        var text = SsmRequestReader.String(request, "Description");
        if (text is { Length: < 1 or > 128 })
            throw SsmRequestReader.Validation(text, "description", text.Length < 1 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 128");
        return text;
    }

    /// <summary>The window, or DoesNotExistException with AWS's wording.</summary>
    public static SandboxWindow Find(AwsCallContext call, string windowId) =>
        call.Sandbox.State.FindWindow(call.Region, windowId)
        ?? throw new AwsApiException("DoesNotExistException", $"Maintenance window {windowId} does not exist");

    /// <summary>A <c>Targets</c> list (0-5 key/values, 0-50 values each).</summary>
    public static List<(string Key, IReadOnlyList<string> Values)> Targets(JsonElement request)
    {
        var result = new List<(string, IReadOnlyList<string>)>();
        if (!request.TryGetProperty("Targets", out var list) || list.ValueKind == JsonValueKind.Null) return result;
        if (list.ValueKind != JsonValueKind.Array)
            throw new AwsApiException("SerializationException", "Start of list found where not expected for Targets");
        if (list.GetArrayLength() > 5)
            throw SsmRequestReader.Validation("[…]", "targets", "Member must have length less than or equal to 5");
        foreach (var item in list.EnumerateArray())
        {
            var key = SsmRequestReader.RequiredString(item, "Key", 1, 163);
            var values = SsmRequestReader.StringList(item, "Values") ?? [];
            if (values.Count > 50)
                throw SsmRequestReader.Validation($"[{string.Join(", ", values)}]", "targets.member.values", "Member must have length less than or equal to 50");
            result.Add((key, values));
        }
        return result;
    }

    public static void WriteTargets(Utf8JsonWriter json, IReadOnlyList<(string Key, IReadOnlyList<string> Values)> targets) =>
        KeyValuesJson.Write(json, "Targets", targets);

    /// <summary>A <c>Filters</c> list of {Key, Values} (0-5) whose keys must be among <paramref name="keys"/>.</summary>
    public static List<(string Key, List<string> Values)> Filters(JsonElement request, params string[] keys)
    {
        var filters = SsmRequestReader.KeyValuesList(request, "Filters", "Key", "Values");
        if (filters.Count > 5)
            throw SsmRequestReader.Validation("[…]", "filters", "Member must have length less than or equal to 5");
        foreach (var (key, _) in filters)
            if (!keys.Contains(key, StringComparer.Ordinal))
                throw new AwsApiException("ValidationException", $"Invalid filter key {key}. Valid filter keys are: {string.Join(", ", keys)}.");
        return filters;
    }

    public static int MaxResults(JsonElement request) => SsmRequestReader.Int(request, "MaxResults", 10, 100) ?? 10;

    /// <summary>One page of <paramref name="items"/> in key order, with the operation's opaque NextToken.</summary>
    public static (List<T> Page, string? NextToken) Page<T>(AwsCallContext call, JsonElement request, IEnumerable<T> items, Func<T, string> key, int pageSize, string fingerprint)
    {
        var after = SsmRequestReader.String(request, "NextToken") is { Length: > 0 } token
            ? PageToken.TryRead(token, call.Operation, fingerprint) ?? throw new AwsApiException("InvalidNextToken", "The specified token isn't valid.")
            : null;
        var (page, last) = PageToken.Slice(items, key, after, call.Sandbox.Consistency.PageSize(pageSize));
        return (page, last is null ? null : PageToken.Create(call.Operation, fingerprint, last));
    }

    /// <summary>A window id as SSM makes them: mw- and 17 hex digits.</summary>
    public static string NewWindowId() => "mw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9)).ToLowerInvariant()[..17];

    /// <summary>The request as text, for ClientToken reuse checks (same token, other parameters: IdempotentParameterMismatch).</summary>
    public static string Fingerprint(JsonElement request)
    {
        var members = request.EnumerateObject().Where(p => p.Name != "ClientToken").OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + p.Value.GetRawText());
        return string.Join("\n", members);
    }

    /// <summary>
    /// The earlier create that <paramref name="request"/> retries (the same ClientToken), or null when it has no token
    /// or a new one; the same token with other parameters is IdempotentParameterMismatch.
    /// </summary>
    public static T? Replayed<T>(IEnumerable<T> created, T request) where T : class, IClientTokenCreate
    {
        if (request.ClientToken is null) return null;
        var earlier = created.FirstOrDefault(c => c.ClientToken == request.ClientToken);
        if (earlier is not null && earlier.RequestFingerprint != request.RequestFingerprint)
            throw new AwsApiException("IdempotentParameterMismatch", "Error occurred during operation 'ClientToken'. The client token has already been used with different parameters.");
        return earlier;
    }

    [GeneratedRegex("^mw-[0-9a-f]{17}$")]
    private static partial Regex WindowIdPattern();

    [GeneratedRegex("^[a-zA-Z0-9_\\-.]{3,128}$")]
    private static partial Regex NamePattern();
}
