using AwsPatch.Aws;

namespace AwsPatch.Tests.Unit.Session;

/// <summary>The module's one client-side rate limiter, on a clock the test moves (waiting moves it).</summary>
public sealed class RequestPacerTests
{
    private TimeSpan _now;
    private readonly List<TimeSpan> _waits = [];

    private RequestPacer Pacer() => new(() => _now, (wait, _) =>
    {
        _waits.Add(wait);
        _now += wait;
        return Task.CompletedTask;
    });

    [Fact]
    public async Task CreateSnapshots_go_100_at_once_then_5_a_second()
    {
        var pacer = Pacer();
        var session = TestSessions.UsEast1("http://localhost:1/");

        for (var i = 0; i < 110; i++)
            await pacer.WaitAsync(session, "ec2:CreateSnapshots", CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(2), _now);   // 100 from the burst, 10 more at 5 a second
        Assert.Equal(10, _waits.Count);
        Assert.Equal(5, RequestPacer.InFlight("ec2:CreateSnapshots", 8));
        Assert.Equal(8, RequestPacer.InFlight("ssm:SendCommand", 8));
    }

    [Fact]
    public async Task A_throttled_answer_empties_the_bucket_of_that_operation_and_region_only()
    {
        var pacer = Pacer();
        var session = TestSessions.UsEast1("http://localhost:1/");
        var other = TestSessions.Resolve("eu-west-1", "http://localhost:1/");

        await pacer.WaitAsync(session, "ec2:CreateSnapshots", CancellationToken.None);
        pacer.Throttled(session, "ec2:CreateSnapshots");
        await pacer.WaitAsync(other, "ec2:CreateSnapshots", CancellationToken.None);
        await pacer.WaitAsync(session, "ec2:DescribeSnapshots", CancellationToken.None);
        Assert.Empty(_waits);

        await pacer.WaitAsync(session, "ec2:CreateSnapshots", CancellationToken.None);
        Assert.Equal([TimeSpan.FromSeconds(0.2)], _waits);
    }

    [Fact]
    public async Task Operations_AWS_documents_no_bucket_for_are_not_paced()
    {
        var pacer = Pacer();
        var session = TestSessions.UsEast1();
        for (var i = 0; i < 500; i++)
            await pacer.WaitAsync(session, "ssm:SendCommand", CancellationToken.None);
        Assert.Empty(_waits);
        Assert.Null(RequestPacer.LimitOf("inspector2:ListFindings"));
        Assert.Equal(20, RequestPacer.LimitOf("ec2:DescribeInstances")!.PerSecond);
        Assert.Equal(50, RequestPacer.LimitOf("ec2:CreateReplaceRootVolumeTask")!.Burst);
    }
}
