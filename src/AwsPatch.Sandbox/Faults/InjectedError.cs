namespace AwsPatch.Sandbox;

/// <summary>
/// An answer to give an operation instead of handling it. With a <see cref="Code"/>, the service's own error shape
/// (EC2 <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;</c> with RequestID, SSM JSON 1.1 <c>__type</c>, Inspector2
/// <c>x-amzn-ErrorType</c>) with that code, message and status; without one, the HTML page a load balancer sends
/// when it cannot reach the service (no AWS error code, no request id).
/// </summary>
public sealed record InjectedError
{
    public InjectedError(int status, string? code = null, string? message = null)
    {
        if (status is < 400 or > 599) throw new ArgumentOutOfRangeException(nameof(status), "An injected error's status is between 400 and 599.");
        if (code is { Length: 0 }) throw new ArgumentOutOfRangeException(nameof(code), "An injected error's code is a non-empty AWS error code, or null for a load balancer's HTML page.");
        Status = status;
        Code = code;
        Message = message ?? (code is null ? null : MessageFor(code));
    }

    /// <summary>The HTTP status, e.g. 400 for SSM's ExpiredTokenException, 401 for EC2's AuthFailure, 502 for a load balancer.</summary>
    public int Status { get; }

    /// <summary>The AWS error code; null answers with a load balancer's HTML error page.</summary>
    public string? Code { get; }

    /// <summary>The error message; defaults to AWS's own wording for the authentication errors.</summary>
    public string? Message { get; }

    // AWS's messages for the errors its front ends return for every service (not in the service models).
    private static string MessageFor(string code) => code switch
    {
        "UnrecognizedClientException" or "InvalidClientTokenId" => "The security token included in the request is invalid.",
        "InvalidSignatureException" or "SignatureDoesNotMatch" =>
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        "ExpiredTokenException" or "ExpiredToken" => "The security token included in the request is expired",
        "AuthFailure" => "AWS was not able to validate the provided access credentials",
        "RequestExpired" => "Request has expired.",
        _ => $"{code} (answered by the sandbox's fault settings).",
    };
}
