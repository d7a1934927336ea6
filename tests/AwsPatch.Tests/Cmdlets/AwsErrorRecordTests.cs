using System.Management.Automation;
using System.Text.RegularExpressions;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// What a user sees when AWS (or something in front of it) answers an error: the sandbox answers each service's
/// listing call in that protocol's real error shape (or as a load balancer would), and the error record names the
/// operation, AWS error code, HTTP status and request id on one line, with the category and advice that fit.
/// </summary>
public sealed partial class AwsErrorRecordTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private const string SignatureExpired = "Signature expired: 20261202T000000Z is now earlier than 20261202T000500Z (20261202T002000Z - 15 min.)";
    private readonly SandboxServer _sandbox = fixture.Server;
    private readonly PowerShellHost _ps = SandboxShell.Create(fixture.Server);

    public void Dispose()
    {
        _sandbox.Faults.Clear();
        _ps.Dispose();
    }

    /// <summary>Each service's listing call, by the cmdlet a user would run.</summary>
    private static readonly Dictionary<string, string> Scripts = new(StringComparer.Ordinal)
    {
        ["ssm:DescribeInstanceInformation"] = "Get-PatchInstance @aws -ManagedOnly",
        ["ec2:DescribeInstances"] = "Get-PatchInstance @aws",
        ["inspector2:ListFindings"] = "Get-PatchFinding @aws",
    };

    public static TheoryData<string, int, string?, string?, string, ErrorCategory, string> Cases => new()
    {
        // Systems Manager (JSON 1.1): the front end's authentication errors are HTTP 400.
        { "ssm:DescribeInstanceInformation", 400, "UnrecognizedClientException", null, "InvalidCredentials", ErrorCategory.AuthenticationError, "does not recognise the access key" },
        { "ssm:DescribeInstanceInformation", 400, "InvalidSignatureException", null, "InvalidCredentials", ErrorCategory.AuthenticationError, "secret key belongs to the access key" },
        { "ssm:DescribeInstanceInformation", 400, "InvalidSignatureException", SignatureExpired, "ClockSkew", ErrorCategory.AuthenticationError, "system clock" },
        { "ssm:DescribeInstanceInformation", 400, "ExpiredTokenException", null, "ExpiredCredentials", ErrorCategory.AuthenticationError, "aws sso login" },
        { "ssm:DescribeInstanceInformation", 400, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/sandbox is not authorized to perform: ssm:DescribeInstanceInformation", "AccessDenied", ErrorCategory.PermissionDenied, "permission for ssm:DescribeInstanceInformation" },
        { "ssm:DescribeInstanceInformation", 500, "InternalServerError", "An error occurred on the server side.", "ServiceFault", ErrorCategory.InvalidResult, "run the command again later" },
        { "ssm:DescribeInstanceInformation", 502, null, null, "ServiceFault", ErrorCategory.InvalidResult, "load balancer or proxy" },
        { "ssm:DescribeInstanceInformation", 404, null, null, "UnexpectedResponse", ErrorCategory.ProtocolError, "-EndpointUrl" },
        // EC2 (query protocol, XML).
        { "ec2:DescribeInstances", 401, "AuthFailure", null, "InvalidCredentials", ErrorCategory.AuthenticationError, "does not recognise the access key" },
        { "ec2:DescribeInstances", 403, "SignatureDoesNotMatch", null, "InvalidCredentials", ErrorCategory.AuthenticationError, "secret key belongs to the access key" },
        { "ec2:DescribeInstances", 400, "RequestExpired", null, "ClockSkew", ErrorCategory.AuthenticationError, "system clock" },
        { "ec2:DescribeInstances", 403, "UnauthorizedOperation", "You are not authorized to perform this operation.", "AccessDenied", ErrorCategory.PermissionDenied, "permission for ec2:DescribeInstances" },
        { "ec2:DescribeInstances", 503, null, null, "ServiceFault", ErrorCategory.InvalidResult, "load balancer or proxy" },
        { "ec2:DescribeInstances", 404, null, null, "UnexpectedResponse", ErrorCategory.ProtocolError, "-EndpointUrl" },
        // Inspector2 (REST-JSON, x-amzn-ErrorType): the front end's authentication errors are HTTP 403.
        { "inspector2:ListFindings", 403, "UnrecognizedClientException", null, "InvalidCredentials", ErrorCategory.AuthenticationError, "does not recognise the access key" },
        { "inspector2:ListFindings", 403, "InvalidSignatureException", SignatureExpired, "ClockSkew", ErrorCategory.AuthenticationError, "system clock" },
        { "inspector2:ListFindings", 403, "ExpiredTokenException", null, "ExpiredCredentials", ErrorCategory.AuthenticationError, "aws sso login" },
        { "inspector2:ListFindings", 502, null, null, "ServiceFault", ErrorCategory.InvalidResult, "load balancer or proxy" },
        { "inspector2:ListFindings", 404, null, null, "UnexpectedResponse", ErrorCategory.ProtocolError, "-EndpointUrl" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_error_names_operation_code_status_and_request_id_on_one_line(string operation, int status, string? code, string? message, string errorId, ErrorCategory category, string action)
    {
        _sandbox.Faults.For(operation).Error = new InjectedError(status, code, message);
        var result = _ps.Invoke(Scripts[operation]);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal("us-east-1", error.TargetObject);
        var text = error.Exception.Message;
        Assert.DoesNotContain('\n', text);
        Assert.DoesNotContain('\r', text);
        Assert.DoesNotContain("<", text);
        Assert.DoesNotContain("inner exception", text);
        Assert.StartsWith(operation + " failed with ", text);
        Assert.Contains($"HTTP {status}", text);
        if (code == null)
        {
            // What answered was a load balancer's page: no AWS code, no request id, and it says so.
            Assert.Contains("no AWS error code", text);
            Assert.Contains("no request id", text);
            Assert.Contains("HTML page", text);
        }
        else
        {
            Assert.Contains(code, text);
            Assert.Matches(RequestId(), text);
        }
        Assert.Contains(action, error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void A_502_page_from_a_load_balancer_is_named_by_its_title_never_pasted()
    {
        _sandbox.Faults.For("ec2:DescribeInstances").Error = new InjectedError(502);
        var result = _ps.Invoke("Get-PatchInstance @aws");

        var text = Assert.Single(result.Errors).Exception.Message;
        Assert.Equal(
            "ec2:DescribeInstances failed with HTTP 502 and no AWS error code (no request id): the answer was an HTML page (\"502 Bad Gateway\"), " +
            "not an AWS error: probably a load balancer or proxy answered instead of the service.",
            text);
    }

    [Fact]
    public void A_500_a_404_and_a_403_no_longer_look_alike()
    {
        var records = new[] { new InjectedError(500, "InternalServerError"), new InjectedError(404), new InjectedError(403, "AccessDeniedException") }
            .Select(fault =>
            {
                _sandbox.Faults.For("ssm:DescribeInstanceInformation").Error = fault;
                return Assert.Single(_ps.Invoke("Get-PatchInstance @aws -ManagedOnly").Errors);
            })
            .ToList();

        Assert.Equal(3, records.Select(r => r.FullyQualifiedErrorId).Distinct().Count());
        Assert.Equal(3, records.Select(r => r.CategoryInfo.Category).Distinct().Count());
        Assert.Equal(3, records.Select(r => r.Exception.Message).Distinct().Count());
    }

    [Fact]
    public void The_request_id_in_the_message_is_the_one_the_service_sent()
    {
        _sandbox.Faults.For("ec2:DescribeInstances").Error = new InjectedError(401, "AuthFailure");
        var result = _ps.Invoke("Get-PatchInstance @aws");

        var error = Assert.Single(result.Errors);
        var call = Assert.IsType<AwsPatch.Aws.AwsCallException>(error.Exception);
        Assert.Equal(401, call.HttpStatus);
        Assert.NotNull(call.RequestId);
        Assert.Contains($"(HTTP 401, request id {call.RequestId})", call.Message);
    }

    [Fact]
    public void A_per_instance_error_caused_by_a_call_targets_the_instance_and_carries_the_calls_advice()
    {
        var id = _sandbox.State.InstancesIn("us-east-1")[0].InstanceId;
        _sandbox.Faults.For("ec2:DescribeInstances").Error = new InjectedError(401, "AuthFailure");
        _ps.SetVariable("id", id);

        var error = Assert.Single(_ps.Invoke("Get-PatchInstance @aws -InstanceId $id").Errors);

        Assert.StartsWith("InstanceLookupFailed,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Equal(id, error.TargetObject);
        Assert.Contains("ec2:DescribeInstances failed with AuthFailure (HTTP 401, request id ", error.Exception.Message);
        Assert.Contains("does not recognise the access key", error.ErrorDetails.RecommendedAction);
    }

    [GeneratedRegex(@"request id [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)")]
    private static partial Regex RequestId();
}
