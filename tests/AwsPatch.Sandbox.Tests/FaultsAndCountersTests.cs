using System.Net.Http.Json;
using System.Text.Json;
using static AwsPatch.Tests.Sandbox.SandboxHttp;

namespace AwsPatch.Tests.Sandbox;

/// <summary>Fault injection, request counters, the simulated clock and the /_sandbox control API.</summary>
public sealed class FaultsAndCountersTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxHttp _http = new(fixture.Server.Endpoint);

    public void Dispose()
    {
        fixture.Server.Faults.Clear();
        _http.Dispose();
    }

    [Fact]
    public async Task ThrottlingUsesEachServicesRealCodeAndStatus()
    {
        fixture.Server.Faults.For("ec2:DescribeInstances").ThrottleRate = 1.0;
        fixture.Server.Faults.For("ssm:DescribeInstanceInformation").ThrottleRate = 1.0;

        var (ec2Status, ec2) = await _http.Ec2Async("DescribeInstances");
        var (volumesStatus, _) = await _http.Ec2Async("DescribeVolumes");
        var (ssmStatus, ssm) = await _http.SsmAsync("DescribeInstanceInformation");

        Assert.Equal(503, ec2Status);
        Assert.Equal("RequestLimitExceeded", ErrorCode(ec2));
        Assert.Equal(200, volumesStatus);
        Assert.Equal(400, ssmStatus);
        Assert.Equal("ThrottlingException", ssm.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task DeniedAnswersWithEachServicesRealAccessDeniedError()
    {
        fixture.Server.Faults.For("ec2:DescribeInstances").Denied = true;
        fixture.Server.Faults.For("ssm:DescribeInstanceInformation").Denied = true;

        var (ec2Status, ec2) = await _http.Ec2Async("DescribeInstances");
        var (volumesStatus, _) = await _http.Ec2Async("DescribeVolumes");
        var (ssmStatus, ssm) = await _http.SsmAsync("DescribeInstanceInformation");

        Assert.Equal(403, ec2Status);
        Assert.Equal("UnauthorizedOperation", ErrorCode(ec2));
        Assert.Equal(200, volumesStatus);
        Assert.Equal(400, ssmStatus);
        Assert.Equal("AccessDeniedException", ssm.GetProperty("__type").GetString());
        Assert.Contains("not authorized to perform: ssm:DescribeInstanceInformation", ssm.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AdvancePerRequestMovesSimulatedTimeOnceForEveryAwsRequest()
    {
        var clock = fixture.Server.Clock;
        var before = clock.UtcNow;
        clock.AdvancePerRequest = TimeSpan.FromMinutes(2);
        try
        {
            await _http.Ec2Async("DescribeInstances");
            await _http.SsmAsync("DescribeInstanceInformation");
            await _http.Ec2Async("DescribeVolumes");
        }
        finally
        {
            clock.AdvancePerRequest = TimeSpan.Zero;
        }
        Assert.Equal(before + TimeSpan.FromMinutes(6), clock.UtcNow);

        await _http.Ec2Async("DescribeVolumes");
        Assert.Equal(before + TimeSpan.FromMinutes(6), clock.UtcNow);
    }

    [Fact]
    public async Task ServerErrorsUseEachServicesReal5xx()
    {
        fixture.Server.Faults.Default.ServerErrorRate = 1.0;

        var (ec2Status, ec2) = await _http.Ec2Async("DescribeVolumes");
        var (ssmStatus, ssm) = await _http.SsmAsync("DescribeInstanceInformation");

        Assert.Equal(500, ec2Status);
        Assert.Equal("InternalError", ErrorCode(ec2));
        Assert.Equal(500, ssmStatus);
        Assert.Equal("InternalServerError", ssm.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task PartialRatesAreRepeatableForTheSameSeed()
    {
        async Task<string> RunAsync()
        {
            fixture.Server.Faults.Clear();
            fixture.Server.Faults.Default.ThrottleRate = 0.5;
            var outcomes = new List<int>();
            for (var i = 0; i < 12; i++) outcomes.Add((await _http.Ec2Async("DescribeInstanceStatus")).Status);
            return string.Join(",", outcomes);
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains("200", first);
        Assert.Contains("503", first);
    }

    [Fact]
    public async Task CountersCountPerOperationIncludingFaultedCalls()
    {
        var counters = fixture.Server.Counters;
        counters.Reset();
        fixture.Server.Faults.For("ec2:DescribeVolumes").ThrottleRate = 1.0;

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _http.Ec2Async("DescribeInstances")));
        await _http.Ec2Async("DescribeVolumes");
        await _http.SsmAsync("DescribeInstanceInformation");
        await _http.Ec2Async("DescribeInstances", authorization: null);

        Assert.Equal(3, counters["ec2:DescribeInstances"]);
        Assert.Equal(1, counters["ec2:DescribeVolumes"]);
        Assert.Equal(1, counters["ssm:DescribeInstanceInformation"]);
        Assert.Equal(0, counters["ec2:RunInstances"]);
        Assert.Equal(5, counters.Total);
        Assert.Equal(5, counters.Reads);
        Assert.Equal(0, counters.Writes);
    }

    [Fact]
    public async Task AThrottleRateOnOneSsmOperationThrottlesThatShareOnlyAndCountsEachThrottle()
    {
        var counters = fixture.Server.Counters;
        counters.Reset();
        using var client = new HttpClient { BaseAddress = fixture.Server.Endpoint };
        (await client.PostAsJsonAsync("/_sandbox/faults", new
        {
            operations = new Dictionary<string, object> { ["ssm:ListCommandInvocations"] = new { throttleRate = 0.25 } },
        })).EnsureSuccessStatusCode();

        var throttled = 0;
        for (var i = 0; i < 200; i++)
        {
            var (status, json) = await _http.SsmAsync("ListCommandInvocations");
            if (status == 200) continue;
            throttled++;
            Assert.Equal(400, status);
            Assert.Equal("ThrottlingException", json.GetProperty("__type").GetString());
            Assert.Equal("Rate exceeded", json.GetProperty("message").GetString());
        }
        for (var i = 0; i < 20; i++)
            Assert.Equal(200, (await _http.SsmAsync("ListCommands")).Status);

        Assert.InRange(throttled, 25, 75);
        Assert.Equal(200, counters["ssm:ListCommandInvocations"]);
        Assert.Equal(throttled, counters.Throttled("ssm:ListCommandInvocations"));
        Assert.Equal(0, counters.Throttled("ssm:ListCommands"));
        using var document = JsonDocument.Parse(await client.GetStringAsync("/_sandbox/counters"));
        var listed = document.RootElement.GetProperty("throttled");
        Assert.Equal(throttled, listed.GetProperty("ssm:ListCommandInvocations").GetInt64());
        Assert.False(listed.TryGetProperty("ssm:ListCommands", out _));

        counters.Reset();
        Assert.Empty(counters.ThrottledSnapshot());
    }

    [Fact]
    public async Task ACountLimitsAnOperationsFaultsToABurstOfThatManyRequests()
    {
        using var client = new HttpClient { BaseAddress = fixture.Server.Endpoint };
        (await client.PostAsJsonAsync("/_sandbox/faults", new
        {
            operations = new Dictionary<string, object> { ["ssm:ListCommandInvocations"] = new { throttleRate = 1.0, count = 3 } },
        })).EnsureSuccessStatusCode();

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await _http.SsmAsync("ListCommandInvocations")).Status);

        Assert.Equal([400, 400, 400, 200, 200], statuses);
        using var document = JsonDocument.Parse(await client.GetStringAsync("/_sandbox/faults"));
        var left = document.RootElement.GetProperty("operations").GetProperty("ssm:ListCommandInvocations");
        Assert.Equal(0, left.GetProperty("count").GetInt32());
        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Server.Faults.For("ec2:DescribeInstances").Count = -1);
    }

    [Fact]
    public async Task ControlApiExposesCountersFaultsClockAndReset()
    {
        using var client = new HttpClient { BaseAddress = fixture.Server.Endpoint };
        var server = fixture.Server;

        var faults = await client.PostAsJsonAsync("/_sandbox/faults", new
        {
            @default = new { latencyMs = 1 },
            operations = new Dictionary<string, object> { ["ec2:DescribeInstances"] = new { throttleRate = 1.0 } },
        });
        faults.EnsureSuccessStatusCode();
        Assert.Equal(1.0, server.Faults.For("ec2:DescribeInstances").ThrottleRate);
        Assert.Equal(1, server.Faults.Default.LatencyMs);
        Assert.Equal(503, (await _http.Ec2Async("DescribeInstances")).Status);

        using var counters = JsonDocument.Parse(await client.GetStringAsync("/_sandbox/counters"));
        Assert.True(counters.RootElement.GetProperty("operations").GetProperty("ec2:DescribeInstances").GetInt64() >= 1);

        var before = server.Clock.UtcNow;
        (await client.PostAsync("/_sandbox/clock/advance?seconds=3600", null)).EnsureSuccessStatusCode();
        Assert.Equal(before.AddHours(1), server.Clock.UtcNow);

        server.State.RemoveInstance(server.State.Instances[0].InstanceId);
        (await client.PostAsync("/_sandbox/reset", null)).EnsureSuccessStatusCode();
        Assert.Equal(24, server.State.Instances.Count);
        Assert.Equal(0, server.Counters.Total);
        Assert.Null(server.Faults.Default.LatencyMs);
        Assert.Equal(server.State.ClockStart, server.Clock.UtcNow);
        Assert.Equal(200, (await _http.Ec2Async("DescribeInstances")).Status);
    }

    [Fact]
    public async Task InstancesAddedByATestAreServedImmediately()
    {
        var state = fixture.Server.State;
        var added = new AwsPatch.Sandbox.SandboxInstance
        {
            InstanceId = "i-0added0000000beef",
            Region = "eu-west-1",
            AvailabilityZone = "eu-west-1a",
            Tags = new() { ["Name"] = "added" },
            Volumes = [new() { VolumeId = "vol-0added0000000beef" }],
        };
        state.AddInstance(added);
        try
        {
            var (status, xml) = await _http.Ec2Async("DescribeInstances", [new("InstanceId.1", added.InstanceId)], region: "eu-west-1");
            Assert.Equal(200, status);
            Assert.Equal([added.InstanceId], InstanceIds(xml));
        }
        finally
        {
            state.RemoveInstance(added.InstanceId);
        }
    }

    [Fact]
    public async Task ConcurrentCallsAndFleetChangesStayConsistent()
    {
        var server = fixture.Server;
        server.Counters.Reset();
        var expected = server.State.InstancesIn("us-east-1").Count;

        var calls = Enumerable.Range(0, 60).Select(async n =>
        {
            if (n % 3 == 0) return (await _http.SsmAsync("DescribeInstanceInformation")).Status;
            var (status, xml) = await _http.Ec2Async(n % 3 == 1 ? "DescribeInstances" : "DescribeVolumes");
            if (n % 3 == 1) Assert.InRange(InstanceIds(xml).Count, expected, expected + 1);
            return status;
        });
        var churn = Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                server.State.Update(state => state.AddInstance(new AwsPatch.Sandbox.SandboxInstance { InstanceId = "i-0c0ffee000000beef", Region = "us-east-1" }));
                server.State.RemoveInstance("i-0c0ffee000000beef");
            }
        });

        var statuses = await Task.WhenAll(calls);
        await churn;

        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Equal(60, server.Counters.Total);
        Assert.Equal(20, server.Counters["ssm:DescribeInstanceInformation"]);
    }
}
