using System.Net.Http.Json;
using System.Text.Json;
using AwsPatch.Sandbox;
using static AwsPatch.Tests.Sandbox.SandboxHttp;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// The injected-error fault: an operation answers a given AWS error code and status in its protocol's real shape
/// (checked raw and by botocore through the AWS CLI), or a load balancer's HTML page; settable over the control API.
/// </summary>
public sealed class InjectedErrorTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxHttp _http = new(fixture.Server.Endpoint);

    public void Dispose()
    {
        fixture.Server.Faults.Clear();
        _http.Dispose();
    }

    [Fact]
    public async Task Ec2_answers_the_code_in_its_Response_Errors_Error_document_with_RequestID()
    {
        fixture.Server.Faults.For("ec2:DescribeInstances").Error = new InjectedError(401, "AuthFailure");

        var (status, xml) = await _http.Ec2Async("DescribeInstances");
        var (other, _) = await _http.Ec2Async("DescribeVolumes");

        Assert.Equal(401, status);
        Assert.Equal("AuthFailure", ErrorCode(xml));
        Assert.Equal("AWS was not able to validate the provided access credentials", ErrorMessage(xml));
        Assert.True(Guid.TryParse(xml.Root!.Element("RequestID")?.Value, out _));
        Assert.Equal(200, other);
    }

    [Fact]
    public async Task Ssm_answers_json_1_1_type_and_message()
    {
        fixture.Server.Faults.For("ssm:DescribeInstanceInformation").Error = new InjectedError(400, "ExpiredTokenException");

        var (status, json) = await _http.SsmAsync("DescribeInstanceInformation");

        Assert.Equal(400, status);
        Assert.Equal("ExpiredTokenException", json.GetProperty("__type").GetString());
        Assert.Equal("The security token included in the request is expired", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Inspector2_answers_the_error_type_header_and_message()
    {
        fixture.Server.Faults.For("inspector2:ListFindings").Error = new InjectedError(403, "UnrecognizedClientException");

        var (status, json, errorType) = await _http.Inspector2Async("/findings/list");

        Assert.Equal(403, status);
        Assert.Equal("UnrecognizedClientException", errorType);
        Assert.Equal("The security token included in the request is invalid.", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Without_a_code_the_answer_is_a_load_balancers_html_page()
    {
        fixture.Server.Faults.For("ssm:DescribeInstanceInformation").Error = new InjectedError(502);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSSM.DescribeInstanceInformation");
        request.Options.Set(SigningHandler.Service, "ssm");

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>502 Bad Gateway</title>", body);
        Assert.Contains('\n', body);
        Assert.False(response.Headers.Contains("x-amzn-RequestId"));
    }

    [Fact]
    public async Task The_control_api_sets_reads_and_validates_injected_errors()
    {
        using var client = new HttpClient { BaseAddress = fixture.Server.Endpoint };

        var set = await client.PostAsJsonAsync("/_sandbox/faults", new
        {
            operations = new Dictionary<string, object> { ["ec2:DescribeInstances"] = new { error = new { status = 400, code = "RequestExpired" } } },
        });
        set.EnsureSuccessStatusCode();
        Assert.Equal(new InjectedError(400, "RequestExpired"), fixture.Server.Faults.For("ec2:DescribeInstances").Error);
        using (var read = JsonDocument.Parse(await client.GetStringAsync("/_sandbox/faults")))
        {
            var error = read.RootElement.GetProperty("operations").GetProperty("ec2:DescribeInstances").GetProperty("error");
            Assert.Equal("RequestExpired", error.GetProperty("code").GetString());
            Assert.Equal("Request has expired.", error.GetProperty("message").GetString());
        }

        var bad = await client.PostAsJsonAsync("/_sandbox/faults", new
        {
            operations = new Dictionary<string, object> { ["ec2:DescribeInstances"] = new { error = new { status = 200 } } },
        });
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Equal("RequestExpired", fixture.Server.Faults.For("ec2:DescribeInstances").Error?.Code);
    }

    public static TheoryData<string, string, int, string, string[]> CliCases => new()
    {
        { "ec2:DescribeInstances", "RequestExpired", 400, "DescribeInstances", ["ec2", "describe-instances"] },
        { "ssm:DescribeInstanceInformation", "InvalidSignatureException", 400, "DescribeInstanceInformation", ["ssm", "describe-instance-information"] },
        { "inspector2:ListFindings", "ExpiredTokenException", 403, "ListFindings", ["inspector2", "list-findings"] },
    };

    [SkippableTheory]
    [MemberData(nameof(CliCases))]
    public async Task Botocore_reads_each_injected_error_as_that_code(string operation, string code, int status, string name, string[] command)
    {
        AwsCli.Require();
        fixture.Server.Faults.For(operation).Error = new InjectedError(status, code);

        var result = await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1", command);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"An error occurred ({code}) when calling the {name} operation", result.Stderr);
    }
}
