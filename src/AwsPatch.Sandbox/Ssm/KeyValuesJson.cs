using System.Text.Json;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>SSM's list of <c>{"Key": …, "Values": [ … ]}</c> objects, as Targets and PatchFilters are written.</summary>
internal static class KeyValuesJson
{
    public static void Write<TValues>(Utf8JsonWriter json, string name, IEnumerable<(string Key, TValues Values)> pairs)
        where TValues : IEnumerable<string>
    {
        json.WriteStartArray(name);
        foreach (var (key, values) in pairs)
        {
            json.WriteStartObject();
            json.WriteString("Key", key);
            json.WriteStartArray("Values");
            foreach (var value in values) json.WriteStringValue(value);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
