using Microsoft.AspNetCore.Http;

namespace AwsPatch.Sandbox.Protocol;

/// <summary>
/// One AWS service the sandbox speaks (EC2, SSM, later Inspector2): how to recognise its requests,
/// name their operation, handle them, and render errors in its own wire shape.
/// </summary>
internal interface IAwsService
{
    /// <summary>Signing name in the SigV4 scope and prefix of counter keys (<c>ec2</c>, <c>ssm</c>).</summary>
    string SigningName { get; }

    /// <summary>Whether a request belongs to this service (by header, content type or path); no body read.</summary>
    bool Matches(HttpRequest request);

    /// <summary>Reads the request and names its operation; throws <see cref="AwsApiException"/> for an unknown one.</summary>
    Task<string> ReadOperationAsync(HttpContext http);

    Task HandleAsync(AwsCallContext call);

    /// <summary>
    /// Which throttling bucket a request draws from (<see cref="RequestBuckets"/>): the operation's key, unless the
    /// service has buckets that depend on the request (EC2: unfiltered, unpaginated Describe calls). Called after
    /// <see cref="ReadOperationAsync"/>.
    /// </summary>
    string BucketKey(HttpContext http, string operation) => $"{SigningName}:{operation}";

    /// <summary>The service's own code, message and status for an error every service has.</summary>
    AwsApiException Error(CommonError error);

    Task WriteErrorAsync(HttpContext http, AwsApiException error, string requestId);
}

internal enum CommonError
{
    MissingAuthentication,
    IncompleteSignature,
    WrongSigningService,
    Throttling,
    InternalError,

    /// <summary>The access key (or its session token) is not one the sandbox knows.</summary>
    UnrecognizedClient,

    /// <summary>The signature, or the scope it was made in, is wrong; a message of <c>{detail}</c> takes the verifier's text.</summary>
    SignatureMismatch,

    /// <summary>The signing time is outside the 15-minute window; a message of <c>{detail}</c> takes the verifier's text.</summary>
    SignatureExpired,

    /// <summary>The temporary credentials' session token has expired.</summary>
    ExpiredToken,

    /// <summary>The caller may not call this operation; the message holds <c>{action}</c> for <c>service:Operation</c>.</summary>
    AccessDenied,
}
