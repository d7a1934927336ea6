using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>Issue 15 / issue 11 item 4: the sandbox throttles EC2 with AWS's documented token buckets when asked.</summary>
public sealed class RequestBucketsTests
{
    [Fact]
    public void The_documented_EC2_buckets()
    {
        var buckets = RequestBuckets.Ec2Documented();

        Assert.Equal((100, 5.0), buckets.LimitOf("ec2:CreateSnapshots"));
        Assert.Equal((100, 5.0), buckets.LimitOf("ec2:CreateSnapshot"));
        Assert.Equal((100, 5.0), buckets.LimitOf("ec2:DeleteSnapshot"));
        Assert.Equal((100, 10.0), buckets.LimitOf("ec2:CreateTags"));
        Assert.Equal((100, 20.0), buckets.LimitOf("ec2:DescribeInstances"));
        Assert.Equal((50, 5.0), buckets.LimitOf("ec2:CreateReplaceRootVolumeTask"));
        Assert.Null(buckets.LimitOf("ssm:SendCommand"));
        Assert.Null(RequestBuckets.None().LimitOf("ec2:CreateSnapshots"));
    }

    [Fact]
    public async Task An_empty_bucket_answers_RequestLimitExceeded_in_EC2s_error_shape_until_it_refills()
    {
        var time = new ManualTime();
        await using var server = await SandboxServer.StartAsync(new SandboxOptions
        {
            Buckets = RequestBuckets.None(time).Set("ec2:DescribeInstances", burst: 2, perSecond: 4),
        });
        using var http = new SandboxHttp(server.Endpoint);

        Assert.Equal(200, (await http.Ec2Async("DescribeInstances")).Status);
        Assert.Equal(200, (await http.Ec2Async("DescribeInstances")).Status);
        var (status, xml) = await http.Ec2Async("DescribeInstances");
        Assert.Equal(503, status);
        Assert.Equal("RequestLimitExceeded", SandboxHttp.ErrorCode(xml));
        Assert.False(string.IsNullOrEmpty(xml.Root?.Element("RequestID")?.Value));
        // Another region has its own bucket; another operation has none.
        Assert.Equal(200, (await http.Ec2Async("DescribeInstances", region: "eu-west-1")).Status);
        Assert.Equal(200, (await http.Ec2Async("DescribeVolumes")).Status);

        time.Move(TimeSpan.FromSeconds(0.25));   // one token at 4 a second
        Assert.Equal(200, (await http.Ec2Async("DescribeInstances")).Status);
        Assert.Equal(503, (await http.Ec2Async("DescribeInstances")).Status);

        Assert.Equal(2, server.Counters.Throttled("ec2:DescribeInstances"));
        Assert.Equal(6, server.Counters["ec2:DescribeInstances"]);   // counted over both regions
        server.Reset();   // refills
        Assert.Equal(200, (await http.Ec2Async("DescribeInstances")).Status);
    }

    [Fact]
    public void The_standalone_switch_turns_on_the_documented_buckets()
    {
        Assert.Null(SandboxCommandLine.Parse([], DateTime.UtcNow).Options.Buckets);
        var buckets = SandboxCommandLine.Parse(["--ec2-buckets"], DateTime.UtcNow).Options.Buckets;
        Assert.Equal((100, 5.0), buckets!.LimitOf("ec2:CreateSnapshots"));
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        public void Move(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
