using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AwsPatch.Sandbox.Control;

/// <summary>Reads a control API request body as a JSON object of keys to values.</summary>
internal static class ControlJson
{
    /// <summary>The body's keys and values; null when the body is not a JSON object.</summary>
    public static async Task<Dictionary<string, JsonElement>?> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<Dictionary<string, JsonElement>>(request.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
