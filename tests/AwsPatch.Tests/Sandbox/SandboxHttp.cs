using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace AwsPatch.Tests.Sandbox;

/// <summary>Raw protocol requests to the sandbox, with a SigV4-shaped Authorization header (the sandbox reads only its scope).</summary>
internal sealed class SandboxHttp(Uri endpoint) : IDisposable
{
    public static readonly XNamespace Ec2 = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private readonly HttpClient _client = new() { BaseAddress = endpoint };

    public static string Authorization(string region, string service) =>
        $"AWS4-HMAC-SHA256 Credential=AKIASANDBOXTEST/20250601/{region}/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd";

    public async Task<(int Status, XDocument Xml)> Ec2Async(string action, IEnumerable<KeyValuePair<string, string>>? parameters = null,
        string region = "us-east-1", string? authorization = "", string service = "ec2")
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", "2016-11-15") };
        if (parameters is not null) form.AddRange(parameters);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent(form) };
        Sign(request, authorization, region, service);
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, XDocument.Parse(body));
    }

    public async Task<(int Status, JsonElement Json)> SsmAsync(string operation, object? body = null,
        string region = "us-east-1", string? authorization = "", string service = "ssm")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(JsonSerializer.Serialize(body ?? new { }), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSSM." + operation);
        Sign(request, authorization, region, service);
        using var response = await _client.SendAsync(request);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>An Inspector2 REST-JSON call: POST <paramref name="path"/> with a JSON body; returns status, body and x-amzn-ErrorType.</summary>
    public async Task<(int Status, JsonElement Json, string? ErrorType)> Inspector2Async(string path, object? body = null,
        string region = "us-east-1", string? authorization = "", string service = "inspector2")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body as string ?? JsonSerializer.Serialize(body ?? new { }), Encoding.UTF8, "application/json"),
        };
        Sign(request, authorization, region, service);
        using var response = await _client.SendAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.Single() : null;
        return ((int)response.StatusCode, document.RootElement.Clone(), errorType);
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _client.SendAsync(request);

    /// <summary>The <c>Code</c> of an EC2 error document.</summary>
    public static string? ErrorCode(XDocument xml) => xml.Root?.Element("Errors")?.Element("Error")?.Element("Code")?.Value;

    public static string? ErrorMessage(XDocument xml) => xml.Root?.Element("Errors")?.Element("Error")?.Element("Message")?.Value;

    public static List<string> InstanceIds(XDocument xml) =>
        xml.Descendants(Ec2 + "instancesSet").Elements(Ec2 + "item").Select(i => i.Element(Ec2 + "instanceId")!.Value).ToList();

    public void Dispose() => _client.Dispose();

    private static void Sign(HttpRequestMessage request, string? authorization, string region, string service)
    {
        // "" = sign normally, null = no Authorization header at all, anything else = that header verbatim.
        if (authorization is null) return;
        request.Headers.TryAddWithoutValidation("Authorization", authorization.Length == 0 ? Authorization(region, service) : authorization);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20250601T120000Z");
    }
}
