using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// Strict auth: the sandbox verifies SigV4 as AWS does and answers each protocol's own errors. Signed by the AWS SDK
/// (the module's client), the AWS CLI (botocore) and <see cref="SigningHandler"/> (raw requests at chosen times).
/// </summary>
public sealed class SigV4AuthTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private const string SignatureMismatch = "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private readonly SandboxHttp _http = new(fixture.Server.Endpoint);

    public void Dispose()
    {
        _http.Dispose();
        fixture.Server.Credentials.Strict = true;
    }

    private AmazonSimpleSystemsManagementClient Ssm(string accessKey, string secret) =>
        new(new BasicAWSCredentials(accessKey, secret),
            new AmazonSimpleSystemsManagementConfig { ServiceURL = fixture.Server.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private AmazonEC2Client Ec2(AWSCredentials credentials) =>
        new(credentials, new AmazonEC2Config { ServiceURL = fixture.Server.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    [Fact]
    public async Task The_documented_key_pair_signs_requests_the_sandbox_accepts()
    {
        using var ssm = Ssm(SandboxCredentials.DocumentedAccessKey, SandboxCredentials.DocumentedSecret);
        using var ec2 = Ec2(new BasicAWSCredentials(SandboxCredentials.DocumentedAccessKey, SandboxCredentials.DocumentedSecret));

        Assert.NotEmpty((await ssm.DescribeInstanceInformationAsync(new DescribeInstanceInformationRequest())).InstanceInformationList);
        Assert.NotEmpty((await ec2.DescribeInstancesAsync(new DescribeInstancesRequest())).Reservations);
        var (status, _, _) = await _http.Inspector2Async("/findings/list");
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task A_wrong_secret_is_InvalidSignatureException_400_on_SSM_and_SignatureDoesNotMatch_403_on_EC2()
    {
        using var ssm = Ssm(SandboxCredentials.DocumentedAccessKey, "not-the-secret");
        using var ec2 = Ec2(new BasicAWSCredentials(SandboxCredentials.DocumentedAccessKey, "not-the-secret"));

        var ssmError = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() => ssm.DescribeInstanceInformationAsync(new DescribeInstanceInformationRequest()));
        var ec2Error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeInstancesAsync(new DescribeInstancesRequest()));

        Assert.Equal(("InvalidSignatureException", 400, SignatureMismatch), (ssmError.ErrorCode, (int)ssmError.StatusCode, ssmError.Message));
        Assert.Equal(("SignatureDoesNotMatch", 403, SignatureMismatch), (ec2Error.ErrorCode, (int)ec2Error.StatusCode, ec2Error.Message));
    }

    [Fact]
    public async Task An_unknown_access_key_is_UnrecognizedClientException_on_JSON_and_AuthFailure_401_on_EC2()
    {
        using var ssm = Ssm("AKIAUNKNOWNKEY000001", SandboxCredentials.DocumentedSecret);
        using var ec2 = Ec2(new BasicAWSCredentials("AKIAUNKNOWNKEY000001", SandboxCredentials.DocumentedSecret));
        using var stranger = new SandboxHttp(fixture.Server.Endpoint, "AKIAUNKNOWNKEY000001", SandboxCredentials.DocumentedSecret);

        var ssmError = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() => ssm.DescribeInstanceInformationAsync(new DescribeInstanceInformationRequest()));
        var ec2Error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeInstancesAsync(new DescribeInstancesRequest()));
        var (status, json, errorType) = await stranger.Inspector2Async("/findings/list");

        Assert.Equal(("UnrecognizedClientException", 400, "The security token included in the request is invalid."), (ssmError.ErrorCode, (int)ssmError.StatusCode, ssmError.Message));
        Assert.Equal(("AuthFailure", 401, "AWS was not able to validate the provided access credentials"), (ec2Error.ErrorCode, (int)ec2Error.StatusCode, ec2Error.Message));
        Assert.Equal((403, "UnrecognizedClientException"), (status, errorType));
        Assert.Equal("The security token included in the request is invalid.", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_signature_from_2020_has_expired_and_EC2_calls_it_RequestExpired()
    {
        var at = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var (ssmStatus, ssm) = await _http.SsmAsync("DescribeInstanceInformation", signedAt: at);
        var (ec2Status, ec2) = await _http.Ec2Async("DescribeInstances", signedAt: at);
        var (inspectorStatus, inspector, inspectorType) = await _http.Inspector2Async("/findings/list", signedAt: at);

        Assert.Equal((400, "InvalidSignatureException"), (ssmStatus, ssm.GetProperty("__type").GetString()));
        Assert.Matches(@"^Signature expired: 20200101T000000Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$", ssm.GetProperty("message").GetString());
        Assert.Equal((400, "RequestExpired", "Request has expired."), (ec2Status, SandboxHttp.ErrorCode(ec2), SandboxHttp.ErrorMessage(ec2)));
        Assert.Equal((403, "InvalidSignatureException"), (inspectorStatus, inspectorType));
        Assert.StartsWith("Signature expired: 20200101T000000Z", inspector.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_window_is_fifteen_minutes_either_way()
    {
        // The simulated clock at the real time, as on AWS (one clock).
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { ClockStart = DateTime.UtcNow });
        using var http = new SandboxHttp(server.Endpoint);
        var now = DateTimeOffset.UtcNow;

        var (tenMinutesAgo, _) = await http.SsmAsync("DescribeInstanceInformation", signedAt: now.AddMinutes(-10));
        var (inTenMinutes, _) = await http.SsmAsync("DescribeInstanceInformation", signedAt: now.AddMinutes(10));
        var (twentyMinutesAgo, old) = await http.SsmAsync("DescribeInstanceInformation", signedAt: now.AddMinutes(-20));
        var (inTwentyMinutes, future) = await http.SsmAsync("DescribeInstanceInformation", signedAt: now.AddMinutes(20));

        Assert.Equal((200, 200), (tenMinutesAgo, inTenMinutes));
        Assert.Equal((400, 400), (twentyMinutesAgo, inTwentyMinutes));
        Assert.StartsWith("Signature expired:", old.GetProperty("message").GetString());
        Assert.StartsWith("Signature not yet current:", future.GetProperty("message").GetString());
        Assert.EndsWith("+ 15 min.)", future.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_client_that_corrected_its_clock_to_the_simulated_Date_is_current_after_the_clock_jumps_hours_and_so_is_one_on_real_time()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { ClockStart = DateTime.UtcNow });
        using var http = new SandboxHttp(server.Endpoint);
        server.Clock.Advance(TimeSpan.FromHours(6));

        // The AWS SDK for .NET corrects its signing clock from answers' Date (here the simulated clock), and lags it by
        // whatever it jumped since; a plain client keeps signing with the real time. Anything from the real time to the
        // simulated one is current; 15 minutes beyond either is not.
        var simulatedNow = new DateTimeOffset(server.Clock.UtcNow, TimeSpan.Zero);
        var (simulated, _) = await http.SsmAsync("DescribeInstanceInformation", signedAt: simulatedNow);
        var (real, _) = await http.SsmAsync("DescribeInstanceInformation");
        var (between, _) = await http.SsmAsync("DescribeInstanceInformation", signedAt: DateTimeOffset.UtcNow.AddHours(3));
        var (beyondSimulated, _) = await http.SsmAsync("DescribeInstanceInformation", signedAt: simulatedNow.AddMinutes(20));
        var (beforeReal, _) = await http.SsmAsync("DescribeInstanceInformation", signedAt: DateTimeOffset.UtcNow.AddMinutes(-20));

        Assert.Equal((200, 200, 200), (simulated, real, between));
        Assert.Equal((400, 400), (beyondSimulated, beforeReal));
    }

    [Fact]
    public async Task A_clock_corrected_before_a_reset_set_the_simulated_clock_back_is_current_for_fifteen_real_minutes()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { ClockStart = DateTime.UtcNow });
        using var http = new SandboxHttp(server.Endpoint);
        server.Clock.Advance(TimeSpan.FromHours(2));
        var shown = new DateTimeOffset(server.Clock.UtcNow, TimeSpan.Zero);
        var (before, _) = await http.SsmAsync("DescribeInstanceInformation", signedAt: shown);

        // A test class's next test resets the sandbox (its clock back to the start); the AWS SDK still signs with the
        // time it last corrected to. That is what AWS would have accepted for 15 minutes; far beyond it is not.
        server.Reset();
        var (corrected, _) = await http.SsmAsync("DescribeInstanceInformation", signedAt: shown.AddMinutes(1));
        var (beyond, future) = await http.SsmAsync("DescribeInstanceInformation", signedAt: shown.AddMinutes(20));

        Assert.Equal((200, 200), (before, corrected));
        Assert.Equal(400, beyond);
        Assert.StartsWith("Signature not yet current:", future.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_scope_for_another_region_shape_or_date_is_refused()
    {
        var (badRegion, region) = await _http.SsmAsync("DescribeInstanceInformation", region: "not_a_region");
        var amzDate = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var (badDate, date) = await _http.SsmAsync("DescribeInstanceInformation",
            authorization: $"AWS4-HMAC-SHA256 Credential={SandboxCredentials.DocumentedAccessKey}/20200101/us-east-1/ssm/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");

        Assert.Equal((400, "InvalidSignatureException"), (badRegion, region.GetProperty("__type").GetString()));
        Assert.Equal("Credential should be scoped to a valid region. ", region.GetProperty("message").GetString());
        Assert.Equal(400, badDate);
        Assert.StartsWith($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20200101' != '{amzDate[..8]}'",
            date.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Temporary_credentials_need_their_token_and_expire_as_ExpiredTokenException_or_EC2_RequestExpired()
    {
        fixture.Server.Credentials
            .AddTemporary("ASIASANDBOXLIVE0001", "live-secret", "live-token", DateTimeOffset.UtcNow.AddHours(1))
            .AddTemporary("ASIASANDBOXOLD00001", "old-secret", "old-token", DateTimeOffset.UtcNow.AddMinutes(-1));
        using var ec2Live = Ec2(new SessionAWSCredentials("ASIASANDBOXLIVE0001", "live-secret", "live-token"));
        using var ec2NoToken = Ec2(new BasicAWSCredentials("ASIASANDBOXLIVE0001", "live-secret"));
        using var ec2Expired = Ec2(new SessionAWSCredentials("ASIASANDBOXOLD00001", "old-secret", "old-token"));
        using var ssmExpired = new AmazonSimpleSystemsManagementClient(new SessionAWSCredentials("ASIASANDBOXOLD00001", "old-secret", "old-token"),
            new AmazonSimpleSystemsManagementConfig { ServiceURL = fixture.Server.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        using var ec2TokenOnLongTermKey = Ec2(new SessionAWSCredentials(SandboxCredentials.DocumentedAccessKey, SandboxCredentials.DocumentedSecret, "live-token"));

        Assert.NotEmpty((await ec2Live.DescribeInstancesAsync(new DescribeInstancesRequest())).Reservations);
        Assert.Equal("AuthFailure", (await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2NoToken.DescribeInstancesAsync(new DescribeInstancesRequest()))).ErrorCode);
        Assert.Equal("AuthFailure", (await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2TokenOnLongTermKey.DescribeInstancesAsync(new DescribeInstancesRequest()))).ErrorCode);
        Assert.Equal("RequestExpired", (await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2Expired.DescribeInstancesAsync(new DescribeInstancesRequest()))).ErrorCode);
        var expired = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() => ssmExpired.DescribeInstanceInformationAsync(new DescribeInstanceInformationRequest()));
        Assert.Equal(("ExpiredTokenException", 400, "The security token included in the request is expired"), (expired.ErrorCode, (int)expired.StatusCode, expired.Message));
    }

    [Fact]
    public async Task Permissive_auth_accepts_any_signed_request_as_the_try_it_sandbox_does()
    {
        fixture.Server.Credentials.Strict = false;
        using var ssm = Ssm("AKIAANYTHINGGOES0001", "whatever");

        Assert.NotEmpty((await ssm.DescribeInstanceInformationAsync(new DescribeInstanceInformationRequest())).InstanceInformationList);
        Assert.False(SandboxCommandLine.Parse([], DateTime.UtcNow).Options.StrictAuth);
        Assert.True(SandboxCommandLine.Parse(["--strict-auth"], DateTime.UtcNow).Options.StrictAuth);
        Assert.True(new SandboxOptions().StrictAuth);
    }

    [SkippableFact]
    public async Task The_AWS_CLI_signs_requests_the_sandbox_verifies_and_reports_a_wrong_secret_as_AWS_does()
    {
        AwsCli.Require();

        var good = await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1", "ec2", "describe-instances", "--max-items", "1");
        var ssmWrong = await AwsCli.RunAsAsync(SandboxCredentials.DocumentedAccessKey, "wrong-secret", fixture.Server.Endpoint, "us-east-1",
            "ssm", "describe-instance-information");
        var ec2Wrong = await AwsCli.RunAsAsync(SandboxCredentials.DocumentedAccessKey, "wrong-secret", fixture.Server.Endpoint, "us-east-1",
            "ec2", "describe-instances");

        Assert.Equal(0, good.ExitCode);
        // botocore counts InvalidSignatureException among the errors worth a retry, hence "(reached max retries: 0)".
        Assert.Contains("An error occurred (InvalidSignatureException) when calling the DescribeInstanceInformation operation", ssmWrong.Stderr);
        Assert.Contains(SignatureMismatch, ssmWrong.Stderr);
        Assert.Contains("An error occurred (SignatureDoesNotMatch) when calling the DescribeInstances operation", ec2Wrong.Stderr);
    }
}
