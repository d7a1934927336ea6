using AwsPatch.Rollouts;
using AwsPatch.Tests.Unit.Runs;

namespace AwsPatch.Tests.Unit.Rollouts;

/// <summary>
/// What a rollout's record keeps so a later wave (in this process or a resumed one) need not ask AWS again: which
/// instances of a finished wave passed it, and each instance's platform as the rollout's check read it; both within
/// Parameter Store's value limit, and records written before they were kept still read.
/// </summary>
public class RolloutRecordWaveTests
{
    private static List<string> Ids(int count, int from = 0) => Enumerable.Range(from, count).Select(i => $"i-{i:x17}").ToList();

    private static RolloutRecord Record(IReadOnlyList<string> canary, IReadOnlyList<string> staging, IReadOnlyDictionary<string, string>? platforms = null) => new()
    {
        RolloutId = "ro-waves",
        Region = "us-east-1",
        PatchSnapshotId = Guid.NewGuid().ToString(),
        StartedAt = new DateTime(2026, 12, 4, 2, 0, 0, DateTimeKind.Utc),
        Waves =
        [
            new PatchRolloutWave { Wave = 1, Name = "canary", InstanceIds = canary, MaxErrors = "1", RunId = "ro-waves-w1" },
            new PatchRolloutWave { Wave = 2, Name = "staging", InstanceIds = staging, MaxErrors = "0", RunId = "ro-waves-w2" },
        ],
        Platforms = platforms ?? new Dictionary<string, string>(),
    };

    private static async Task<RolloutRecord> Load(FakeParameterStore parameters, string rolloutId = "ro-waves") =>
        (await new RolloutRecordStore(parameters).LoadAsync(rolloutId, CancellationToken.None))!;

    [Fact]
    public async Task A_wave_that_passed_within_MaxErrors_reads_back_which_of_its_instances_passed()
    {
        var canary = Ids(3);
        var parameters = new FakeParameterStore();
        var store = new RolloutRecordStore(parameters);
        var record = Record(canary, Ids(2, 10));
        await store.CreateAsync(record, CancellationToken.None);
        await store.FinishedAsync(record.RolloutId, 1, new WaveResult
        {
            State = WaveStates.Succeeded,
            Gates = ["Invocations: Passed (1 failed, within MaxErrors 1)", "AgentAndStatus: Passed"],
            FailedIds = [canary[1]],
        }, CancellationToken.None);

        var back = await Load(parameters);

        Assert.Equal([canary[1]], back.Results[1].FailedIds);
        Assert.Equal([canary[0], canary[2]], back.Results[1].PassedOf(back.Waves[0]));
    }

    [Fact]
    public async Task A_wave_with_more_failed_instances_than_one_value_holds_keeps_them_in_several_and_reads_them_back_in_order()
    {
        var canary = Ids(600);
        var parameters = new FakeParameterStore();
        var store = new RolloutRecordStore(parameters);
        var record = Record(canary, Ids(1, 1000));
        await store.CreateAsync(record, CancellationToken.None);
        var failed = canary.Where((_, i) => i % 2 == 0).ToList();   // 300 ids, about 6,000 characters
        await store.FinishedAsync(record.RolloutId, 1, new WaveResult { State = WaveStates.Failed, Gates = ["Invocations: Failed (300 instance(s))"], FailedIds = failed }, CancellationToken.None);

        var back = await Load(parameters);

        Assert.True(parameters.Values.Keys.Count(k => k.StartsWith(RolloutRecord.WavePath("ro-waves", 1) + "failed/", StringComparison.Ordinal)) > 1);
        Assert.All(parameters.Values.Values, v => Assert.True(v.Length <= 4096));
        Assert.Equal(failed, back.Results[1].FailedIds);
    }

