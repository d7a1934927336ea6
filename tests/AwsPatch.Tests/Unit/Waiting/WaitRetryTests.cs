using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Tests.Unit.Instances;

namespace AwsPatch.Tests.Unit.Waiting;

public class WaitRetryTests
{
    private readonly FakeWaitClock _clock = new();
    private readonly CollectingReporter _reporter = new();

    private WaitRetry Retry(TimeSpan timeout, TimeSpan poll, double random = 0.5) =>
        new(_clock, _reporter, "run run-x", _clock.UtcNow + timeout, poll, () => random);

    private static AwsCallException Failure(AwsErrorKind kind, string? code = "ThrottlingException", int? status = 400) =>
        new("ssm:ListCommandInvocations", kind, code, "failed") { HttpStatus = status };

    [Theory]
    [InlineData(AwsErrorKind.Throttled, true)]
    [InlineData(AwsErrorKind.ServiceFault, true)]
    [InlineData(AwsErrorKind.Network, true)]
    [InlineData(AwsErrorKind.Timeout, true)]
    [InlineData(AwsErrorKind.AccessDenied, false)]
    [InlineData(AwsErrorKind.NotFound, false)]
    [InlineData(AwsErrorKind.InvalidInput, false)]
    [InlineData(AwsErrorKind.ExpiredCredentials, false)]
    public void Only_busy_or_unreachable_services_are_polled_again(AwsErrorKind kind, bool transient) =>
        Assert.Equal(transient, WaitRetry.IsTransient(Failure(kind)));

    [Fact]
    public void The_backoff_doubles_from_the_poll_interval_is_capped_and_jittered_between_half_and_all()
    {
        var low = Retry(TimeSpan.FromHours(1), TimeSpan.FromSeconds(10), random: 0);
        var high = Retry(TimeSpan.FromHours(1), TimeSpan.FromSeconds(10), random: 0.999999);

        Assert.Equal(TimeSpan.FromSeconds(10), low.Backoff(1));
        Assert.InRange(high.Backoff(1), TimeSpan.FromSeconds(19.9), TimeSpan.FromSeconds(20));
        Assert.Equal(TimeSpan.FromSeconds(20), low.Backoff(2));
        Assert.Equal(TimeSpan.FromSeconds(30), low.Backoff(10));   // capped at a minute, then halved by the jitter's floor
        Assert.InRange(high.Backoff(100), TimeSpan.FromSeconds(59.9), WaitRetry.MaxBackoff);
        // A sub-second poll interval still backs off by at least a second's worth.
        Assert.Equal(TimeSpan.FromSeconds(1), Retry(TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(100), random: 0).Backoff(1));
    }

    [Fact]
    public async Task Many_failures_make_one_warning_naming_the_call_and_its_code_and_status()
    {
        var retry = Retry(TimeSpan.FromHours(1), TimeSpan.FromSeconds(10));

        for (var i = 0; i < 5; i++)
            Assert.True(await retry.BackOffAsync(Failure(AwsErrorKind.Throttled), CancellationToken.None));

        var warning = Assert.Single(_reporter.Warnings);
        Assert.StartsWith("Waiting for run run-x: ssm:ListCommandInvocations failed (ThrottlingException, HTTP 400)", warning);
        Assert.Equal(5, _clock.Delays.Count);
        Assert.Equal(5, retry.ConsecutiveFailures);
        retry.Succeeded();
        Assert.Equal(0, retry.ConsecutiveFailures);
    }

    [Fact]
    public async Task Backing_off_never_passes_the_deadline()
    {
        var retry = Retry(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(10), random: 0.999);
        var deadline = retry.Deadline;

        Assert.True(await retry.BackOffAsync(Failure(AwsErrorKind.ServiceFault, null, 503), CancellationToken.None));   // ~20 s
        Assert.True(await retry.BackOffAsync(Failure(AwsErrorKind.ServiceFault, null, 503), CancellationToken.None));   // the 5 s left
        Assert.Equal(deadline, _clock.UtcNow);
        Assert.True(retry.Expired);
        Assert.False(await retry.BackOffAsync(Failure(AwsErrorKind.ServiceFault, null, 503), CancellationToken.None));
        Assert.Equal(2, _clock.Delays.Count);
        Assert.Contains("(HTTP 503)", Assert.Single(_reporter.Warnings));
    }
}
