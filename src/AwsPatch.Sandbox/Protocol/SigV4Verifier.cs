using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AwsPatch.Sandbox.Protocol;

/// <summary>
/// Verifies a request's Signature Version 4 as AWS does: the access key is known, a session token comes with (and only
/// with) temporary keys, the scope names a valid region and the date it was signed on, the signing time is within 15
/// minutes of the service's time, and the signature recomputed from the canonical request with the key's secret matches.
/// The first failure is returned as the <see cref="CommonError"/> each protocol renders in its own shape, with the
/// detail AWS puts in the message where it has one (expired signatures name both times).
/// <para>
/// The service's time has two faces in the sandbox: the real time (what a client's clock reads) and the simulated
/// clock (what every answer's <c>Date</c> says; tests move it by hours, the standalone sandbox runs it 20 times faster,
/// and the AWS SDK for .NET corrects its signing clock from the <c>Date</c> of the answers it gets, so it lags the
/// simulated clock by however far that jumped since, or leads it after a reset set it back). On AWS they are one clock;
/// here a signing time is current from 15 minutes before the earliest of them to 15 minutes after the latest, counting
/// what the simulated clock showed in the last 15 real minutes, so strict auth and simulated-clock jumps
/// coexist while a signature from before the fleet's start, or far ahead of both clocks, is still refused. The error
/// message measures against the real time.
/// </para>
/// </summary>
internal static partial class SigV4Verifier
{
    public const string SignatureMismatchMessage = "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public sealed record Failure(CommonError Error, string? Detail = null);

    /// <summary>Null when the request is signed right by a key the sandbox knows; otherwise why not.</summary>
    public static async Task<Failure?> VerifyAsync(HttpRequest request, SigV4Scope scope, SandboxCredentials credentials, DateTime simulatedNow,
        CancellationToken cancellationToken)
    {
        if (!credentials.TryGet(scope.AccessKeyId, out var key)) return new Failure(CommonError.UnrecognizedClient);
        var token = Value(request, "X-Amz-Security-Token", scope.Presigned);
        if (key.SessionToken is null ? token.Length > 0 : !string.Equals(token, key.SessionToken, StringComparison.Ordinal))
            return new Failure(CommonError.UnrecognizedClient);
        if (!RegionShape().IsMatch(scope.Region))
            return new Failure(CommonError.SignatureMismatch, "Credential should be scoped to a valid region. ");

        var amzDate = Value(request, "X-Amz-Date", scope.Presigned);
        if (!DateTimeOffset.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
            return new Failure(CommonError.IncompleteSignature);
        if (!string.Equals(scope.Date, amzDate[..8], StringComparison.Ordinal))
            return new Failure(CommonError.SignatureMismatch,
                $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope.Date}' != '{amzDate[..8]}', from '{amzDate}'.");

        var now = credentials.RealTime.GetUtcNow();
        var window = SandboxCredentials.SkewWindow;
        var validUntil = scope.Presigned && int.TryParse(request.Query["X-Amz-Expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            ? signedAt.AddSeconds(expires)
            : signedAt + window;
        var simulated = new DateTimeOffset(DateTime.SpecifyKind(simulatedNow, DateTimeKind.Utc));
        var (recentEarliest, recentLatest) = credentials.RecentSimulated(simulatedNow);
        var earliestShown = new DateTimeOffset(DateTime.SpecifyKind(recentEarliest, DateTimeKind.Utc));
        var latestShown = new DateTimeOffset(DateTime.SpecifyKind(recentLatest, DateTimeKind.Utc));
        var earliest = earliestShown < now ? earliestShown : now;
        var latest = latestShown > now ? latestShown : now;
        if (earliest > validUntil || signedAt > latest + window)
        {
            return now > validUntil
                ? new Failure(CommonError.SignatureExpired,
                    $"Signature expired: {amzDate} is now earlier than {Stamp(now - window)} ({Stamp(now)} - {window.TotalMinutes:0} min.)")
                : new Failure(CommonError.SignatureExpired,
                    $"Signature not yet current: {amzDate} is still later than {Stamp(now + window)} ({Stamp(now)} + {window.TotalMinutes:0} min.)");
        }

        var payloadHash = Hex(SHA256.HashData(await BodyAsync(request, cancellationToken).ConfigureAwait(false)));
        var expected = Signature(key.Secret, scope, amzDate, CanonicalRequest(request, scope, payloadHash));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(scope.Signature.ToLowerInvariant())))
            return new Failure(CommonError.SignatureMismatch, SignatureMismatchMessage);

        if (key.Expires is { } end && (key.SimulatedExpiry ? simulated : now) >= end) return new Failure(CommonError.ExpiredToken);
        return null;
    }

    /// <summary>The hex signature of <paramref name="canonicalRequest"/> with <paramref name="secret"/> in <paramref name="scope"/>.</summary>
    public static string Signature(string secret, SigV4Scope scope, string amzDate, string canonicalRequest)
    {
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope.CredentialScope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var signingKey = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { scope.Date, scope.Region, scope.Service, "aws4_request" })
            signingKey = HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(part));
        return Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>
    /// The canonical request: method, the path URI-encoded once more (every service but S3 signs the encoded path
    /// encoded again), the sorted query without the signature, the signed headers' trimmed values, their names, and
    /// the payload's SHA-256.
    /// </summary>
    private static string CanonicalRequest(HttpRequest request, SigV4Scope scope, string payloadHash)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToString();
        var rawPath = target.Split('?', 2)[0];
        var path = rawPath.Length == 0 ? "/" : string.Join('/', rawPath.Split('/').Select(segment => Encode(segment)));
        var query = string.Join('&', ParseQuery(request.QueryString.Value)
            .Where(p => !(scope.Presigned && p.Key == "X-Amz-Signature"))
            .Select(p => (Key: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
        var headers = new StringBuilder();
        foreach (var name in scope.SignedHeaders)
        {
            var values = request.Headers[name].Select(v => Spaces().Replace((v ?? string.Empty).Trim(), " "));
            headers.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }
        return $"{request.Method}\n{path}\n{query}\n{headers}\n{string.Join(';', scope.SignedHeaders)}\n{payloadHash}";
    }

    private static async Task<byte[]> BodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        request.Body.Position = 0;
        return buffer.ToArray();
    }

    private static IEnumerable<KeyValuePair<string, string>> ParseQuery(string? query)
    {
        if (string.IsNullOrEmpty(query)) yield break;
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            yield return new(Uri.UnescapeDataString(parts[0]), parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        }
    }

    private static string Value(HttpRequest request, string name, bool presigned) =>
        presigned ? request.Query[name].ToString() : request.Headers[name].ToString();

    /// <summary>RFC 3986 encoding as SigV4 wants it: everything but unreserved characters as upper-case %XX.</summary>
    private static string Encode(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') text.Append(c);
            else text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")]
    private static partial Regex RegionShape();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();
}
