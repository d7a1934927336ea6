using AwsPatch.Aws;
using AwsPatch.Rollouts;
using AwsPatch.Tests.Unit.Runs;

namespace AwsPatch.Tests.Unit.Rollouts;

/// <summary>How a rollout's record is written to Parameter Store: the plan alone first, then the rest a few at once.</summary>
public class RolloutRecordStoreTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FakeParameterStore _parameters = new();
    private readonly HeldParameterStore _held;

    public RolloutRecordStoreTests() => _held = new HeldParameterStore(_parameters);

    private static string Id(int n) => $"i-{n:x17}";

    private static PatchRolloutWave Wave(int wave, string name, int first, int last) => new()
    {
        Wave = wave, Name = name, InstanceIds = Enumerable.Range(first, last - first + 1).Select(Id).ToList(), MaxErrors = "0", RunId = RolloutIds.WaveRunId("ro-writes", wave),
    };

    /// <summary>The bench's shape: canary 10, staging 90, production 900.</summary>
    private static RolloutRecord Record() => new()
    {
        RolloutId = "ro-writes",
        Region = "us-east-1",
        PatchSnapshotId = "7f5e1d2c-0000-4000-8000-000000000001",
        StartedAt = new DateTime(2026, 12, 4, 2, 0, 0, DateTimeKind.Utc),
        Waves = [Wave(1, "canary", 1, 10), Wave(2, "staging", 11, 100), Wave(3, "production", 101, 1000)],
    };

    [Fact]
    public async Task The_plan_claims_the_id_alone_then_the_waves_go_four_writes_at_a_time_and_read_back_whole()
    {
        var record = Record();
        var create = new RolloutRecordStore(_held).CreateAsync(record, CancellationToken.None);

        // Nothing but the plan is written until Parameter Store has taken it (it is what makes a second create fail).
        await _held.Held.Issued(1).WaitAsync(Patience);
        Assert.Equal(["put " + RolloutRecord.PlanName("ro-writes")], _held.Held.Calls);
        _held.Held.Release(0);

        // Then four writes are out before any is answered.
        await _held.Held.Issued(1 + ParameterStoreLimits.CallsInFlight).WaitAsync(Patience);
        Assert.Equal(1 + ParameterStoreLimits.CallsInFlight, _held.Held.Calls.Count);
        _held.Held.ReleaseAll();
        await create;

        Assert.Equal(_parameters.Puts, _held.Held.Calls.Count);
        Assert.True(_parameters.Puts > 1 + ParameterStoreLimits.CallsInFlight, $"{_parameters.Puts} writes: more than one round");
        var read = await new RolloutRecordStore(_parameters).LoadAsync("ro-writes", CancellationToken.None);
        Assert.Equal(record.Waves.Select(w => (w.Name, string.Join(",", w.InstanceIds))), read!.Waves.Select(w => (w.Name, string.Join(",", w.InstanceIds))));
    }

    [Fact]
    public async Task A_write_that_fails_fails_the_create_once_the_writes_still_out_have_ended()
    {
        _held.FailPut = name => name == RolloutRecord.WavePath("ro-writes", 2) + "plan";
        _held.Held.ReleaseAll();

        var failure = await Assert.ThrowsAsync<AwsCallException>(() => new RolloutRecordStore(_held).CreateAsync(Record(), CancellationToken.None));

        Assert.Equal("ThrottlingException", failure.ErrorCode);
        Assert.All(_held.Held.Answers, answer => Assert.True(answer.IsCompleted));
    }

    [Fact]
    public async Task The_tested_set_goes_four_chunks_at_a_time_and_a_chunk_an_earlier_process_wrote_is_kept()
    {
        var tested = new Dictionary<string, IReadOnlyList<string>>
        {
            ["AmazonLinux2023"] = Enumerable.Range(1, 600).Select(n => $"kernel-6.1.{n}-1.amzn2023.x86_64").ToList(),
            ["Windows"] = [],
        };
        // A resumed wave writes the tested set again: the chunk the killed process got to stands.
        await _parameters.PutAsync(RolloutRecord.TestedName("ro-writes", 0), "AmazonLinux2023\tkernel-6.1.1-1.amzn2023.x86_64", "earlier", CancellationToken.None);

        var write = new RolloutRecordStore(_held).TestedAsync("ro-writes", tested, CancellationToken.None);
        await _held.Held.Issued(ParameterStoreLimits.CallsInFlight).WaitAsync(Patience);
        Assert.Equal(ParameterStoreLimits.CallsInFlight, _held.Held.Calls.Count);
        _held.Held.ReleaseAll();
        await write;

        var chunks = _parameters.Values.Where(p => p.Key.StartsWith(RolloutRecord.PathOf("ro-writes") + "tested/", StringComparison.Ordinal)).ToList();
        Assert.True(chunks.Count > ParameterStoreLimits.CallsInFlight, $"{chunks.Count} chunks: more than one round");
        Assert.Equal("AmazonLinux2023\tkernel-6.1.1-1.amzn2023.x86_64", chunks[0].Value);
        Assert.Equal(chunks.Count, _held.Held.Calls.Count);
    }
}
