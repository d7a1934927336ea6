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
    public async Task Each_assumed_roles_account_has_its_own_bucket_in_a_region()
    {
        var pacer = Pacer();
        var resolver = new AwsSessionResolver(_ => null);
        AwsSession InAccount(string account) => resolver.Resolve(new AwsSessionRequest
        {
            AccessKey = "AKIDEXAMPLE", SecretKey = "unit-test-secret", Region = "us-east-1", EndpointUrl = "http://localhost:1/",
            RoleArn = $"arn:aws:iam::{account}:role/AwsPatch",
        });
        var first = InAccount("111111111111");
        var second = InAccount("222222222222");

        await pacer.WaitAsync(first, "ec2:CreateSnapshots", CancellationToken.None);
        pacer.Throttled(first, "ec2:CreateSnapshots");
        await pacer.WaitAsync(second, "ec2:CreateSnapshots", CancellationToken.None);
        await pacer.WaitAsync(TestSessions.UsEast1("http://localhost:1/"), "ec2:CreateSnapshots", CancellationToken.None);
        Assert.Empty(_waits);

        await pacer.WaitAsync(InAccount("111111111111"), "ec2:CreateSnapshots", CancellationToken.None);
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
