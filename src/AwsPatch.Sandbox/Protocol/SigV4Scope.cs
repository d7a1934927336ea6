using Microsoft.AspNetCore.Http;

namespace AwsPatch.Sandbox.Protocol;

/// <summary>
/// The credential scope of a SigV4-signed request: <c>AKID/yyyyMMdd/region/service/aws4_request</c>.
/// Its region selects the regional state a request sees; <see cref="SigV4Verifier"/> checks the signature itself
/// (<see cref="SignedHeaders"/>, <see cref="Signature"/>) when the sandbox's auth is strict.
/// </summary>
internal sealed record SigV4Scope(string AccessKeyId, string Date, string Region, string Service)
{
    /// <summary>The lower-case header names the client signed, in its order.</summary>
    public IReadOnlyList<string> SignedHeaders { get; init; } = [];

    /// <summary>The hex signature the client sent.</summary>
    public string Signature { get; init; } = string.Empty;

    /// <summary>Whether the signature came in the query string (a presigned URL) rather than the Authorization header.</summary>
    public bool Presigned { get; init; }

    /// <summary>The scope as it appears in the string to sign: <c>yyyyMMdd/region/service/aws4_request</c>.</summary>
    public string CredentialScope => $"{Date}/{Region}/{Service}/aws4_request";

    private const string Algorithm = "AWS4-HMAC-SHA256";

    public enum Problem { None, Missing, Incomplete }

    /// <summary>Reads the scope from the Authorization header, or from a presigned query string.</summary>
    public static Problem TryRead(HttpRequest request, out SigV4Scope? scope)
    {
        scope = null;
        string? credential;
        string signedHeaders, signature;
        var inQuery = false;
        if (request.Headers.Authorization.ToString() is { Length: > 0 } header)
        {
            if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal)) return Problem.Incomplete;
            var parts = header[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            if (!parts.ContainsKey("SignedHeaders") || !parts.ContainsKey("Signature")) return Problem.Incomplete;
            credential = parts.GetValueOrDefault("Credential");
            signedHeaders = parts["SignedHeaders"];
            signature = parts["Signature"];
        }
        else if (request.Query.TryGetValue("X-Amz-Credential", out var presigned) && request.Query.ContainsKey("X-Amz-Signature"))
        {
            credential = presigned.ToString();
            signedHeaders = request.Query["X-Amz-SignedHeaders"].ToString();
            signature = request.Query["X-Amz-Signature"].ToString();
            inQuery = true;
        }
        else
        {
            return Problem.Missing;
        }

        var fields = credential?.Split('/');
        if (fields is not { Length: 5 } || fields[4] != "aws4_request" || fields.Take(4).Any(string.IsNullOrEmpty))
            return Problem.Incomplete;
        scope = new SigV4Scope(fields[0], fields[1], fields[2], fields[3])
        {
            SignedHeaders = signedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries),
            Signature = signature,
            Presigned = inQuery,
        };
        return Problem.None;
    }
}
