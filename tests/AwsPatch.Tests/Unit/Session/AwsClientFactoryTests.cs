using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using AwsPatch.Aws;
using static AwsPatch.Tests.Unit.Session.SessionTestKit;

namespace AwsPatch.Tests.Unit.Session;

public sealed class AwsClientFactoryTests : IDisposable
{
    private readonly TempProfiles _profiles = new();

    public void Dispose() => _profiles.Dispose();

    private AwsSession Session(string region = "eu-west-1", string? endpoint = null) =>
        Resolver(_profiles).Resolve(new AwsSessionRequest
        {
            Region = region,
            AccessKey = "AKIAFACTORY",
            SecretKey = "factory-secret",
            EndpointUrl = endpoint,
        });

    private static ClientConfig ConfigOf(object client) => (ClientConfig)((AmazonServiceClient)client).Config;

    [Fact]
    public void Without_an_endpoint_the_region_endpoint_is_set()
    {
        var factory = new AwsClientFactory();
        var session = Session();

        var ec2 = ConfigOf(factory.CreateEc2(session));
        var ssm = ConfigOf(factory.CreateSsm(session));

        foreach (var config in new[] { ec2, ssm })
        {
            Assert.Same(RegionEndpoint.EUWest1, config.RegionEndpoint);
            Assert.Null(config.ServiceURL);
        }
    }

    [Fact]
    public void With_an_endpoint_ServiceURL_and_signing_region_are_set()
    {
        var factory = new AwsClientFactory();
        var session = Session("ap-south-1", "http://localhost:4566");

        var ec2 = ConfigOf(factory.CreateEc2(session));
        var ssm = ConfigOf(factory.CreateSsm(session));

        foreach (var config in new[] { ec2, ssm })
        {
            Assert.Equal("http://localhost:4566/", config.ServiceURL);
            Assert.Equal("ap-south-1", config.AuthenticationRegion);
        }
    }

    [Fact]
    public void Clients_use_standard_retries_bounded_timeouts_and_our_app_id()
    {
        var config = ConfigOf(new AwsClientFactory().CreateEc2(Session()));

        Assert.Equal(RequestRetryMode.Standard, config.RetryMode);
        Assert.Equal(4, config.MaxErrorRetry);
        Assert.Equal(TimeSpan.FromSeconds(60), config.Timeout);
        Assert.Equal("AwsPatch/0.1.0", config.ClientAppId);
    }

    [Fact]
    public async Task Requests_are_signed_with_the_session_credentials_and_region_and_carry_our_app_id()
    {
        // A non-retryable EC2 error, so the client makes exactly one request.
        using var server = new OneShotHttpServer(401, "text/xml",
            "<Response><Errors><Error><Code>AuthFailure</Code><Message>stop here</Message></Error></Errors><RequestID>r-1</RequestID></Response>");
        var session = Session("ap-south-1", server.Url.AbsoluteUri);

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => new AwsClientFactory().CreateEc2(session).DescribeInstancesAsync(new()));

        Assert.Equal("AuthFailure", error.ErrorCode);
        var request = Assert.Single(server.Requests);
        Assert.Contains("Credential=AKIAFACTORY/", request);
        Assert.Contains("/ap-south-1/ec2/aws4_request", request);
        Assert.Matches(@"(?im)^User-Agent:.* app/AwsPatch/0\.1\.0\b", request);
    }

    [Fact]
    public void The_same_session_gets_the_same_client_and_another_session_another()
    {
        var factory = new AwsClientFactory();
        var first = Session();
        var second = Session();

        Assert.Same(factory.CreateEc2(first), factory.CreateEc2(first));
        Assert.Same(factory.CreateSsm(first), factory.CreateSsm(first));
        Assert.NotSame(factory.CreateEc2(first), factory.CreateEc2(second));
        Assert.NotSame(factory.CreateSsm(first), factory.CreateSsm(second));
    }

    [Fact]
    public void Releasing_a_session_disposes_its_clients_and_the_next_create_makes_new_ones()
    {
        var factory = new AwsClientFactory();
        var session = Session();
        var ec2 = factory.CreateEc2(session);
        var inspector = factory.CreateInspector2(session);

        factory.Release(session);

        Assert.NotSame(ec2, factory.CreateEc2(session));
        Assert.NotSame(inspector, factory.CreateInspector2(session));
        Assert.Throws<ObjectDisposedException>(() => ec2.DescribeInstancesAsync(new Amazon.EC2.Model.DescribeInstancesRequest()).GetAwaiter().GetResult());
    }

    [Fact]
    public void Concurrent_callers_share_one_client_per_session()
    {
        var factory = new AwsClientFactory();
        var session = Session();
        var ec2 = new IAmazonEC2[64];
        var ssm = new IAmazonSimpleSystemsManagement[64];

        Parallel.For(0, 64, i =>
        {
            ec2[i] = factory.CreateEc2(session);
            ssm[i] = factory.CreateSsm(session);
        });

        Assert.Single(ec2.Distinct());
        Assert.Single(ssm.Distinct());
    }
}
