using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Amazon.Runtime;

namespace AwsPatch.Tests.Unit.Inspector2;

/// <summary>One request as it left the SDK's HTTP handler.</summary>
internal sealed record SentRequest(HttpMethod Method, Uri Uri, string? ContentType, string? Authorization, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// Sits where the network would be: the SDK builds, signs and sends real HttpRequestMessages through the HttpClient that
/// <see cref="Factory"/> hands it; this records them and answers with canned responses, in order (the last one repeats).
/// </summary>
internal sealed class StubHttp : HttpMessageHandler
{
    private readonly List<Func<HttpResponseMessage>> _responses = new();
    private readonly List<SentRequest> _sent = new();

    public IReadOnlyList<SentRequest> Sent => _sent;

    public HttpClientFactory Factory => new StubFactory(this);

    public StubHttp Respond(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        _responses.Add(() =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            response.Headers.Add("x-amzn-RequestId", "req-" + (_sent.Count).ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (name, value) in headers)
                response.Headers.TryAddWithoutValidation(name, value);
            return response;
        });
        return this;
    }

    public StubHttp RespondError(HttpStatusCode status, string code, string message) =>
        Respond(status, $$"""{"message":"{{message}}"}""", ("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazonaws.inspector2/"));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.NonValidated.Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value)).Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        _sent.Add(new SentRequest(request.Method, request.RequestUri!, request.Content?.Headers.ContentType?.MediaType,
            headers.TryGetValue("Authorization", out var auth) ? auth : null, headers, body));
        if (_responses.Count == 0)
            throw new InvalidOperationException("No canned response.");
        return _responses[Math.Min(_sent.Count - 1, _responses.Count - 1)]();
    }

    private sealed class StubFactory(StubHttp handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
