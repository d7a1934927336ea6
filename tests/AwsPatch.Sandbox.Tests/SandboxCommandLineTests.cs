using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>The standalone sandbox's arguments: a running clock from the real time by default, options to change or freeze it.</summary>
public sealed class SandboxCommandLineTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 1, 15, 30, DateTimeKind.Utc);

    [Fact]
    public void By_default_the_clock_starts_at_the_real_time_and_runs_at_the_standalone_rate()
    {
        var line = SandboxCommandLine.Parse([], Now);

        Assert.Equal(Now, line.Options.ClockStart);
        Assert.Equal(SandboxClock.StandaloneRate, line.Options.ClockRate);
        Assert.Equal(4566, line.Options.Port);
        Assert.False(line.Options.PatchScanned);
        Assert.Contains("runs at 20x real time", line.ClockDescription(Now), StringComparison.Ordinal);
        Assert.Contains("2026-12-02 01:15:30Z", line.ClockDescription(Now), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--clock-rate", "0" }, 0.0)]
    [InlineData(new[] { "--freeze-clock" }, 0.0)]
    [InlineData(new[] { "--clock-rate", "60" }, 60.0)]
    [InlineData(new[] { "--clock-rate", "0.5" }, 0.5)]
    public void The_rate_can_be_changed_or_frozen(string[] args, double rate)
    {
        var line = SandboxCommandLine.Parse(args, Now);

        Assert.Equal(rate, line.Options.ClockRate);
        if (rate == 0)
            Assert.Contains("frozen", line.ClockDescription(Now), StringComparison.Ordinal);
    }

    [Fact]
    public void The_start_can_be_the_fleets_own_or_a_given_time()
    {
        Assert.Null(SandboxCommandLine.Parse(["--clock-start", "fleet"], Now).Options.ClockStart);
        Assert.Equal(Now, SandboxCommandLine.Parse(["--clock-start", "now"], Now).Options.ClockStart);
        var given = SandboxCommandLine.Parse(["--clock-start", "2025-06-01T12:00:00Z"], Now).Options.ClockStart;
        Assert.Equal(new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc), given);
        Assert.Equal(DateTimeKind.Utc, given!.Value.Kind);
    }

    [Fact]
    public void The_other_options_still_parse()
    {
        var line = SandboxCommandLine.Parse(["--port", "0", "--scanned", "--instances", "50", "--regions", "us-east-1, eu-west-1",
            "--findings", "10", "--latency-ms", "20", "--seconds-per-request", "15", "--fleet", "f.json"], Now);

        Assert.Equal(0, line.Options.Port);
        Assert.True(line.Options.PatchScanned);
        Assert.Equal(50, line.Options.GeneratedInstances);
        Assert.Equal(["us-east-1", "eu-west-1"], line.Options.GeneratedRegions);
        Assert.Equal(10, line.Options.GeneratedFindings);
        Assert.Equal(20, line.LatencyMs);
        Assert.Equal(15, line.SecondsPerRequest);
        Assert.Equal("f.json", line.Options.FleetPath);
        Assert.True(SandboxCommandLine.Parse(["--help"], Now).ShowHelp);
    }

    [Theory]
    [InlineData("--clock-rate", "-1")]
    [InlineData("--clock-rate", "fast")]
    [InlineData("--clock-start", "yesterday")]
    [InlineData("--port", "70000")]
    [InlineData("--bogus", null)]
    [InlineData("--clock-rate", null)]
    public void Bad_arguments_are_refused_with_a_message(string name, string? value)
    {
        string[] args = value is null ? [name] : [name, value];

        var error = Assert.Throws<ArgumentException>(() => SandboxCommandLine.Parse(args, Now));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_old_demo_argument_says_where_the_demo_is_now()
    {
        var error = Assert.Throws<ArgumentException>(() => SandboxCommandLine.Parse(["demo"], Now));

        Assert.Contains("dotnet run --project src/AwsPatch.Demo", error.Message, StringComparison.Ordinal);
        Assert.Contains("src/AwsPatch.Demo", SandboxCommandLine.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_usage_documents_the_clock_and_scanned_options()
    {
        foreach (var option in new[] { "--clock-rate", "--freeze-clock", "--clock-start", "--scanned", "--seconds-per-request" })
            Assert.Contains(option, SandboxCommandLine.Usage, StringComparison.Ordinal);
    }
}
