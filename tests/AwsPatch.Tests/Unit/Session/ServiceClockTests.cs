using Amazon.SimpleSystemsManagement.Model;
using AwsPatch.Aws;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Unit.Session;

public class ServiceClockTests
{
    private DateTime _local = new(2026, 12, 2, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Reads_the_machine_clock_until_a_response_tells_the_service_time_then_keeps_the_offset()
    {
        var clock = new ServiceClock(() => _local);
        Assert.Equal(_local, clock.UtcNow);

        clock.Observe(_local.AddDays(-40));
        _local = _local.AddMinutes(5);

        Assert.Equal(TimeSpan.FromDays(-40), clock.Offset);
        Assert.Equal(_local.AddDays(-40), clock.UtcNow);
    }

    [Theory]
    [InlineData("Date", "Sun, 01 Jun 2025 12:00:42 GMT", true)]
    [InlineData("date", "Sun, 01 Jun 2025 12:00:42 GMT", true)]
    [InlineData("Date", "yesterday", false)]
    [InlineData("X-Amz-Date", "Sun, 01 Jun 2025 12:00:42 GMT", false)]
    public void The_Date_header_is_read_in_RFC_1123_as_UTC(string name, string value, bool read)
    {
        var found = ServiceClock.TryReadDate(new Dictionary<string, string> { [name] = value }, out var date);

        Assert.Equal(read, found);
        if (read)
        {
            Assert.Equal(new DateTime(2025, 6, 1, 12, 0, 42, DateTimeKind.Utc), date);
            Assert.Equal(DateTimeKind.Utc, date.Kind);
        }
    }

    [Fact]
    public async Task Every_client_of_a_session_sets_the_sessions_clock_from_its_answers()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, ClockStart = DateTime.UtcNow.AddDays(3) });
        var factory = new AwsClientFactory();
        var session = TestSessions.UsEast1(server.Endpoint.ToString());
        var clock = factory.ClockOf(session);

        await factory.CreateEc2(session).DescribeInstancesAsync(new());
        var afterEc2 = clock.UtcNow;
        server.Clock.Advance(TimeSpan.FromDays(1));
        await factory.CreateSsm(session).DescribeInstanceInformationAsync(new DescribeInstanceInformationRequest());
        var afterSsm = clock.UtcNow;
        server.Clock.Advance(TimeSpan.FromDays(1));
        await factory.CreateInspector2(session).ListCoverageAsync(new AwsPatch.Aws.Inspector2.ListCoverageRequest(), CancellationToken.None);
        var afterInspector = clock.UtcNow;

        // The Date header has whole seconds; the rest is the time the test took.
        Assert.InRange(afterEc2 - server.Clock.UtcNow.AddDays(-2), TimeSpan.FromSeconds(-2), TimeSpan.FromSeconds(30));
        Assert.InRange(afterSsm - server.Clock.UtcNow.AddDays(-1), TimeSpan.FromSeconds(-2), TimeSpan.FromSeconds(30));
        Assert.InRange(afterInspector - server.Clock.UtcNow, TimeSpan.FromSeconds(-2), TimeSpan.FromSeconds(30));
        factory.Release(session);
        Assert.NotSame(clock, factory.ClockOf(session));
    }
}
