using System.Management.Automation;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Common;
using AwsPatch.Tests.Unit.Inspector2;

namespace AwsPatch.Tests.Unit.Errors;

/// <summary>The one mapping from SDK errors to AwsCallException and error records, against the SDK's real parsers.</summary>
public sealed class AwsErrorMappingTests
{
    private const string AlbPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

    public static TheoryData<string?, int, string?, AwsErrorKind> Kinds => new()
    {
        { "UnrecognizedClientException", 400, "The security token included in the request is invalid.", AwsErrorKind.InvalidCredentials },
        { "AuthFailure", 401, "AWS was not able to validate the provided access credentials", AwsErrorKind.InvalidCredentials },
        { "InvalidSignatureException", 400, "The request signature we calculated does not match the signature you provided.", AwsErrorKind.InvalidCredentials },
        { "SignatureDoesNotMatch", 403, "The request signature we calculated does not match the signature you provided.", AwsErrorKind.InvalidCredentials },
        { "InvalidSignatureException", 400, "Signature expired: 20261202T000000Z is now earlier than 20261202T000500Z (20261202T001000Z - 5 min.)", AwsErrorKind.ClockSkew },
        { "InvalidSignatureException", 403, "Signature not yet current: 20261202T002000Z is still later than 20261202T001500Z (20261202T001000Z + 5 min.)", AwsErrorKind.ClockSkew },
        { "RequestExpired", 400, "Request has expired.", AwsErrorKind.ClockSkew },
        { "ExpiredTokenException", 400, "The security token included in the request is expired", AwsErrorKind.ExpiredCredentials },
        { "ExpiredToken", 400, "The provided token has expired.", AwsErrorKind.ExpiredCredentials },
        { "AccessDeniedException", 400, "User: x is not authorized to perform: ssm:SendCommand", AwsErrorKind.AccessDenied },
        { "UnauthorizedOperation", 403, "You are not authorized to perform this operation.", AwsErrorKind.AccessDenied },
        { null, 403, null, AwsErrorKind.AccessDenied },
        { null, 401, null, AwsErrorKind.InvalidCredentials },
        { null, 502, null, AwsErrorKind.ServiceFault },
        { null, 404, null, AwsErrorKind.UnexpectedResponse },
        { null, 400, null, AwsErrorKind.UnexpectedResponse },
        { "ResourceNotFoundException", 404, "No such resource", AwsErrorKind.NotFound },
        { "InternalServerError", 500, "An error occurred on the server side.", AwsErrorKind.ServiceFault },
        { "ThrottlingException", 400, "Rate exceeded", AwsErrorKind.Throttled },
        { "InvalidFilterKey", 400, "bad key", AwsErrorKind.InvalidInput },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Classifies_by_code_status_and_for_signatures_message(string? code, int status, string? message, AwsErrorKind expected) =>
        Assert.Equal(expected, AwsErrors.Classify(code, (HttpStatusCode)status, message));

    [Fact]
    public async Task Ssm_html_500_is_named_as_a_page_with_status_and_request_id_not_see_inner_exception()
    {
        var client = Ssm(new Canned(HttpStatusCode.InternalServerError, AlbPage, "text/html", ("x-amzn-RequestId", "rid-7")));

        var ex = await Assert.ThrowsAsync<AwsCallException>(() =>
            AwsErrors.CallAsync("ssm:DescribeInstanceInformation", () => client.DescribeInstanceInformationAsync(new DescribeInstanceInformationRequest()), CancellationToken.None));

        Assert.Equal("ssm:DescribeInstanceInformation failed with HTTP 500 and no AWS error code (request id rid-7): the answer was an HTML page, not an AWS error: " +
            "probably a load balancer or proxy answered instead of the service.", ex.Message);
        Assert.Equal(AwsErrorKind.ServiceFault, ex.Kind);
        Assert.Equal(500, ex.HttpStatus);
        Assert.Equal("rid-7", ex.RequestId);
        Assert.Null(ex.ErrorCode);
    }

    [Fact]
    public async Task Ssm_empty_404_says_there_was_no_body()
    {
        var client = Ssm(new Canned(HttpStatusCode.NotFound, "", "application/x-amz-json-1.1"));

        var ex = await Assert.ThrowsAsync<AwsCallException>(() =>
            AwsErrors.CallAsync("ssm:DescribeInstanceInformation", () => client.DescribeInstanceInformationAsync(new DescribeInstanceInformationRequest()), CancellationToken.None));

        Assert.Equal("ssm:DescribeInstanceInformation failed with HTTP 404 and no AWS error code (no request id): the answer had no body.", ex.Message);
        Assert.Equal(AwsErrorKind.UnexpectedResponse, ex.Kind);
    }

    [Fact]
    public async Task Ec2_multi_line_html_body_becomes_its_title_on_one_line()
    {
        var client = Ec2(new Canned(HttpStatusCode.BadGateway, AlbPage, "text/html"));

        var ex = await Assert.ThrowsAsync<AwsCallException>(() =>
            AwsErrors.CallAsync("ec2:DescribeInstances", () => client.DescribeInstancesAsync(new DescribeInstancesRequest()), CancellationToken.None));

        Assert.Equal("ec2:DescribeInstances failed with HTTP 502 and no AWS error code (no request id): the answer was an HTML page (\"502 Bad Gateway\"), " +
            "not an AWS error: probably a load balancer or proxy answered instead of the service.", ex.Message);
    }

    [Fact]
    public async Task Ec2_xml_error_names_code_status_and_request_id()
    {
        var client = Ec2(new Canned(HttpStatusCode.Unauthorized,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate\n the provided access credentials</Message></Error></Errors><RequestID>abc-123</RequestID></Response>",
            "text/xml"));

        var ex = await Assert.ThrowsAsync<AwsCallException>(() =>
            AwsErrors.CallAsync("ec2:DescribeInstances", () => client.DescribeInstancesAsync(new DescribeInstancesRequest()), CancellationToken.None));

        Assert.Equal("ec2:DescribeInstances failed with AuthFailure (HTTP 401, request id abc-123): AWS was not able to validate the provided access credentials.", ex.Message);
        Assert.Equal(AwsErrorKind.InvalidCredentials, ex.Kind);
    }

    [Fact]
    public async Task Inspector2_body_without_an_error_type_is_quoted_trimmed_not_dropped()
    {
        var http = new StubHttp().Respond(HttpStatusCode.NotFound, "Not Found:\n  no route for POST /findings/list");
        using var client = Inspector2TestClients.Create(http, maxErrorRetry: 0);

        var ex = await Assert.ThrowsAsync<AwsCallException>(() =>
            AwsErrors.CallAsync("inspector2:ListFindings", () => client.ListFindingsAsync(new AwsPatch.Aws.Inspector2.ListFindingsRequest(), CancellationToken.None), CancellationToken.None));

        Assert.Equal("inspector2:ListFindings failed with HTTP 404 and no AWS error code (request id req-1): " +
            "the answer was not an AWS error document: \"Not Found: no route for POST /findings/list\".", ex.Message);
        Assert.Equal(AwsErrorKind.UnexpectedResponse, ex.Kind);
    }

    [Fact]
    public async Task A_2xx_html_page_where_a_response_belongs_is_named_unreadable_not_pasted()
    {
        var client = Ssm(new Canned(HttpStatusCode.OK, AlbPage.Replace("502 Bad Gateway", "Sign in"), "text/html"));

        var ex = await Assert.ThrowsAsync<AwsCallException>(() =>
            AwsErrors.CallAsync("ssm:DescribeInstanceInformation", () => client.DescribeInstanceInformationAsync(new DescribeInstanceInformationRequest()), CancellationToken.None));

        Assert.DoesNotContain("<", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
        Assert.Contains("HTTP 200", ex.Message);
        Assert.EndsWith("the answer could not be read as the operation's response.", ex.Message);
        Assert.Equal(AwsErrorKind.UnexpectedResponse, ex.Kind);
    }

    [Fact]
    public void A_long_body_is_cut_to_one_short_line()
    {
        var text = AwsErrorText.OfBody(string.Join("\n", Enumerable.Repeat("line of text", 200)), "text/plain");
        Assert.DoesNotContain('\n', text);
        Assert.InRange(text.Length, 100, 400);
    }

    public static TheoryData<AwsErrorKind, string, ErrorCategory> Records => new()
    {
        { AwsErrorKind.AccessDenied, "AccessDenied", ErrorCategory.PermissionDenied },
        { AwsErrorKind.ExpiredCredentials, "ExpiredCredentials", ErrorCategory.AuthenticationError },
        { AwsErrorKind.InvalidCredentials, "InvalidCredentials", ErrorCategory.AuthenticationError },
        { AwsErrorKind.ClockSkew, "ClockSkew", ErrorCategory.AuthenticationError },
        { AwsErrorKind.UnexpectedResponse, "UnexpectedResponse", ErrorCategory.ProtocolError },
        { AwsErrorKind.ServiceFault, "ServiceFault", ErrorCategory.InvalidResult },
        { AwsErrorKind.Throttled, "Throttled", ErrorCategory.LimitsExceeded },
        { AwsErrorKind.NotFound, "ResourceNotFound", ErrorCategory.ObjectNotFound },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Error_records_get_id_category_and_target(AwsErrorKind kind, string errorId, ErrorCategory category)
    {
        var record = ErrorRecordFactory.FromException(new AwsCallException("ssm:SendCommand", kind, "Code", "ssm:SendCommand failed with Code (HTTP 400, request id r): x."), "us-east-1");

        Assert.Equal(errorId, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal("us-east-1", record.TargetObject);
    }

    [Fact]
    public void A_per_item_failure_from_an_aws_call_without_its_own_advice_gets_the_calls()
    {
        var call = new AwsCallException("ssm:ListCommandInvocations", AwsErrorKind.ExpiredCredentials, "ExpiredTokenException", "expired");
        var record = ErrorRecordFactory.FromFailure(new ItemFailure("i-0123456789abcdef0", "PatchRunLookupFailed", call.Kind, $"Could not follow: {call.Message}", null, call));

        Assert.Equal(ErrorCategory.AuthenticationError, record.CategoryInfo.Category);
        Assert.Contains("aws sso login", record.ErrorDetails.RecommendedAction);
    }

    private static AmazonSimpleSystemsManagementClient Ssm(HttpMessageHandler handler) =>
        new(new BasicAWSCredentials("AKIDUNIT", "unit-secret"), new AmazonSimpleSystemsManagementConfig
        {
            ServiceURL = "http://localhost:1/", AuthenticationRegion = "us-east-1", HttpClientFactory = new Factory(handler), MaxErrorRetry = 0,
        });

    private static AmazonEC2Client Ec2(HttpMessageHandler handler) =>
        new(new BasicAWSCredentials("AKIDUNIT", "unit-secret"), new AmazonEC2Config
        {
            ServiceURL = "http://localhost:1/", AuthenticationRegion = "us-east-1", HttpClientFactory = new Factory(handler), MaxErrorRetry = 0,
        });

    private sealed class Canned(HttpStatusCode status, string body, string contentType, params (string Name, string Value)[] headers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            foreach (var (name, value) in headers)
                response.Headers.TryAddWithoutValidation(name, value);
            return Task.FromResult(response);
        }
    }

    private sealed class Factory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
