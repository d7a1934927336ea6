using System.Text.Json;
using AwsPatch.Sandbox.Protocol;
using Microsoft.AspNetCore.Http;

namespace AwsPatch.Sandbox.Inspector2;

/// <summary>
/// Amazon Inspector's REST-JSON protocol: <c>POST /findings/list</c> and friends, JSON in and out, errors as
/// an <c>x-amzn-ErrorType</c> header plus <c>{"message": …}</c> with the model's HTTP status. A request is
/// Inspector's when its path is one of the operations' or its SigV4 scope names <c>inspector2</c>; it never
/// claims EC2's form-encoded <c>POST /</c> or SSM's <c>X-Amz-Target</c> calls.
/// </summary>
internal sealed class Inspector2Service(Inspector2State state) : IAwsService
{
    private const string ContentType = "application/json";
    private const string BodyKey = "inspector2.body";

    private static readonly Dictionary<string, string> Operations = new(StringComparer.Ordinal)
    {
        ["/findings/list"] = "ListFindings",
        ["/coverage/list"] = "ListCoverage",
        ["/findings/details/batch/get"] = "BatchGetFindingDetails",
    };

    public string SigningName => "inspector2";

    public bool Matches(HttpRequest request)
    {
        if (request.Headers.ContainsKey("X-Amz-Target") || request.HasFormContentType) return false;
        if (Operations.ContainsKey(request.Path.Value ?? "")) return true;
        return SigV4Scope.TryRead(request, out var scope) == SigV4Scope.Problem.None && scope!.Service == SigningName;
    }

    public async Task<string> ReadOperationAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !Operations.TryGetValue(http.Request.Path.Value ?? "", out var operation))
            throw new AwsApiException("UnknownOperationException", $"No operation matches {http.Request.Method} {http.Request.Path}.", 404);
        try
        {
            http.Items[BodyKey] = await JsonProtocol.ReadObjectAsync(http.Request).ConfigureAwait(false);
        }
        catch (AwsApiException error) when (error.Code == "SerializationException")
        {
            throw Inspector2Json.CannotParse("", error.Message);
        }

        return operation;
    }

    public Task HandleAsync(AwsCallContext call)
    {
        var request = (JsonElement)call.Http.Items[BodyKey]!;
        // Findings are generated for the default account only: in the sandbox's other accounts Inspector was never activated.
        if (!call.Sandbox.IsPrimaryAccount || !state.IsEnabled(call.Region))
            // Unconfirmed wording: the real service's message for an account/Region where Inspector was never
            // activated could not be verified; it says "is not enabled", which is what clients look for.
            throw new AwsApiException("AccessDeniedException",
                $"Amazon Inspector is not enabled for account {call.Sandbox.State.AccountId} in {call.Region}. Activate Amazon Inspector in this Region, then try again.", 403);

        Action<Utf8JsonWriter> body = call.Operation switch
        {
            "ListFindings" => ListFindingsHandler.Handle(call, state, request),
            "ListCoverage" => ListCoverageHandler.Handle(call, state, request),
            _ => FindingDetailsHandler.Handle(call, state, request),
        };
        return JsonProtocol.WriteAsync(call.Http, ContentType, call.RequestId, StatusCodes.Status200OK, body);
    }

    public AwsApiException Error(CommonError error) => error switch
    {
        CommonError.MissingAuthentication => new AwsApiException("MissingAuthenticationTokenException", "Missing Authentication Token", 403),
        CommonError.IncompleteSignature => new AwsApiException("IncompleteSignatureException",
            "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.", 403),
        CommonError.WrongSigningService => new AwsApiException("InvalidSignatureException",
            "Credential should be scoped to correct service: 'inspector2'.", 403),
        // The REST-JSON front end answers authentication failures with HTTP 403.
        CommonError.UnrecognizedClient => new AwsApiException("UnrecognizedClientException", "The security token included in the request is invalid.", 403),
        CommonError.SignatureMismatch => new AwsApiException("InvalidSignatureException", "{detail}", 403),
        CommonError.SignatureExpired => new AwsApiException("InvalidSignatureException", "{detail}", 403),
        CommonError.ExpiredToken => new AwsApiException("ExpiredTokenException", "The security token included in the request is expired", 403),
        CommonError.Throttling => new AwsApiException("ThrottlingException", "Rate exceeded", 429),
        CommonError.AccessDenied => new AwsApiException("AccessDeniedException",
            "User: arn:aws:iam::123456789012:user/sandbox is not authorized to perform: {action} because no identity-based policy allows the {action} action", 403),
        _ => new AwsApiException("InternalServerException", "Internal server error", 500),
    };

    public Task WriteErrorAsync(HttpContext http, AwsApiException error, string requestId)
    {
        http.Response.Headers["x-amzn-ErrorType"] = error.Code;
        return JsonProtocol.WriteAsync(http, ContentType, requestId, error.StatusCode, json =>
        {
            json.WriteStartObject();
            json.WriteString("message", error.Message);
            if (error.Data[Inspector2Json.ReasonKey] is string reason) json.WriteString("reason", reason);
            if (error.Data[Inspector2Json.FieldsKey] is (string Name, string Message)[] fields)
            {
                json.WriteStartArray("fields");
                foreach (var (name, message) in fields)
                {
                    json.WriteStartObject();
                    json.WriteString("name", name);
                    json.WriteString("message", message);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        });
    }

    /// <summary>The fingerprint a page token is bound to: region plus the request's non-paging members.</summary>
    public static string Fingerprint(AwsCallContext call, JsonElement request, params string[] members) =>
        call.Region + "|" + string.Join("|", members.Select(m => request.TryGetProperty(m, out var v) ? v.GetRawText() : ""));

    public static AwsApiException BadToken() =>
        Inspector2Json.Validation("nextToken", "Member must be a token returned by a previous call with the same parameters", "(token)", "OTHER");
}
