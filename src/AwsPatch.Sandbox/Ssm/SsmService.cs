using System.Text.Json;
using AwsPatch.Sandbox.Protocol;
using Microsoft.AspNetCore.Http;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>
/// Systems Manager's JSON 1.1 protocol: <c>X-Amz-Target: AmazonSSM.&lt;Operation&gt;</c>, JSON in and out,
/// errors as <c>{"__type": …, "message": …}</c>.
/// </summary>
internal sealed class SsmService : IAwsService
{
    private const string TargetPrefix = "AmazonSSM.";
    private const string ContentType = "application/x-amz-json-1.1";
    private const string BodyKey = "ssm.body";
    private readonly Dictionary<string, ISsmHandler> _handlers = new(StringComparer.Ordinal);

    public SsmService(IEnumerable<ISsmHandler> handlers)
    {
        foreach (var handler in handlers)
            foreach (var operation in handler.Operations) _handlers.Add(operation, handler);
    }

    public string SigningName => "ssm";

    public bool Matches(HttpRequest request) =>
        request.Headers["X-Amz-Target"].ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);

    public async Task<string> ReadOperationAsync(HttpContext http)
    {
        var operation = http.Request.Headers["X-Amz-Target"].ToString()[TargetPrefix.Length..];
        if (!_handlers.ContainsKey(operation))
            throw new AwsApiException("UnknownOperationException", $"Unknown operation {operation}");
        http.Items[BodyKey] = await JsonProtocol.ReadObjectAsync(http.Request).ConfigureAwait(false);
        return operation;
    }

    public Task HandleAsync(AwsCallContext call)
    {
        var request = (JsonElement)call.Http.Items[BodyKey]!;
        var handler = _handlers[call.Operation];
        return JsonProtocol.WriteAsync(call.Http, ContentType, call.RequestId, StatusCodes.Status200OK,
            json => handler.Handle(call, request, json));
    }

    public AwsApiException Error(CommonError error) => error switch
    {
        CommonError.MissingAuthentication => new AwsApiException("MissingAuthenticationTokenException", "Missing Authentication Token", 403),
        CommonError.IncompleteSignature => new AwsApiException("IncompleteSignatureException",
            "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.", 403),
        CommonError.WrongSigningService => new AwsApiException("InvalidSignatureException",
            "Credential should be scoped to correct service: 'ssm'.", 400),
        // The JSON 1.1 front end answers a signature it cannot verify, or a key it does not know, with HTTP 400.
        CommonError.UnrecognizedClient => new AwsApiException("UnrecognizedClientException", "The security token included in the request is invalid.", 400),
        CommonError.SignatureMismatch => new AwsApiException("InvalidSignatureException", "{detail}", 400),
        CommonError.SignatureExpired => new AwsApiException("InvalidSignatureException", "{detail}", 400),
        CommonError.ExpiredToken => new AwsApiException("ExpiredTokenException", "The security token included in the request is expired", 400),
        CommonError.Throttling => new AwsApiException("ThrottlingException", "Rate exceeded", 400),
        CommonError.AccessDenied => new AwsApiException("AccessDeniedException",
            "User: arn:aws:iam::123456789012:user/sandbox is not authorized to perform: {action} because no identity-based policy allows the {action} action", 400),
        _ => new AwsApiException("InternalServerError", "An error occurred on the server side.", 500),
    };

    public Task WriteErrorAsync(HttpContext http, AwsApiException error, string requestId) =>
        JsonProtocol.WriteErrorAsync(http, ContentType, error, requestId);
}
