using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AwsPatch.Sandbox.Protocol;

/// <summary>Shared pieces of the AWS JSON protocols: response writing, <c>__type</c> errors, timestamps.</summary>
internal static class JsonProtocol
{
    public static async Task WriteAsync(HttpContext http, string contentType, string requestId, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer))
        {
            body(json);
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        await http.Response.Body.WriteAsync(buffer.ToArray(), http.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext http, string contentType, AwsApiException error, string requestId) =>
        WriteAsync(http, contentType, requestId, error.StatusCode, json =>
        {
            json.WriteStartObject();
            json.WriteString("__type", error.Code);
            json.WriteString("message", error.Message);
            json.WriteEndObject();
        });

    /// <summary>The JSON protocols encode timestamps as epoch seconds (a number, fractional milliseconds allowed).</summary>
    public static void WriteTimestamp(Utf8JsonWriter json, string name, DateTime value) =>
        json.WriteNumber(name, Math.Round((value.ToUniversalTime() - DateTime.UnixEpoch).TotalMilliseconds) / 1000d);

    /// <summary>Reads a request body as a JSON object; an empty body counts as <c>{}</c>.</summary>
    public static async Task<JsonElement> ReadObjectAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text)) text = "{}";
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new AwsApiException("SerializationException", "Start of structure or map found where not expected.");
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new AwsApiException("SerializationException", "Unable to parse the request body as JSON.");
        }
    }
}
