using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Tests.Unit.Session;

public class SessionFanOutTests
{
    private static readonly string[] Regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];

    [Fact]
    public async Task Sessions_that_outrun_a_slow_consumer_wait_for_it_so_what_is_held_stays_bounded()
    {
        const int perSession = 3_000;
        var sessions = Regions.Select(r => TestSessions.Resolve(r)).ToList();
        long produced = 0;
        async IAsyncEnumerable<Outcome<string>> Work(AwsSession session, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            for (var i = 0; i < perSession; i++)
            {
                Interlocked.Increment(ref produced);
                yield return Outcome<string>.Success($"{session.RegionName}/{i}");
            }
        }

        var consumed = 0;
        long mostAhead = 0;
        await foreach (var outcome in SessionFanOut.RunAsync(sessions, Work, sessions.Count, CancellationToken.None))
        {
            consumed++;
            mostAhead = Math.Max(mostAhead, Interlocked.Read(ref produced) - consumed);
            await Task.Yield();   // a consumer slower than the producers (a pipeline writing objects)
        }

        Assert.Equal(sessions.Count * perSession, consumed);
        // Queued results, plus the one each session holds while it waits for room.
        Assert.InRange(mostAhead, 0, SessionFanOut.ResultsHeld + sessions.Count);
    }
}
