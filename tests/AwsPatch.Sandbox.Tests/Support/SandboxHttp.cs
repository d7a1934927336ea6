using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace AwsPatch.Tests.Sandbox;

/// <summary>Raw protocol requests to the sandbox, signed with SigV4 by the documented sandbox key (<see cref="SigningHandler"/>).</summary>
internal sealed class SandboxHttp(Uri endpoint, string accessKey = AwsPatch.Sandbox.SandboxCredentials.DocumentedAccessKey,
    string secret = AwsPatch.Sandbox.SandboxCredentials.DocumentedSecret) : IDisposable
{
    public static readonly XNamespace Ec2 = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private readonly HttpClient _client = new(new SigningHandler(accessKey, secret)) { BaseAddress = endpoint };

    /// <summary>An HttpClient for <paramref name="endpoint"/> that signs every request it sends (see <see cref="SigningHandler"/>).</summary>
    public static HttpClient SignedClient(Uri endpoint, string accessKey = AwsPatch.Sandbox.SandboxCredentials.DocumentedAccessKey,
        string secret = AwsPatch.Sandbox.SandboxCredentials.DocumentedSecret) => new(new SigningHandler(accessKey, secret)) { BaseAddress = endpoint };

    public async Task<(int Status, XDocument Xml)> Ec2Async(string action, IEnumerable<KeyValuePair<string, string>>? parameters = null,
        string region = "us-east-1", string? authorization = "", string service = "ec2", DateTimeOffset? signedAt = null)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", "2016-11-15") };
        if (parameters is not null) form.AddRange(parameters);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent(form) };
        Sign(request, authorization, region, service, signedAt);
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, XDocument.Parse(body));
    }

    public async Task<(int Status, JsonElement Json)> SsmAsync(string operation, object? body = null,
        string region = "us-east-1", string? authorization = "", string service = "ssm", DateTimeOffset? signedAt = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(JsonSerializer.Serialize(body ?? new { }), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSSM." + operation);
        Sign(request, authorization, region, service, signedAt);
        using var response = await _client.SendAsync(request);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>An Inspector2 REST-JSON call: POST <paramref name="path"/> with a JSON body; returns status, body and x-amzn-ErrorType.</summary>
    public async Task<(int Status, JsonElement Json, string? ErrorType)> Inspector2Async(string path, object? body = null,
        string region = "us-east-1", string? authorization = "", string service = "inspector2", DateTimeOffset? signedAt = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body as string ?? JsonSerializer.Serialize(body ?? new { }), Encoding.UTF8, "application/json"),
        };
        Sign(request, authorization, region, service, signedAt);
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

    private static void Sign(HttpRequestMessage request, string? authorization, string region, string service, DateTimeOffset? signedAt)
    {
        if (signedAt is { } at) request.Options.Set(SigningHandler.SignedAt, at);
        // "" = sign normally (SigningHandler, in this scope), null = no Authorization header at all, anything else = that header verbatim.
        if (authorization is null)
        {
            request.Options.Set(SigningHandler.Unsigned, true);
            return;
        }
        request.Options.Set(SigningHandler.Region, region);
        request.Options.Set(SigningHandler.Service, service);
        if (authorization.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            request.Headers.TryAddWithoutValidation("X-Amz-Date", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
