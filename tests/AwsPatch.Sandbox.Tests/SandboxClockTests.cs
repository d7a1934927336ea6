using System.Net;
using AwsPatch.Sandbox;


namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// The rate clock of the standalone sandbox, driven by an injected real-time source (no sleeping): simulated time
/// follows real time at the rate, freezes at zero, keeps Advance and the per-request step, and progresses state.
/// </summary>
public sealed class SandboxClockTests
{
    private static readonly DateTime Start = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_rate_clock_moves_rate_simulated_seconds_per_real_second()
    {
        var real = new ManualTime();
        var clock = new SandboxClock(Start, rate: 20, realTime: real);

        real.Move(TimeSpan.FromSeconds(3));

        Assert.Equal(Start.AddSeconds(60), clock.UtcNow);
        real.Move(TimeSpan.FromMilliseconds(500));
        Assert.Equal(Start.AddSeconds(70), clock.UtcNow);
    }

    [Fact]
    public void Rate_zero_is_frozen_and_the_default()
    {
        var real = new ManualTime();
        var frozen = new SandboxClock(Start, rate: 0, realTime: real);
        var byDefault = new SandboxClock(Start, realTime: real);

        real.Move(TimeSpan.FromHours(5));

        Assert.Equal(Start, frozen.UtcNow);
        Assert.Equal(Start, byDefault.UtcNow);
        Assert.Equal(0, byDefault.Rate);
    }

