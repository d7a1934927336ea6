using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Tests.Unit.Instances;

namespace AwsPatch.Tests.Unit.Waiting;

/// <summary>The transient-retry policy of a workflow's non-poll calls: budget, back-off and outage rule, all on the wait clock.</summary>
public class CallRetryTests
{
    private readonly FakeWaitClock _clock = new();
    private readonly CollectingReporter _reporter = new();

    private CallRetry Workflow(TimeSpan deadline) => new(_clock, _reporter, "Run run-x", _clock.UtcNow + deadline, () => 0.5);

    private static AwsCallException Failure(AwsErrorKind kind, string code = "ThrottlingException", int status = 400) =>
        new("ssm:PutParameter", kind, code, "failed") { HttpStatus = status };

    /// <summary>A call that fails <paramref name="failures"/> times, then answers "ok".</summary>
    private static Func<Task<string>> FailingThen(int failures, AwsCallException failure, Action? onCall = null)
    {
        var left = failures;
        return () =>
        {
            onCall?.Invoke();
            return left-- > 0 ? throw failure : Task.FromResult("ok");
        };
    }

    [Fact]
    public async Task A_throttled_call_is_tried_again_after_a_backoff_and_one_warning_names_it()
    {
        var retry = Workflow(TimeSpan.FromHours(1));

        Assert.Equal("ok", await retry.RunAsync(FailingThen(1, Failure(AwsErrorKind.Throttled)), CancellationToken.None));
        Assert.Equal("ok", await retry.RunAsync(FailingThen(1, Failure(AwsErrorKind.ServiceFault, "InternalServerError", 500)), CancellationToken.None));

        Assert.Equal(2, retry.Retries);
        var warning = Assert.Single(_reporter.Warnings);   // the second retried call goes to verbose
        Assert.StartsWith("Run run-x: ssm:PutParameter failed (ThrottlingException, HTTP 400) and answered when tried again", warning);
        Assert.Equal([TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1.5)], _clock.Delays);   // 2 s with the jitter at 0.5: 1.5 s
    }

    [Fact]
    public async Task A_refusal_is_thrown_at_once_without_a_retry()
    {
        var retry = Workflow(TimeSpan.FromHours(1));
        var calls = 0;

        await Assert.ThrowsAsync<AwsCallException>(() => retry.RunAsync(FailingThen(1, Failure(AwsErrorKind.AccessDenied, "AccessDeniedException"), () => calls++), CancellationToken.None));

        Assert.Equal(1, calls);
        Assert.Empty(_clock.Delays);
        Assert.Empty(_reporter.Warnings);
    }

    [Fact]
    public async Task Two_failed_rounds_in_a_row_count_as_an_outage_until_a_call_answers_again()
    {
        var retry = Workflow(TimeSpan.FromHours(1));
        var calls = 0;
        var down = Failure(AwsErrorKind.ServiceFault, "InternalServerError", 500);

        await Assert.ThrowsAsync<AwsCallException>(() => retry.RunAsync(FailingThen(100, down, () => calls++), CancellationToken.None));
        Assert.Equal(2, calls);          // one retry, not a retry per back-off until the hour is up
        await Assert.ThrowsAsync<AwsCallException>(() => retry.RunAsync(FailingThen(100, down, () => calls++), CancellationToken.None));
        Assert.Equal(3, calls);          // still down: one round only
        Assert.Empty(_reporter.Warnings); // the callers report what failed; nothing answered, so nothing to warn of here

        Assert.Equal("ok", await retry.RunAsync(FailingThen(0, down), CancellationToken.None));
        Assert.Equal("ok", await retry.RunAsync(FailingThen(1, down, () => calls++), CancellationToken.None));
        Assert.Equal(5, calls);          // answered again: retries are back
    }

    [Fact]
    public async Task A_call_is_tried_at_most_MaxRounds_times_when_other_calls_answer_in_between()
    {
        var retry = Workflow(TimeSpan.FromHours(1));
        var calls = 0;
        var call = FailingThen(100, Failure(AwsErrorKind.Throttled), () => calls++);

        await Assert.ThrowsAsync<AwsCallException>(() => retry.RunAsync(async () =>
        {
            try
            {
                return await call();
            }
            finally
            {
                await retry.RunAsync(() => Task.FromResult("other"), CancellationToken.None);   // another call of the workflow answers
            }
        }, CancellationToken.None));

        Assert.Equal(CallRetry.MaxRounds, calls);
    }

    [Fact]
    public async Task No_retry_starts_past_the_deadline()
    {
        var retry = Workflow(TimeSpan.FromSeconds(1));   // a back-off of 1.5 s would end past it
        var calls = 0;

        await Assert.ThrowsAsync<AwsCallException>(() => retry.RunAsync(FailingThen(1, Failure(AwsErrorKind.Throttled), () => calls++), CancellationToken.None));

        Assert.Equal(1, calls);
        Assert.Empty(_clock.Delays);
    }

    [Fact]
    public async Task A_listing_retries_within_its_budget_of_seconds_only_and_warns_of_nothing()
    {
        var retry = CallRetry.Listing(_clock);
        Assert.Equal("ok", await retry.RunAsync(FailingThen(1, Failure(AwsErrorKind.Throttled)), CancellationToken.None));

        // A call whose first answer took longer than the budget (the SDK's own retries) is not tried again.
        var calls = 0;
        var slow = FailingThen(1, Failure(AwsErrorKind.Throttled), () => { calls++; _clock.DelayAsync(CallRetry.ListingBudget, CancellationToken.None); });
        await Assert.ThrowsAsync<AwsCallException>(() => retry.RunAsync(slow, CancellationToken.None));

        Assert.Equal(1, calls);
        Assert.Empty(_reporter.Warnings);
    }

    [Fact]
    public async Task Before_a_retry_the_caller_may_find_that_the_failed_call_was_carried_out()
    {
        var retry = Workflow(TimeSpan.FromHours(1));
        var sends = 0;

        var result = await retry.RunAsync(() => { sends++; return sends == 1 ? throw Failure(AwsErrorKind.ServiceFault, "InternalServerError", 500) : Task.FromResult("second"); },
            CancellationToken.None, failure => Task.FromResult<string?>("found"));

        Assert.Equal("found", result);
        Assert.Equal(1, sends);
    }
}
