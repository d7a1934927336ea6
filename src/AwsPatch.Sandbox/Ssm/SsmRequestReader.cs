using System.Globalization;
using System.Text.Json;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>
/// Typed reads of a JSON 1.1 request with the service's model validation: type mismatches give
/// <c>SerializationException</c>, constraint violations Coral's <c>ValidationException</c> wording.
/// </summary>
internal static class SsmRequestReader
{
    public static int? Int(JsonElement request, string member, int min, int max)
    {
        if (!request.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n))
            throw new AwsApiException("SerializationException", $"NUMBER_VALUE can not be converted to an Integer for {member}");
        var wire = WireName(member);
        if (n < min) throw Validation(n.ToString(CultureInfo.InvariantCulture), wire, $"Member must have value greater than or equal to {min}");
        if (n > max) throw Validation(n.ToString(CultureInfo.InvariantCulture), wire, $"Member must have value less than or equal to {max}");
        return n;
    }

    public static string? String(JsonElement request, string member)
    {
        if (!request.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new AwsApiException("SerializationException", $"Unexpected value type for {member}; expected a string.");
    }

    /// <summary>A list of strings; null when the member is absent.</summary>
    public static List<string>? StringList(JsonElement request, string member)
    {
        if (!request.TryGetProperty(member, out var list) || list.ValueKind == JsonValueKind.Null) return null;
        if (list.ValueKind != JsonValueKind.Array)
            throw new AwsApiException("SerializationException", $"Start of list found where not expected for {member}");
        return list.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new AwsApiException("SerializationException", $"Unexpected value type in {member}; expected strings.")).ToList();
    }

    /// <summary>A required string member, checked against the model's length range.</summary>
    public static string RequiredString(JsonElement request, string member, int minLength, int maxLength)
    {
        var value = String(request, member) ?? throw Validation("null", WireName(member), "Member must not be null");
        if (value.Length < minLength) throw Validation(value, WireName(member), $"Member must have length greater than or equal to {minLength}");
        if (value.Length > maxLength) throw Validation(value, WireName(member), $"Member must have length less than or equal to {maxLength}");
        return value;
    }

    /// <summary>A list of <c>{keyMember, valuesMember}</c> structures (SSM's filter lists).</summary>
    /// <param name="valueCount">The model's bounds of each element's value list (DescribeInstanceInformation: 1..100); null where it sets none.</param>
    public static List<(string Key, List<string> Values)> KeyValuesList(JsonElement request, string member, string keyMember, string valuesMember, (int Min, int Max)? valueCount = null)
    {
        var result = new List<(string, List<string>)>();
        if (!request.TryGetProperty(member, out var list) || list.ValueKind == JsonValueKind.Null) return result;
        if (list.ValueKind != JsonValueKind.Array)
            throw new AwsApiException("SerializationException", $"Start of list found where not expected for {member}");
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            index++;
            var path = $"{WireName(member)}.{index}.member";
            if (item.ValueKind != JsonValueKind.Object)
                throw new AwsApiException("SerializationException", $"Start of structure found where not expected in {member}");
            var key = String(item, keyMember);
            if (key is null) throw Validation("null", $"{path}.{WireName(keyMember)}", "Member must not be null");
            var values = new List<string>();
            if (item.TryGetProperty(valuesMember, out var rawValues) && rawValues.ValueKind == JsonValueKind.Array)
                values.AddRange(rawValues.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()));
            else
                throw Validation("null", $"{path}.{WireName(valuesMember)}", "Member must not be null");
            if (values.Count < valueCount?.Min)
                throw Validation("[]", $"{path}.{WireName(valuesMember)}", $"Member must have length greater than or equal to {valueCount.Value.Min}");
            if (values.Count > valueCount?.Max)
                throw Validation($"[{string.Join(", ", values)}]", $"{path}.{WireName(valuesMember)}", $"Member must have length less than or equal to {valueCount.Value.Max}");
            result.Add((key, values));
        }

        return result;
    }

    public static AwsApiException Validation(string value, string path, string constraint) =>
        new("ValidationException", $"1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: {constraint}");

    /// <summary>Coral names members in camelCase in validation messages (<c>maxResults</c>).</summary>
    private static string WireName(string member) => char.ToLowerInvariant(member[0]) + member[1..];
}
