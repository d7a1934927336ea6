using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AwsPatch.Tests.Conformance;

/// <summary>
/// Checks one answer against its operation's output shape in the official model, strictly where botocore is lenient:
/// required members present, no members the model does not define, JSON/XML types, enum values, string patterns and
/// lengths, number ranges and list lengths. Each violation names the member path (<c>findings[0].severity</c>).
/// Error answers are checked for a code and a non-empty message.
/// </summary>
internal static class ResponseValidator
{
    private static readonly Dictionary<string, Regex?> Patterns = [];

    public static IReadOnlyList<string> Validate(ServiceModel model, string operation, int statusCode, byte[] body)
    {
        var errors = new List<string>();
        try
        {
            if (statusCode >= 300) ValidateError(model, body, errors);
            else if (model.Protocol is "ec2" or "query") ValidateXml(model, operation, body, errors);
            else ValidateJson(model, operation, body, errors);
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException)
        {
            errors.Add($"(body): not parseable as {model.Protocol}: {e.Message}");
        }
        return errors;
    }

    public static IReadOnlyList<string> Validate(ServiceModel model, string operation, string body) =>
        Validate(model, operation, 200, Encoding.UTF8.GetBytes(body));

    private static void ValidateJson(ServiceModel model, string operation, byte[] body, List<string> errors)
    {
        var output = model.OutputShape(operation);
        if (output is null)
        {
            if (body.Length > 0 && JsonDocument.Parse(body).RootElement is { ValueKind: JsonValueKind.Object } empty && empty.EnumerateObject().Any())
                errors.Add("(body): the operation returns no output, but the answer has members");
            return;
        }
        using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        new Walker(model, errors).Json(output, document.RootElement, "");
    }

    private static void ValidateXml(ServiceModel model, string operation, byte[] body, List<string> errors)
    {
        var root = XDocument.Parse(Encoding.UTF8.GetString(body)).Root!;
        if (root.Name.LocalName != operation + "Response")
            errors.Add($"(root): element <{root.Name.LocalName}>, expected <{operation}Response>");
        var output = model.OutputShape(operation);
        var walker = new Walker(model, errors);
        if (model.Protocol == "query")
        {
            // <{Op}Response><{Op}Result>members</{Op}Result><ResponseMetadata><RequestId/></ResponseMetadata></{Op}Response>
            var wrapper = model.ResultWrapper(operation);
            foreach (var child in root.Elements().Where(e => e.Name.LocalName != "ResponseMetadata" && e.Name.LocalName != wrapper))
                errors.Add($"{child.Name.LocalName}: not the operation's result ({wrapper ?? "none"}) or ResponseMetadata");
            if (!root.Elements().Any(e => e.Name.LocalName == "ResponseMetadata"))
                errors.Add("ResponseMetadata: the query protocol's ResponseMetadata (RequestId) is missing");
            if (output is null || wrapper is null) return;
            if (root.Elements().FirstOrDefault(e => e.Name.LocalName == wrapper) is { } result) walker.Xml(output, result, "");
            else errors.Add($"{wrapper}: the operation's result element is missing");
            return;
        }
        if (output is null)
        {
            foreach (var child in root.Elements().Where(e => e.Name.LocalName != "requestId"))
                errors.Add($"{child.Name.LocalName}: the operation returns no output, but the answer has this member");
            return;
        }
        walker.Xml(output, root, "", isRoot: true);
    }

    private static void ValidateError(ServiceModel model, byte[] body, List<string> errors)
    {
        string? code, message;
        if (model.Protocol is "ec2" or "query")
        {
            var error = XDocument.Parse(Encoding.UTF8.GetString(body)).Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
        }
        else
        {
            var json = JsonDocument.Parse(body).RootElement;
            code = json.TryGetProperty("__type", out var type) ? type.GetString() : null;
            message = json.TryGetProperty("message", out var m) || json.TryGetProperty("Message", out m) ? m.GetString() : null;
        }
        if (string.IsNullOrEmpty(code)) errors.Add("(error): the error has no code");
        if (string.IsNullOrWhiteSpace(message)) errors.Add($"(error): {code} has an empty message");
    }

    private static string Join(string path, string member) => path.Length == 0 ? member : path + "." + member;

    private static string WireName(JsonProperty member) =>
        member.Value.TryGetProperty("locationName", out var name) ? name.GetString()! : member.Name;

    private static bool InBody(JsonProperty member) => !member.Value.TryGetProperty("location", out _);

