using System.Reflection;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using AwsPatch.Aws;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Unit.Session;

/// <summary>
/// Issue 11 item 3: one throttling storm must not take retries away from every later call in the process. The SDK's
/// retry quota is a static pool per endpoint (500 tokens, 5 a retry): on its default it drains after ~25 fully
/// throttled calls and later calls get a single attempt.
/// </summary>
public sealed class RetryQuotaTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxServer _server;

    public RetryQuotaTests(SandboxFixture fixture)
    {
        _server = fixture.Server;
        _server.Reset();
    }

    [Fact]
    public async Task After_a_storm_of_fully_throttled_calls_a_new_call_still_gets_all_five_attempts()
    {
        var factory = new AwsClientFactory();
        var session = TestSessions.UsEast1(_server.Endpoint.ToString());
        var ec2 = factory.CreateEc2(session);
        CapBackoff(ec2);
        _server.Faults.For("ec2:DescribeInstances").ThrottleRate = 1;

        // 40 calls, each throttled on every attempt: 160 retries, more than the SDK's whole quota (100 retries).
        for (var call = 0; call < 40; call++)
        {
            var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeInstancesAsync(new DescribeInstancesRequest()));
            Assert.Equal("RequestLimitExceeded", error.ErrorCode);
        }

        // A later cmdlet invocation: a new session, so a new client, on the same endpoint.
        var later = factory.CreateEc2(TestSessions.UsEast1(_server.Endpoint.ToString()));
        CapBackoff(later);
        var before = _server.Counters["ec2:DescribeInstances"];
        await Assert.ThrowsAsync<AmazonEC2Exception>(() => later.DescribeInstancesAsync(new DescribeInstancesRequest()));

        Assert.Equal(1 + AwsClientFactory.MaxErrorRetry, _server.Counters["ec2:DescribeInstances"] - before);
        Assert.Equal(41 * (1 + AwsClientFactory.MaxErrorRetry), _server.Counters.Throttled("ec2:DescribeInstances"));
    }

    [Fact]
    public void Clients_keep_no_process_wide_retry_quota()
    {
        var session = TestSessions.UsEast1(_server.Endpoint.ToString());
        var factory = new AwsClientFactory();
        foreach (var client in new object[] { factory.CreateEc2(session), factory.CreateSsm(session), factory.CreateInspector2(session) })
            Assert.False(((AmazonServiceClient)client).Config.ThrottleRetries, client.GetType().Name);
    }

    /// <summary>The SDK's backoff (up to 20 s a retry) capped at 1 ms: the same retries, without real waiting.</summary>
    private static void CapBackoff(IAmazonEC2 client)
    {
        var pipeline = (RuntimePipeline)typeof(AmazonServiceClient)
            .GetProperty("RuntimePipeline", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(client)!;
        foreach (var retry in pipeline.Handlers.OfType<RetryHandler>())
            ((StandardRetryPolicy)retry.RetryPolicy).MaxBackoffInMilliseconds = 1;
    }
}
