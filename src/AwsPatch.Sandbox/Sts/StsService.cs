using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using AwsPatch.Sandbox.Protocol;
using Microsoft.AspNetCore.Http;

namespace AwsPatch.Sandbox.Sts;

/// <summary>
/// AWS STS's query protocol: form-encoded <c>Action=AssumeRole&amp;Version=2011-06-15</c> in, XML out (the result inside
/// <c>&lt;AssumeRoleResult&gt;</c>, then <c>&lt;ResponseMetadata&gt;</c>), errors as <c>&lt;ErrorResponse&gt;&lt;Error&gt;</c>.
/// A request is STS's when its SigV4 scope names <c>sts</c> (its form body looks like EC2's otherwise).
/// AssumeRole checks what IAM would: the role exists and trusts the caller's account, the external id its trust policy
/// asks for, the session duration against 900 s..the role's MaxSessionDuration (one hour when chained from a role);
/// the credentials it issues are registered with <see cref="SandboxCredentials.AddTemporary"/> in the role's account and
/// expire by the sandbox clock.
/// </summary>
internal sealed partial class StsService : IAwsService
{
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
    private const string QueryKey = "sts.query";

    public string SigningName => "sts";

    public bool Matches(HttpRequest request) =>
        SigV4Scope.TryRead(request, out var scope) == SigV4Scope.Problem.None && scope!.Service == SigningName;

    public async Task<string> ReadOperationAsync(HttpContext http)
    {
        var query = await QueryParameters.ReadAsync(http.Request).ConfigureAwait(false);
        http.Items[QueryKey] = query;
        var action = query.Get("Action");
        if (string.IsNullOrEmpty(action))
            throw new AwsApiException("MissingAction", "Missing Action");
        if (action is not ("AssumeRole" or "GetCallerIdentity"))
            throw new AwsApiException("InvalidAction", $"Could not find operation {action} for version {query.Get("Version") ?? "NO_VERSION_SPECIFIED"}");
        return action;
    }

    public async Task HandleAsync(AwsCallContext call)
    {
        var query = (QueryParameters)call.Http.Items[QueryKey]!;
        var body = call.Operation == "AssumeRole" ? AssumeRole(call, query) : Result(call, result =>
        {
            result.WriteElementString("UserId", Namespace, call.Principal.UserId);
            result.WriteElementString("Account", Namespace, call.Principal.AccountId);
            result.WriteElementString("Arn", Namespace, call.Principal.Arn);
        });
        call.Http.Response.StatusCode = StatusCodes.Status200OK;
        call.Http.Response.ContentType = "text/xml";
        await call.Http.Response.Body.WriteAsync(body, call.Aborted).ConfigureAwait(false);
    }

    private static byte[] AssumeRole(AwsCallContext call, QueryParameters query)
    {
        var roleArn = query.Get("RoleArn");
        var sessionName = query.Get("RoleSessionName");
        var externalId = query.Get("ExternalId");
        var durationText = query.Get("DurationSeconds");
        var problems = new List<string>();
        if (roleArn is null) problems.Add(NotNull("roleArn"));
        else if (roleArn.Length < 20) problems.Add(Violation(roleArn, "roleArn", "have length greater than or equal to 20"));
        else if (roleArn.Length > 2048) problems.Add(Violation(roleArn, "roleArn", "have length less than or equal to 2048"));
        if (sessionName is null) problems.Add(NotNull("roleSessionName"));
        else
        {
            if (sessionName.Length < 2) problems.Add(Violation(sessionName, "roleSessionName", "have length greater than or equal to 2"));
            if (sessionName.Length > 64) problems.Add(Violation(sessionName, "roleSessionName", "have length less than or equal to 64"));
            if (!SessionNamePattern().IsMatch(sessionName)) problems.Add(Violation(sessionName, "roleSessionName", @"satisfy regular expression pattern: [\w+=,.@-]*"));
        }
        if (externalId is not null)
        {
            if (externalId.Length < 2) problems.Add(Violation(externalId, "externalId", "have length greater than or equal to 2"));
            if (externalId.Length > 1224) problems.Add(Violation(externalId, "externalId", "have length less than or equal to 1224"));
            if (!ExternalIdPattern().IsMatch(externalId)) problems.Add(Violation(externalId, "externalId", @"satisfy regular expression pattern: [\w+=,.@:\/-]*"));
        }
        var duration = 3600;
        if (durationText is not null)
        {
            if (!int.TryParse(durationText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out duration))
                problems.Add(Violation(durationText, "durationSeconds", "be an integer"));
            else if (duration < 900) problems.Add(Violation(durationText, "durationSeconds", "have value greater than or equal to 900"));
            else if (duration > 43200) problems.Add(Violation(durationText, "durationSeconds", "have value less than or equal to 43200"));
        }
        if (problems.Count > 0)
            throw Validation($"{problems.Count} validation error{(problems.Count == 1 ? "" : "s")} detected: {string.Join("; ", problems)}");
        if (!ArnShape().IsMatch(roleArn!))
            throw Validation("Request ARN is invalid");

        // IAM answers an unknown role, one whose trust policy leaves the caller out and a wrong external id alike.
        var role = call.Sandbox.Accounts?.FindRole(roleArn!);
        if (role is null || !role.TrustedAccounts.Contains(call.Principal.AccountId) || (role.ExternalId is { } wanted && wanted != externalId))
            throw new AwsApiException("AccessDenied", $"User: {call.Principal.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", 403);
        if (call.Principal.Arn.Contains(":assumed-role/", StringComparison.Ordinal) && duration > 3600)
            throw Validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        if (duration > role.MaxSessionDuration.TotalSeconds)
            throw Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

        var accessKeyId = "ASIA" + Random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        var secret = Random(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
        var token = "FwoGZXIvYXdzE" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(96));
        var expires = DateTime.SpecifyKind(call.Sandbox.Clock.UtcNow, DateTimeKind.Utc).AddSeconds(duration);
        var assumedArn = $"arn:aws:sts::{role.AccountId}:assumed-role/{role.Name}/{sessionName}";
        var assumedId = $"{role.RoleId}:{sessionName}";
        call.Sandbox.Credentials.AddTemporary(accessKeyId, secret, token, new DateTimeOffset(expires),
            new SandboxPrincipal(role.AccountId, assumedArn) { UserId = assumedId });

        return Result(call, result =>
        {
            result.WriteStartElement("Credentials", Namespace);
            result.WriteElementString("AccessKeyId", Namespace, accessKeyId);
            result.WriteElementString("SecretAccessKey", Namespace, secret);
            result.WriteElementString("SessionToken", Namespace, token);
            result.WriteElementString("Expiration", Namespace, Ec2ResponseWriter.Timestamp(expires));
            result.WriteEndElement();
            result.WriteStartElement("AssumedRoleUser", Namespace);
            result.WriteElementString("AssumedRoleId", Namespace, assumedId);
            result.WriteElementString("Arn", Namespace, assumedArn);
            result.WriteEndElement();
        });
    }

