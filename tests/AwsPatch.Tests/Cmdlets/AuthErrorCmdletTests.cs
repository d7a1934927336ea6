using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Real authentication failures, not injected ones: the strict sandbox refuses a wrong secret or an unknown key as AWS
/// does, and the error record tells the user what to check; a clock an hour off is corrected by the SDK from the
/// answers' Date, as against AWS.
/// </summary>
public sealed class AuthErrorCmdletTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private const string WrongSecret = "wrong-Secret/NeverPrint-99";
    private readonly PowerShellHost _ps = PowerShellHost.Create();

    public void Dispose() => _ps.Dispose();

    private PowerShellResult Run(string script, Uri endpoint, string accessKey, string secret)
    {
        _ps.SetVariable("endpoint", endpoint.ToString());
        _ps.SetVariable("ak", accessKey);
        _ps.SetVariable("sk", secret);
        return _ps.Invoke("$s = @{ EndpointUrl = $endpoint; AccessKey = $ak; SecretKey = $sk; Region = 'us-east-1' }\n" + script);
    }

    // Get-PatchCompliance reads patch states per instance, so its failure is the instance's (ComplianceLookupFailed), with the same advice.
    [Theory]
    [InlineData("Get-PatchCompliance @s -InstanceId i-09b8d3fb38a9eb848", "ComplianceLookupFailed", "ssm:DescribeInstancePatchStates", "InvalidSignatureException", "HTTP 400")]
    [InlineData("Get-PatchInstance @s", "InvalidCredentials", "ec2:DescribeInstances", "SignatureDoesNotMatch", "HTTP 403")]
    [InlineData("Get-PatchFinding @s", "InvalidCredentials", "inspector2:ListFindings", "InvalidSignatureException", "HTTP 403")]
    public void A_wrong_secret_is_an_authentication_error_that_says_to_check_the_secret_key(string script, string errorId, string operation, string code, string status)
    {
        var result = Run(script, fixture.Server.Endpoint, SandboxCredentials.DocumentedAccessKey, WrongSecret);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains(operation + " failed with ", error.Exception.Message);
        Assert.Contains(code, error.Exception.Message);
        Assert.Contains(status, error.Exception.Message);
        Assert.Contains("check that the secret key belongs to the access key (-SecretKey, or aws_secret_access_key in the profile)", error.ErrorDetails.RecommendedAction);
        Assert.Empty(result.OutputOf<object>());
        Assert.DoesNotContain(WrongSecret, result.AllText);
    }

    [Theory]
    [InlineData("Get-PatchCompliance @s -InstanceId i-09b8d3fb38a9eb848", "ComplianceLookupFailed", "UnrecognizedClientException", "HTTP 400")]
    [InlineData("Get-PatchInstance @s", "InvalidCredentials", "AuthFailure", "HTTP 401")]
    public void An_unknown_access_key_is_an_authentication_error_that_says_to_check_which_credentials_are_used(string script, string errorId, string code, string status)
    {
        var result = Run(script, fixture.Server.Endpoint, "AKIAUNKNOWNKEY000002", SandboxCredentials.DocumentedSecret);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains(code, error.Exception.Message);
        Assert.Contains(status, error.Exception.Message);
        Assert.Contains("AWS does not recognise the access key: check which credentials are used", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task A_computer_clock_an_hour_behind_AWS_is_corrected_from_the_Date_header_and_the_call_succeeds()
    {
        // AWS's time (its Date header and the time it judges signatures by) is an hour ahead of this machine's.
        var ahead = TimeSpan.FromHours(1);
        await using var server = await SandboxServer.StartAsync(new SandboxOptions
        {
            AccessKeys = TestKeys.All,
            ClockStart = DateTime.UtcNow + ahead,
            AuthTime = new ShiftedTime(ahead),
        });

        var result = Run("Get-PatchInstance @s -ManagedOnly", server.Endpoint, SandboxCredentials.DocumentedAccessKey, SandboxCredentials.DocumentedSecret);

        Assert.Empty(result.Errors);
        // The SDK's first signature was an hour off and refused (Signature expired); it corrected its clock from that
        // answer's Date and signed again. Without the correction every call would fail with ClockSkew.
        Assert.NotEmpty(result.OutputOf<PatchInstance>());
    }

    private sealed class ShiftedTime(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + offset;
    }
}
