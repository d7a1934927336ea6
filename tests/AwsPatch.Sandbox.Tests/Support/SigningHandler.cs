using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// Signs raw test requests with SigV4 (header form) as a client would, written here from the SigV4 specification,
/// apart from the sandbox's verifier: a request that already has an Authorization header, or is marked
/// <see cref="Unsigned"/>, goes as it is. Signs host, x-amz-date and, when present, content-type and x-amz-target.
/// </summary>
internal sealed class SigningHandler(string accessKey = SandboxCredentials.DocumentedAccessKey, string secret = SandboxCredentials.DocumentedSecret)
    : DelegatingHandler(new HttpClientHandler())
{
    public static readonly HttpRequestOptionsKey<bool> Unsigned = new("sandbox-unsigned");
    public static readonly HttpRequestOptionsKey<string> Service = new("sandbox-service");
    public static readonly HttpRequestOptionsKey<string> Region = new("sandbox-region");
    public static readonly HttpRequestOptionsKey<DateTimeOffset> SignedAt = new("sandbox-signed-at");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(Unsigned, out var unsigned) || !unsigned)
        {
            if (!request.Headers.Contains("Authorization")) await SignAsync(request, cancellationToken);
        }
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task SignAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var service = request.Options.TryGetValue(Service, out var s) ? s : ServiceOf(request);
        var region = request.Options.TryGetValue(Region, out var r) ? r : "us-east-1";
        var at = request.Options.TryGetValue(SignedAt, out var t) ? t : DateTimeOffset.UtcNow;
        var amzDate = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Remove("X-Amz-Date");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = request.RequestUri!.Authority,
            ["x-amz-date"] = amzDate,
        };
        if (request.Content?.Headers.ContentType is { } type) headers["content-type"] = type.ToString();
        if (request.Headers.TryGetValues("X-Amz-Target", out var target)) headers["x-amz-target"] = target.Single();
        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = string.Join('\n',
            request.Method.Method,
            request.RequestUri.AbsolutePath,
            request.RequestUri.Query.TrimStart('?'),
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value.Trim()}\n")),
            signedHeaders,
            Convert.ToHexStringLower(SHA256.HashData(body)));
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { date, region, service, "aws4_request" }) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    private static string ServiceOf(HttpRequestMessage request) =>
        request.Headers.Contains("X-Amz-Target") ? "ssm"
        : request.Content?.Headers.ContentType?.MediaType == "application/json" ? "inspector2"
        : "ec2";
}
