using System.Text.Json;
using System.Text.RegularExpressions;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>
/// Parameter Store for String and StringList parameters: PutParameter (no overwrite unless asked:
/// <c>ParameterAlreadyExists</c>; Standard tier values up to 4,096 characters, Advanced 8,192; names of
/// <c>a-zA-Z0-9_.-/</c>, at most 15 levels, not starting with aws or ssm), GetParameter (<c>ParameterNotFound</c>),
/// GetParametersByPath (Recursive or one level, paged 1..10, name order), DeleteParameter and DeleteParameters (1..10 names).
/// </summary>
internal sealed partial class SsmParameterHandler : ISsmHandler
{
    private const int StandardMax = 4096;
    private const int AdvancedMax = 8192;

    public IReadOnlyCollection<string> Operations { get; } = ["PutParameter", "GetParameter", "GetParametersByPath", "DeleteParameter", "DeleteParameters"];

    public void Handle(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        switch (call.Operation)
        {
            case "PutParameter": Put(call, request, json); break;
            case "GetParameter": Get(call, request, json); break;
            case "GetParametersByPath": ByPath(call, request, json); break;
            case "DeleteParameter": DeleteOne(call, request, json); break;
            default: DeleteMany(call, request, json); break;
        }
    }

    private static void Put(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var name = Name(request, "Name");
        var value = SsmRequestReader.String(request, "Value") ?? throw SsmRequestReader.Validation("null", "value", "Member must not be null");
        var overwrite = request.TryGetProperty("Overwrite", out var o) && o.ValueKind == JsonValueKind.True;
        var type = SsmRequestReader.String(request, "Type");
        if (type is not null && type is not ("String" or "StringList" or "SecureString"))
            throw SsmRequestReader.Validation(type, "type", "Member must satisfy enum value set: [SecureString, StringList, String]");
        if (type == "SecureString")
            throw new AwsApiException("UnsupportedParameterType", "The sandbox serves String and StringList parameters only.");
        var tier = SsmRequestReader.String(request, "Tier") ?? "Standard";
        if (tier is not ("Standard" or "Advanced" or "Intelligent-Tiering"))
            throw SsmRequestReader.Validation(tier, "tier", "Member must satisfy enum value set: [Standard, Advanced, Intelligent-Tiering]");
        if (request.TryGetProperty("Tags", out var tags) && tags.ValueKind == JsonValueKind.Array && overwrite)
            throw new AwsApiException("ValidationException", "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");
        if (tier == "Intelligent-Tiering")
            tier = value.Length > StandardMax ? "Advanced" : "Standard";
        if (tier == "Standard" && value.Length > StandardMax)
            throw new AwsApiException("ValidationException", "Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/advanced-parameters.html");
        if (value.Length > AdvancedMax)
            throw new AwsApiException("ValidationException", "Advanced tier parameters support a maximum parameter value of 8192 characters.");

        var state = call.Sandbox.State;
        long version = 1;
        state.Update(s =>
        {
            var existing = s.FindParameter(call.Region, name);
            if (existing is not null && !overwrite)
                throw new AwsApiException("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
            if (existing is null && type is null)
                throw new AwsApiException("ValidationException", "A parameter type is required when you create a parameter.");
            version = (existing?.Version ?? 0) + 1;
            s.PutParameter(new SandboxParameter(call.Region, name, type ?? existing!.Type, value, tier, version, call.Sandbox.Clock.UtcNow,
                SsmRequestReader.String(request, "Description") ?? existing?.Description));
        });

        json.WriteStartObject();
        json.WriteNumber("Version", version);
        json.WriteString("Tier", tier);
        json.WriteEndObject();
    }

    private static void Get(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var name = SsmRequestReader.RequiredString(request, "Name", 1, 2048);
        var parameter = call.Sandbox.State.FindParameter(call.Region, name) ?? throw NotFound();
        json.WriteStartObject();
        json.WritePropertyName("Parameter");
        Write(json, parameter, call.Sandbox.State.AccountId);
        json.WriteEndObject();
    }

    private static void ByPath(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var path = SsmRequestReader.RequiredString(request, "Path", 1, 2048);
        if (!path.StartsWith('/'))
            throw new AwsApiException("ValidationException", "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\".");
        var recursive = request.TryGetProperty("Recursive", out var r) && r.ValueKind == JsonValueKind.True;
        var maxResults = SsmRequestReader.Int(request, "MaxResults", 1, 10) ?? 10;
        var prefix = path.EndsWith('/') ? path : path + "/";
        var fingerprint = $"{call.Region}|{prefix}|{recursive}";
        var after = SsmRequestReader.String(request, "NextToken") is { Length: > 0 } token
            ? PageToken.TryRead(token, call.Operation, fingerprint) ?? throw new AwsApiException("InvalidNextToken", "The specified token isn't valid.")
            : null;
        var matching = call.Sandbox.State.ParametersUnder(call.Region, prefix)
            .Where(p => recursive || !p.Name[prefix.Length..].Contains('/'));
        var (page, last) = PageToken.Slice(matching, p => p.Name, after, call.Sandbox.Consistency.PageSize(maxResults));

        json.WriteStartObject();
        json.WriteStartArray("Parameters");
        foreach (var parameter in page) Write(json, parameter, call.Sandbox.State.AccountId);
        json.WriteEndArray();
        if (last is not null) json.WriteString("NextToken", PageToken.Create(call.Operation, fingerprint, last));
        json.WriteEndObject();
    }

    private static void DeleteOne(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var name = SsmRequestReader.RequiredString(request, "Name", 1, 2048);
        if (!call.Sandbox.State.DeleteParameter(call.Region, name)) throw NotFound();
        json.WriteStartObject();
        json.WriteEndObject();
    }

    private static void DeleteMany(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var names = SsmRequestReader.StringList(request, "Names") ?? throw SsmRequestReader.Validation("null", "names", "Member must not be null");
        if (names.Count < 1) throw SsmRequestReader.Validation("[]", "names", "Member must have length greater than or equal to 1");
        if (names.Count > 10) throw SsmRequestReader.Validation($"[{string.Join(", ", names)}]", "names", "Member must have length less than or equal to 10");
        var deleted = names.Distinct(StringComparer.Ordinal).Where(n => call.Sandbox.State.DeleteParameter(call.Region, n)).ToList();

        json.WriteStartObject();
        json.WriteStartArray("DeletedParameters");
        foreach (var name in deleted) json.WriteStringValue(name);
        json.WriteEndArray();
        json.WriteStartArray("InvalidParameters");
        foreach (var name in names.Distinct(StringComparer.Ordinal).Except(deleted, StringComparer.Ordinal)) json.WriteStringValue(name);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Name(JsonElement request, string member)
    {
        var name = SsmRequestReader.RequiredString(request, member, 1, 2048);
        if (!NamePattern().IsMatch(name))
            throw new AwsApiException("ValidationException", "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_");
        if (name.Contains('/') && !name.StartsWith('/'))
            throw new AwsApiException("ValidationException", "Parameter name must be a fully qualified name.");
        var first = name.TrimStart('/');
        if (first.StartsWith("aws", StringComparison.OrdinalIgnoreCase) || first.StartsWith("ssm", StringComparison.OrdinalIgnoreCase))
            throw new AwsApiException("ValidationException", "No access to reserved parameter name: " + name + ".");
        if (name.Count(c => c == '/') > 15)
            throw new AwsApiException("HierarchyLevelLimitExceededException", "A hierarchy can have a maximum of 15 levels.");
        return name;
    }

    private static void Write(Utf8JsonWriter json, SandboxParameter parameter, string accountId)
    {
        json.WriteStartObject();
        json.WriteString("Name", parameter.Name);
        json.WriteString("Type", parameter.Type);
        json.WriteString("Value", parameter.Value);
        json.WriteNumber("Version", parameter.Version);
        JsonProtocol.WriteTimestamp(json, "LastModifiedDate", parameter.LastModifiedDate);
        json.WriteString("ARN", $"arn:aws:ssm:{parameter.Region}:{accountId}:parameter{(parameter.Name.StartsWith('/') ? "" : "/")}{parameter.Name}");
        json.WriteString("DataType", "text");
        json.WriteEndObject();
    }

    private static AwsApiException NotFound() => new("ParameterNotFound", "");

    [GeneratedRegex("^[a-zA-Z0-9_.\\-/]+$")]
    private static partial Regex NamePattern();
}