    /// <summary><c>&lt;{Action}Response&gt;&lt;{Action}Result&gt;…&lt;/{Action}Result&gt;&lt;ResponseMetadata&gt;&lt;RequestId&gt;</c>.</summary>
    private static byte[] Result(AwsCallContext call, Action<XmlWriter> members)
    {
        var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement(call.Operation + "Response", Namespace);
            xml.WriteStartElement(call.Operation + "Result", Namespace);
            members(xml);
            xml.WriteEndElement();
            xml.WriteStartElement("ResponseMetadata", Namespace);
            xml.WriteElementString("RequestId", Namespace, call.RequestId);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        return buffer.ToArray();
    }

    private static string NotNull(string member) => $"Value null at '{member}' failed to satisfy constraint: Member must not be null";

    private static string Violation(string value, string member, string constraint) =>
        $"Value '{value}' at '{member}' failed to satisfy constraint: Member must {constraint}";

    private static AwsApiException Validation(string message) => new("ValidationError", message);

    private static string Random(int length, string alphabet)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++) text.Append(alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
        return text.ToString();
    }

    public AwsApiException Error(CommonError error) => error switch
    {
        CommonError.MissingAuthentication => new AwsApiException("MissingAuthenticationToken", "Request is missing Authentication Token", 403),
        CommonError.IncompleteSignature => new AwsApiException("IncompleteSignature", "Request must contain a signature that conforms to AWS standards", 400),
        CommonError.WrongSigningService => new AwsApiException("SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'. ", 403),
        CommonError.UnrecognizedClient => new AwsApiException("InvalidClientTokenId", "The security token included in the request is invalid.", 403),
        CommonError.SignatureMismatch or CommonError.SignatureExpired => new AwsApiException("SignatureDoesNotMatch", "{detail}", 403),
        CommonError.ExpiredToken => new AwsApiException("ExpiredToken", "The security token included in the request is expired", 400),
        CommonError.Throttling => new AwsApiException("Throttling", "Rate exceeded", 400),
        CommonError.AccessDenied => new AwsApiException("AccessDenied",
            "User: " + SandboxCredentials.DefaultUserArn + " is not authorized to perform: {action} because no identity-based policy allows the {action} action", 403),
        _ => new AwsApiException("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500),
    };

    public async Task WriteErrorAsync(HttpContext http, AwsApiException error, string requestId)
    {
        var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("ErrorResponse", Namespace);
            xml.WriteStartElement("Error", Namespace);
            xml.WriteElementString("Type", Namespace, error.StatusCode >= 500 ? "Receiver" : "Sender");
            xml.WriteElementString("Code", Namespace, error.Code);
            xml.WriteElementString("Message", Namespace, error.Message);
            xml.WriteEndElement();
            xml.WriteElementString("RequestId", Namespace, requestId);
            xml.WriteEndElement();
        }

        http.Response.StatusCode = error.StatusCode;
        http.Response.ContentType = "text/xml";
        await http.Response.Body.WriteAsync(buffer.ToArray(), http.RequestAborted).ConfigureAwait(false);
    }

    [GeneratedRegex(@"^[\w+=,.@-]*$")]
    private static partial Regex SessionNamePattern();

    [GeneratedRegex(@"^[\w+=,.@:/-]*$")]
    private static partial Regex ExternalIdPattern();

    /// <summary>arn:partition:service:region:account:resource — anything else is not an ARN at all.</summary>
    [GeneratedRegex(@"^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$")]
    private static partial Regex ArnShape();
}
