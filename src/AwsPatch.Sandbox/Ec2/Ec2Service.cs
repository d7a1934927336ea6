using System.Text;
using System.Xml;
using AwsPatch.Sandbox.Protocol;
using Microsoft.AspNetCore.Http;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>
/// EC2's query protocol: form-encoded <c>Action=…&amp;Version=2016-11-15</c> in, XML out, errors as
/// <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;</c>. Dispatches each action to the handler that owns it.
/// </summary>
internal sealed class Ec2Service : IAwsService
{
    private const string QueryKey = "ec2.query";
    private readonly Dictionary<string, IEc2Handler> _handlers = new(StringComparer.Ordinal);

    public Ec2Service(IEnumerable<IEc2Handler> handlers)
    {
        foreach (var handler in handlers)
            foreach (var action in handler.Actions) _handlers.Add(action, handler);
    }

    public string SigningName => "ec2";

    public bool Matches(HttpRequest request) =>
        !request.Headers.ContainsKey("X-Amz-Target") && (request.HasFormContentType || request.Query.ContainsKey("Action"));

    public async Task<string> ReadOperationAsync(HttpContext http)
    {
        var query = await QueryParameters.ReadAsync(http.Request).ConfigureAwait(false);
        http.Items[QueryKey] = query;
        var action = query.Get("Action");
        if (string.IsNullOrEmpty(action))
            throw new AwsApiException("MissingAction", "The request must contain the parameter Action");
        if (!_handlers.ContainsKey(action))
            throw new AwsApiException("InvalidAction", $"The action {action} is not valid for this web service.");
        return action;
    }

    /// <summary>A Describe call with no parameter beyond Action, Version and DryRun (no filter, id or page) draws from EC2's unfiltered bucket.</summary>
    public string BucketKey(HttpContext http, string operation)
    {
        var key = $"{SigningName}:{operation}";
        if (!operation.StartsWith("Describe", StringComparison.Ordinal) || http.Items[QueryKey] is not QueryParameters query) return key;
        return query.Names.All(n => n is "Action" or "Version" or "DryRun" || n.StartsWith("X-Amz-", StringComparison.Ordinal)) ? key + RequestBuckets.UnfilteredSuffix : key;
    }

    public async Task HandleAsync(AwsCallContext call)
    {
        var query = (QueryParameters)call.Http.Items[QueryKey]!;
        byte[] body;
        using (var response = new Ec2ResponseWriter(call.Operation, call.RequestId))
        {
            _handlers[call.Operation].Handle(call, query, response);
            body = response.Finish();
        }

        call.Http.Response.StatusCode = StatusCodes.Status200OK;
        call.Http.Response.ContentType = "text/xml;charset=UTF-8";
        await call.Http.Response.Body.WriteAsync(body, call.Aborted).ConfigureAwait(false);
    }

    public AwsApiException Error(CommonError error) => error switch
    {
        CommonError.MissingAuthentication => new AwsApiException("MissingAuthenticationToken",
            "The request must contain either a valid (registered) AWS access key ID or X.509 certificate.", 403),
        CommonError.IncompleteSignature => new AwsApiException("IncompleteSignature",
            "The request signature does not conform to AWS standards.", 403),
        CommonError.WrongSigningService => new AwsApiException("SignatureDoesNotMatch",
            "Credential should be scoped to correct service: 'ec2'.", 403),
        CommonError.UnrecognizedClient => new AwsApiException("AuthFailure", "AWS was not able to validate the provided access credentials", 401),
        CommonError.SignatureMismatch => new AwsApiException("SignatureDoesNotMatch", "{detail}", 403),
        // EC2 answers a signing time outside the window and an expired session token alike.
        CommonError.SignatureExpired or CommonError.ExpiredToken => new AwsApiException("RequestExpired", "Request has expired.", 400),
        CommonError.Throttling => new AwsApiException("RequestLimitExceeded", "Request limit exceeded.", 503),
        CommonError.AccessDenied => new AwsApiException("UnauthorizedOperation", "You are not authorized to perform this operation.", 403),
        _ => new AwsApiException("InternalError", "An internal error has occurred", 500),
    };

    public async Task WriteErrorAsync(HttpContext http, AwsApiException error, string requestId)
    {
        var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("Response");
            xml.WriteStartElement("Errors");
            xml.WriteStartElement("Error");
            xml.WriteElementString("Code", error.Code);
            xml.WriteElementString("Message", error.Message);
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteElementString("RequestID", requestId);
            xml.WriteEndElement();
        }

        http.Response.StatusCode = error.StatusCode;
        http.Response.ContentType = "text/xml;charset=UTF-8";
        await http.Response.Body.WriteAsync(buffer.ToArray(), http.RequestAborted).ConfigureAwait(false);
    }
}