    private sealed class Walker(ServiceModel model, List<string> errors)
    {
        public void Json(string shapeName, JsonElement value, string path)
        {
            var shape = model.Shape(shapeName);
            switch (shape.GetProperty("type").GetString())
            {
                case "structure":
                    if (!Expect(value, JsonValueKind.Object, "an object", path)) return;
                    var members = shape.GetProperty("members").EnumerateObject().Where(InBody).ToList();
                    foreach (var required in Required(shape))
                    {
                        var member = members.FirstOrDefault(m => m.Name == required);
                        if (member.Value.ValueKind == JsonValueKind.Undefined) continue;
                        if (!value.TryGetProperty(WireName(member), out var present) || present.ValueKind == JsonValueKind.Null)
                            errors.Add($"{Join(path, WireName(member))}: required member is missing");
                    }
                    foreach (var property in value.EnumerateObject())
                    {
                        var member = members.FirstOrDefault(m => WireName(m) == property.Name);
                        if (member.Value.ValueKind == JsonValueKind.Undefined)
                            errors.Add($"{Join(path, property.Name)}: {shapeName} has no such member");
                        else if (property.Value.ValueKind != JsonValueKind.Null)
                            Json(member.Value.GetProperty("shape").GetString()!, property.Value, Join(path, property.Name));
                    }
                    break;
                case "list":
                    if (!Expect(value, JsonValueKind.Array, "a list", path)) return;
                    Length(shape, value.GetArrayLength(), path, "items");
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                        Json(shape.GetProperty("member").GetProperty("shape").GetString()!, item, $"{path}[{index++}]");
                    break;
                case "map":
                    if (!Expect(value, JsonValueKind.Object, "a map", path)) return;
                    Length(shape, value.EnumerateObject().Count(), path, "entries");
                    foreach (var entry in value.EnumerateObject())
                    {
                        Text(shape.GetProperty("key").GetProperty("shape").GetString()!, entry.Name, $"{path}{{key {entry.Name}}}");
                        Json(shape.GetProperty("value").GetProperty("shape").GetString()!, entry.Value, $"{path}[{entry.Name}]");
                    }
                    break;
                case "string":
                    if (Expect(value, JsonValueKind.String, "a string", path)) Text(shapeName, value.GetString()!, path);
                    break;
                case "integer" or "long":
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var whole))
                        errors.Add($"{path}: {Show(value)} is not an integer");
                    else Range(shape, whole, path);
                    break;
                case "float" or "double":
                    Expect(value, JsonValueKind.Number, "a number", path);
                    break;
                case "boolean":
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) errors.Add($"{path}: {Show(value)} is not a boolean");
                    break;
                case "timestamp":
                    // JSON protocols send epoch seconds unless the shape says otherwise.
                    if (shape.TryGetProperty("timestampFormat", out var format) && format.GetString() == "iso8601")
                    {
                        if (value.ValueKind != JsonValueKind.String || !IsIso8601(value.GetString()!)) errors.Add($"{path}: {Show(value)} is not an ISO 8601 timestamp");
                    }
                    else Expect(value, JsonValueKind.Number, "an epoch-seconds timestamp", path);
                    break;
                case "blob":
                    if (Expect(value, JsonValueKind.String, "base64 text", path) && !IsBase64(value.GetString()!)) errors.Add($"{path}: not base64");
                    break;
            }
        }

        public void Xml(string shapeName, XElement element, string path, bool isRoot = false)
        {
            var shape = model.Shape(shapeName);
            var type = shape.GetProperty("type").GetString();
            switch (type)
            {
                case "structure":
                    var members = shape.GetProperty("members").EnumerateObject().ToList();
                    foreach (var required in Required(shape))
                    {
                        var member = members.FirstOrDefault(m => m.Name == required);
                        if (member.Value.ValueKind != JsonValueKind.Undefined && !element.Elements().Any(e => e.Name.LocalName == WireName(member)))
                            errors.Add($"{Join(path, required)}: required member is missing");
                    }
                    foreach (var child in element.Elements())
                    {
                        var name = child.Name.LocalName;
                        if (isRoot && name == "requestId") continue;
                        var member = members.FirstOrDefault(m => WireName(m) == name);
                        if (member.Value.ValueKind == JsonValueKind.Undefined)
                            errors.Add($"{Join(path, name)}: {shapeName} has no such member");
                        else
                            Xml(member.Value.GetProperty("shape").GetString()!, child, Join(path, member.Name));
                    }
                    break;
                case "list":
                    var itemName = shape.GetProperty("member").TryGetProperty("locationName", out var n) ? n.GetString()! : "member";
                    var items = element.Elements().ToList();
                    Length(shape, items.Count, path, "items");
                    for (var i = 0; i < items.Count; i++)
                    {
                        if (items[i].Name.LocalName != itemName) errors.Add($"{path}[{i}]: element <{items[i].Name.LocalName}>, expected <{itemName}>");
                        else Xml(shape.GetProperty("member").GetProperty("shape").GetString()!, items[i], $"{path}[{i}]");
                    }
                    break;
                case "map":
                    foreach (var entry in element.Elements())
                    {
                        var key = entry.Elements().FirstOrDefault(e => e.Name.LocalName == "key")?.Value ?? "";
                        Text(shape.GetProperty("key").GetProperty("shape").GetString()!, key, $"{path}{{key {key}}}");
                        if (entry.Elements().FirstOrDefault(e => e.Name.LocalName == "value") is { } value)
                            Xml(shape.GetProperty("value").GetProperty("shape").GetString()!, value, $"{path}[{key}]");
                    }
                    break;
                default:
                    if (element.HasElements)
                    {
                        errors.Add($"{path}: expected a {type} value, found child elements");
                        return;
                    }
                    var text = element.Value;
                    switch (type)
                    {
                        case "string": Text(shapeName, text, path); break;
                        case "integer" or "long":
                            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) Range(shape, whole, path);
                            else errors.Add($"{path}: '{text}' is not an integer");
                            break;
                        case "float" or "double":
                            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) errors.Add($"{path}: '{text}' is not a number");
                            break;
                        case "boolean":
                            if (text is not ("true" or "false")) errors.Add($"{path}: '{text}' is not a boolean");
                            break;
                        case "timestamp":
                            if (!IsIso8601(text)) errors.Add($"{path}: '{text}' is not an ISO 8601 timestamp");
                            break;
                        case "blob":
                            if (!IsBase64(text)) errors.Add($"{path}: not base64");
                            break;
                    }
                    break;
            }
        }

        private void Text(string shapeName, string text, string path)
        {
            var shape = model.Shape(shapeName);
            if (shape.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.GetString() == text))
                errors.Add($"{path}: '{text}' is not one of {shapeName}'s values ({string.Join(", ", values.EnumerateArray().Select(v => v.GetString()))})");
            Length(shape, text.Length, path, "characters");
            if (shape.TryGetProperty("pattern", out var pattern) && Pattern(pattern.GetString()!) is { } regex && !regex.IsMatch(text))
                errors.Add($"{path}: '{text}' does not match {shapeName}'s pattern {pattern.GetString()}");
        }

        private void Length(JsonElement shape, int length, string path, string unit)
        {
            if (shape.TryGetProperty("min", out var min) && length < min.GetInt64()) errors.Add($"{path}: {length} {unit}, the model's minimum is {min.GetInt64()}");
            if (shape.TryGetProperty("max", out var max) && length > max.GetInt64()) errors.Add($"{path}: {length} {unit}, the model's maximum is {max.GetInt64()}");
        }

        private void Range(JsonElement shape, long value, string path)
        {
            if (shape.TryGetProperty("min", out var min) && value < min.GetInt64()) errors.Add($"{path}: {value} is below the model's minimum {min.GetInt64()}");
            if (shape.TryGetProperty("max", out var max) && value > max.GetInt64()) errors.Add($"{path}: {value} is above the model's maximum {max.GetInt64()}");
        }

        private bool Expect(JsonElement value, JsonValueKind kind, string what, string path)
        {
            if (value.ValueKind == kind) return true;
            errors.Add($"{(path.Length == 0 ? "(body)" : path)}: {Show(value)} is not {what}");
            return false;
        }
    }

    private static IEnumerable<string> Required(JsonElement shape) =>
        shape.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!) : [];

    private static string Show(JsonElement value) => value.ValueKind == JsonValueKind.String ? $"'{value.GetString()}' (a string)" : value.GetRawText();

    private static bool IsIso8601(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) && text.Contains('T', StringComparison.Ordinal);

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    /// <summary>The model's pattern as a .NET regex (search semantics, as Smithy's); null for the rare one .NET cannot read.</summary>
    private static Regex? Pattern(string pattern)
    {
        lock (Patterns)
        {
            if (!Patterns.TryGetValue(pattern, out var regex))
            {
                try { regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
                catch (ArgumentException) { regex = null; }
                Patterns[pattern] = regex;
            }
            return regex;
        }
    }
}
