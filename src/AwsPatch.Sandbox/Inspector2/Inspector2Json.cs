using System.Globalization;
using System.Text.Json;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Inspector2;

/// <summary>
/// Typed, validated reads of an Inspector2 request body. Violations are <c>ValidationException</c> (400) with
/// the model's <c>reason</c> (CANNOT_PARSE for shape errors, FIELD_VALIDATION_FAILED for constraints) and
/// <c>fields</c> [{name, message}], carried in the exception's <see cref="Exception.Data"/> for the error writer.
/// </summary>
internal static class Inspector2Json
{
    public const string ReasonKey = "inspector2.reason";
    public const string FieldsKey = "inspector2.fields";

    public static AwsApiException Validation(string path, string constraint, string? value = null, string reason = "FIELD_VALIDATION_FAILED")
    {
        var message = value is null
            ? $"1 validation error detected: Value at '{path}' failed to satisfy constraint: {constraint}"
            : $"1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: {constraint}";
        var error = new AwsApiException("ValidationException", message);
        error.Data[ReasonKey] = reason;
        error.Data[FieldsKey] = new[] { (path, constraint) };
        return error;
    }

    public static AwsApiException CannotParse(string path, string problem)
    {
        var error = new AwsApiException("ValidationException", $"Unable to parse the request at '{path}': {problem}");
        error.Data[ReasonKey] = "CANNOT_PARSE";
        error.Data[FieldsKey] = new[] { (path, problem) };
        return error;
    }

    /// <summary>Rejects anything but an object with only <paramref name="members"/> (the sandbox is strict so client bugs show).</summary>
    public static void RequireObject(JsonElement value, string path, IReadOnlyCollection<string> members)
    {
        if (value.ValueKind != JsonValueKind.Object) throw CannotParse(path, "expected a structure");
        foreach (var property in value.EnumerateObject())
            if (!members.Contains(property.Name))
                throw CannotParse(path.Length == 0 ? property.Name : $"{path}.{property.Name}", "unknown member");
    }

    public static int? Int(JsonElement request, string member, int min, int max)
    {
        if (!request.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n)) throw CannotParse(member, "expected an integer");
        var text = n.ToString(CultureInfo.InvariantCulture);
        if (n < min) throw Validation(member, $"Member must have value greater than or equal to {min}", text);
        if (n > max) throw Validation(member, $"Member must have value less than or equal to {max}", text);
        return n;
    }

    public static string? String(JsonElement request, string member, string path)
    {
        if (!request.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw CannotParse(path, "expected a string");
    }

    public static string RequiredString(JsonElement item, string member, string path, int minLength = 1, int maxLength = int.MaxValue)
    {
        var value = String(item, member, path) ?? throw Validation(path, "Member must not be null", "null");
        if (value.Length < minLength) throw Validation(path, $"Member must have length greater than or equal to {minLength}", value);
        if (value.Length > maxLength) throw Validation(path, $"Member must have length less than or equal to {maxLength}", value);
        return value;
    }

    public static string RequiredEnum(JsonElement item, string member, string path, IReadOnlyCollection<string> allowed)
    {
        var value = String(item, member, path) ?? throw Validation(path, "Member must not be null", "null");
        return allowed.Contains(value)
            ? value
            : throw Validation(path, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]", value);
    }

    public static double? Number(JsonElement item, string member, string path)
    {
        if (!item.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw CannotParse(path, "expected a number");
    }

    /// <summary>A rest-json timestamp: epoch seconds (a number); ISO 8601 strings are accepted too.</summary>
    public static DateTime? Timestamp(JsonElement item, string member, string path)
    {
        if (!item.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number) return DateTime.UnixEpoch.AddSeconds(value.GetDouble());
        if (value.ValueKind == JsonValueKind.String
            && DateTime.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed;
        throw CannotParse(path, "expected a timestamp (epoch seconds)");
    }

    /// <summary>A filter list member: an array of 1..10 structures.</summary>
    public static IReadOnlyList<JsonElement> List(JsonElement value, string path, int max = 10)
    {
        if (value.ValueKind != JsonValueKind.Array) throw CannotParse(path, "expected a list");
        var items = value.EnumerateArray().ToList();
        if (items.Count < 1) throw Validation(path, "Member must have length greater than or equal to 1", "[]");
        if (items.Count > max) throw Validation(path, $"Member must have length less than or equal to {max}", $"[{items.Count} items]");
        return items;
    }

    public static void WriteTimestamp(Utf8JsonWriter json, string name, DateTime? value)
    {
        if (value is { } v) JsonProtocol.WriteTimestamp(json, name, v);
    }

    public static void WriteString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }
}