    [Fact]
    public async Task A_record_from_before_passed_instances_were_kept_knows_them_only_when_every_gate_passed_outright()
    {
        var canary = Ids(2);
        var parameters = new FakeParameterStore();
        var record = Record(canary, Ids(1, 10));
        await new RolloutRecordStore(parameters).CreateAsync(record, CancellationToken.None);
        // As an older AwsPatch wrote them: no Failed count, no failed/ chunks.
        await parameters.PutAsync(RolloutRecord.WavePath("ro-waves", 1) + "result", "State=Succeeded\nRolledBack=0\nCompletedAt=\nGates=Invocations: Passed | AgentAndStatus: Passed", "old", CancellationToken.None);
        await parameters.PutAsync(RolloutRecord.WavePath("ro-waves", 2) + "result", "State=Succeeded\nRolledBack=0\nCompletedAt=\nGates=Invocations: Passed (1 failed, within MaxErrors 1)", "old", CancellationToken.None);

        var back = await Load(parameters);

        Assert.Null(back.Results[1].FailedIds);
        Assert.Equal(canary, back.Results[1].PassedOf(back.Waves[0]));
        Assert.Null(back.Results[2].PassedOf(back.Waves[1]));   // which one failed is not known: none counts as tested
    }

    [Fact]
    public async Task Each_instance_platform_is_kept_in_about_a_character_an_instance_and_read_back()
    {
        var canary = Ids(2);
        var staging = Ids(3000, 10);
        var platforms = canary.Concat(staging).Select((id, i) => (id, p: i % 3 == 0 ? "Amazon Linux 2023" : i % 3 == 1 ? "Microsoft Windows Server 2022 Datacenter 10.0.20348" : "Ubuntu 22.04"))
            .Where((_, i) => i != 5)   // one instance whose platform the check could not read
            .ToDictionary(p => p.id, p => p.p);
        var parameters = new FakeParameterStore();
        await new RolloutRecordStore(parameters).CreateAsync(Record(canary, staging, platforms), CancellationToken.None);

        var back = await Load(parameters);

        var kept = parameters.Values.Where(p => p.Key.StartsWith(RolloutRecord.PathOf("ro-waves") + "platforms/", StringComparison.Ordinal)).ToList();
        Assert.Single(kept);
        Assert.InRange(kept[0].Value.Length, 3002, 3200);
        Assert.Equal(platforms.OrderBy(p => p.Key), back.Platforms.OrderBy(p => p.Key));
        Assert.False(back.Platforms.ContainsKey(staging[3]));
    }

    [Fact]
    public async Task A_record_from_before_platforms_were_kept_has_none_and_its_waves_read_them()
    {
        var parameters = new FakeParameterStore();
        await new RolloutRecordStore(parameters).CreateAsync(Record(Ids(1), Ids(2, 10)), CancellationToken.None);

        var back = await Load(parameters);

        Assert.DoesNotContain(parameters.Values.Keys, k => k.Contains("/platforms/", StringComparison.Ordinal));
        Assert.Empty(back.Platforms);
    }

    [Theory]
    [InlineData("/waves/02/instances/0001")]   // the last chunk of a wave's ids never written
    [InlineData("/waves/02/plan")]             // a wave's plan never written
    public async Task A_record_cut_short_while_it_was_written_reads_back_as_incomplete(string lost)
    {
        var parameters = new FakeParameterStore();
        var record = Record(Ids(3), Ids(600, 10));
        await new RolloutRecordStore(parameters).CreateAsync(record, CancellationToken.None);
        Assert.False((await Load(parameters)).Incomplete);

        Assert.True(parameters.Values.Remove(RolloutRecord.PathOf(record.RolloutId).TrimEnd('/') + lost));

        Assert.True((await Load(parameters)).Incomplete);
    }

    [Fact]
    public async Task A_record_from_before_waves_kept_their_count_is_not_called_incomplete()
    {
        var parameters = new FakeParameterStore();
        var record = Record(Ids(3), Ids(2, 10));
        await new RolloutRecordStore(parameters).CreateAsync(record, CancellationToken.None);
        foreach (var name in parameters.Values.Keys.Where(k => k.EndsWith("/plan", StringComparison.Ordinal) && k.Contains("/waves/")).ToList())
            parameters.Values[name] = string.Join("\n", parameters.Values[name].Split('\n').Where(line => !line.StartsWith("Instances", StringComparison.Ordinal)));

        Assert.False((await Load(parameters)).Incomplete);
    }
}