    [Fact]
    public async Task Advance_and_the_per_request_step_add_to_the_rate()
    {
        var real = new ManualTime();
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, ClockRate = 10, RealTime = real, ClockStart = Start });
        using var http = new SandboxHttp(server.Endpoint);
        server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(5);

        real.Move(TimeSpan.FromSeconds(1));
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        real.Move(TimeSpan.FromSeconds(1));
        await http.Ec2Async("DescribeInstances");

        Assert.Equal(Start.AddSeconds(10 + 60 + 10 + 5), server.Clock.UtcNow);
    }

    [Fact]
    public async Task The_control_API_sets_the_per_request_step_which_a_reset_keeps_like_the_command_line_option()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, ClockStart = Start });
        using var http = new SandboxHttp(server.Endpoint);
        using var control = new HttpClient { BaseAddress = server.Endpoint };

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await control.PostAsync("/_sandbox/clock/per-request?seconds=-1", null)).StatusCode);
        (await control.PostAsync("/_sandbox/clock/per-request?seconds=30", null)).EnsureSuccessStatusCode();
        await http.Ec2Async("DescribeInstances");
        await http.Ec2Async("DescribeInstances");
        // Control calls are not AWS requests: reading the clock does not move it.
        var shown = System.Text.Json.JsonDocument.Parse(await control.GetStringAsync("/_sandbox/clock")).RootElement;

        Assert.Equal(Start.AddSeconds(60), server.Clock.UtcNow);
        Assert.Equal(30, shown.GetProperty("secondsPerRequest").GetDouble());
        (await control.PostAsync("/_sandbox/reset", null)).EnsureSuccessStatusCode();
        await http.Ec2Async("DescribeInstances");
        Assert.Equal(Start.AddSeconds(30), server.Clock.UtcNow);
        (await control.PostAsync("/_sandbox/clock/per-request?seconds=0", null)).EnsureSuccessStatusCode();
        await http.Ec2Async("DescribeInstances");
        Assert.Equal(Start.AddSeconds(30), server.Clock.UtcNow);
    }

    [Fact]
    public void Changing_the_rate_keeps_the_time_already_run_and_applies_from_then_on()
    {
        var real = new ManualTime();
        var clock = new SandboxClock(Start, rate: 20, realTime: real);
        real.Move(TimeSpan.FromSeconds(2));

        clock.Rate = 0;
        real.Move(TimeSpan.FromMinutes(10));
        Assert.Equal(Start.AddSeconds(40), clock.UtcNow);

        clock.Rate = 1;
        real.Move(TimeSpan.FromSeconds(30));
        Assert.Equal(Start.AddSeconds(70), clock.UtcNow);
    }

    [Fact]
    public void Catching_up_raises_Advanced_once_with_the_new_time_and_not_when_nothing_moved()
    {
        var real = new ManualTime();
        var clock = new SandboxClock(Start, rate: 2, realTime: real);
        var seen = new List<DateTime>();
        clock.Advanced += seen.Add;

        clock.CatchUp();
        real.Move(TimeSpan.FromSeconds(30));
        clock.CatchUp();
        clock.CatchUp();

        Assert.Equal([Start.AddMinutes(1)], seen);
    }

    [Fact]
    public void Reset_returns_to_the_start_and_keeps_the_rate()
    {
        var real = new ManualTime();
        var clock = new SandboxClock(Start, rate: 20, realTime: real);
        real.Move(TimeSpan.FromMinutes(1));

        clock.Reset();
        Assert.Equal(Start, clock.UtcNow);
        real.Move(TimeSpan.FromSeconds(1));
        Assert.Equal(Start.AddSeconds(20), clock.UtcNow);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_negative_or_non_finite_rate_is_refused(double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SandboxClock(Start, rate));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SandboxClock(Start).Rate = rate);
    }

    [Fact]
    public async Task At_the_standalone_rate_an_install_of_the_staging_instances_finishes_within_a_minute_of_real_time()
    {
        var real = new ManualTime();
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, ClockRate = SandboxClock.StandaloneRate, RealTime = real, ClockStart = Start });
        using var http = new SandboxHttp(server.Endpoint);
        var staging = server.State.InstancesIn("us-east-1")
            .Where(i => i.Ssm is not null && i.Tags.TryGetValue("Environment", out var env) && env == "staging")
            .Select(i => i.InstanceId).ToArray();
        Assert.NotEmpty(staging);

        var (status, sent) = await http.SsmAsync("SendCommand", new
        {
            DocumentName = "AWS-RunPatchBaseline",
            InstanceIds = staging,
            Parameters = new { Operation = new[] { "Install" }, RebootOption = new[] { "NoReboot" } },
        });
        Assert.True(status == 200, sent.ToString());
        var commandId = sent.GetProperty("Command").GetProperty("CommandId").GetString();

        Assert.Equal("Pending", await StatusAsync(http, commandId));
        real.Move(TimeSpan.FromSeconds(59));
        Assert.Equal("Success", await StatusAsync(http, commandId));
    }

    [Fact]
    public async Task At_a_rate_set_through_the_control_API_signatures_from_the_real_time_or_a_recent_Date_stay_current()
    {
        // Simulated time months behind the real time, as the benchmark's fleet clock is.
        var real = new ManualTime();
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, RealTime = real, AuthTime = real, ClockStart = Start });
        using var http = new SandboxHttp(server.Endpoint);
        using var control = new HttpClient { BaseAddress = new Uri(server.Endpoint, "_sandbox/") };

        using var set = await control.PostAsync("clock/rate?value=60", null);
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        Assert.Equal(60, server.Clock.Rate);
        Assert.Equal(HttpStatusCode.BadRequest, (await control.PostAsync("clock/rate?value=-1", null)).StatusCode);

        // Half a real minute at 60x: half an hour of simulated time, a request (signed on the simulated Date, as the
        // AWS SDK does once it corrected its clock from the answers) every real second.
        var simulatedStart = new DateTimeOffset(server.Clock.UtcNow, TimeSpan.Zero);
        for (var second = 0; second < 30; second++)
        {
            var (status, body) = await http.SsmAsync("DescribeInstanceInformation", signedAt: new DateTimeOffset(server.Clock.UtcNow, TimeSpan.Zero));
            Assert.True(status == 200, body.ToString());
            real.Move(TimeSpan.FromSeconds(1));
        }
        var simulatedNow = new DateTimeOffset(server.Clock.UtcNow, TimeSpan.Zero);
        Assert.Equal(simulatedStart.AddMinutes(30), simulatedNow);

        // The Date shown 30 real seconds ago (30 simulated minutes before now) is current, as a 30-second-old signature
        // is on AWS; so is the real time. Fifteen minutes beyond either end is not.
        var (recentDate, _) = await http.SsmAsync("DescribeInstanceInformation", signedAt: simulatedStart);
        var (realTime, _) = await http.SsmAsync("DescribeInstanceInformation", signedAt: real.GetUtcNow());
        var (tooOld, _) = await http.SsmAsync("DescribeInstanceInformation", signedAt: simulatedStart.AddMinutes(-20));
        var (tooNew, _) = await http.SsmAsync("DescribeInstanceInformation", signedAt: real.GetUtcNow().AddMinutes(20));
        Assert.Equal((200, 200, 400, 400), (recentDate, realTime, tooOld, tooNew));
    }

    [Fact]
    public async Task In_process_servers_keep_time_still_unless_a_test_asks()
    {
        var real = new ManualTime();
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, RealTime = real });
        var before = server.Clock.UtcNow;

        real.Move(TimeSpan.FromHours(1));
        using var http = new SandboxHttp(server.Endpoint);
        await http.Ec2Async("DescribeInstances");

        Assert.Equal(before, server.Clock.UtcNow);
    }

    private static async Task<string?> StatusAsync(SandboxHttp http, string? commandId)
    {
        var (_, listed) = await http.SsmAsync("ListCommands", new { CommandId = commandId });
        return listed.GetProperty("Commands")[0].GetProperty("Status").GetString();
    }

    /// <summary>Real time that moves only when the test says.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        public void Move(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
