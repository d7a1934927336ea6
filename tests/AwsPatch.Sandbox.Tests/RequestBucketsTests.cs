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
        Assert.Equal((50, 10.0), buckets.LimitOf("ec2:DescribeInstances" + RequestBuckets.UnfilteredSuffix));
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

    [Fact]
    public void The_assumed_buckets_add_SSM_and_Inspector2_which_publish_no_rates()
    {
        var buckets = RequestBuckets.Assumed();

        Assert.Equal((100, 5.0), buckets.LimitOf("ec2:CreateSnapshots"));
        Assert.Equal((40, 20.0), buckets.LimitOf("ssm:DescribeInstanceInformation"));
        Assert.Equal((40, 20.0), buckets.LimitOf("ssm:ListCommandInvocations"));
        Assert.Equal((10, 5.0), buckets.LimitOf("ssm:SendCommand"));
        Assert.Equal((20, 10.0), buckets.LimitOf("inspector2:ListFindings"));
        Assert.Equal((3, 1.0), buckets.Set("ssm:SendCommand", 3, 1).LimitOf("ssm:SendCommand"));
    }

    [Fact]
    public async Task An_unfiltered_unpaginated_Describe_draws_from_its_own_bucket_of_fifty()
    {
        var time = new ManualTime();
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Buckets = RequestBuckets.Ec2Documented(time) });
        using var http = new SandboxHttp(server.Endpoint);

        var unfiltered = new List<int>();
        for (var n = 0; n < 51; n++) unfiltered.Add((await http.Ec2Async("DescribeInstances")).Status);
        var paged = (await http.Ec2Async("DescribeInstances", [new("MaxResults", "5")])).Status;
        var filtered = (await http.Ec2Async("DescribeInstances", [new("Filter.1.Name", "instance-state-name"), new("Filter.1.Value.1", "running")])).Status;

        Assert.All(unfiltered.Take(50), status => Assert.Equal(200, status));
        Assert.Equal(503, unfiltered[50]);
        Assert.Equal((200, 200), (paged, filtered));
        time.Move(TimeSpan.FromSeconds(0.1));   // one token at 10 a second
        Assert.Equal(200, (await http.Ec2Async("DescribeInstances")).Status);
    }

    [Fact]
    public async Task SSM_under_the_assumed_buckets_answers_ThrottlingException_400()
    {
        var time = new ManualTime();
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Buckets = RequestBuckets.Assumed(time).Set("ssm:DescribeInstanceInformation", 2, 1) });
        using var http = new SandboxHttp(server.Endpoint);

        await http.SsmAsync("DescribeInstanceInformation");
        await http.SsmAsync("DescribeInstanceInformation");
        var (status, json) = await http.SsmAsync("DescribeInstanceInformation");

        Assert.Equal((400, "ThrottlingException"), (status, json.GetProperty("__type").GetString()));
    }

    [Fact]
    public void The_standalone_switches_for_the_assumed_buckets_and_one_operations_own()
    {
        var assumed = SandboxCommandLine.Parse(["--aws-buckets", "--bucket", "ssm:SendCommand=3/0.5"], DateTime.UtcNow).Options.Buckets!;
        var own = SandboxCommandLine.Parse(["--bucket", "ec2:CreateSnapshots=10/2"], DateTime.UtcNow).Options.Buckets!;

        Assert.Equal((3, 0.5), assumed.LimitOf("ssm:SendCommand"));
        Assert.Equal((40, 20.0), assumed.LimitOf("ssm:DescribeInstanceInformation"));
        Assert.Equal((10, 2.0), own.LimitOf("ec2:CreateSnapshots"));
        Assert.Null(own.LimitOf("ec2:DescribeInstances"));
        var bad = Assert.Throws<ArgumentException>(() => SandboxCommandLine.Parse(["--bucket", "SendCommand=ten"], DateTime.UtcNow));
        Assert.Contains("OPERATION=BURST/PER-SECOND", bad.Message);
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        public void Move(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
