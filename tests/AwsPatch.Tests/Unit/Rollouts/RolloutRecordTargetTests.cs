using AwsPatch.Rollouts;
using AwsPatch.Tests.Unit.Runs;

namespace AwsPatch.Tests.Unit.Rollouts;

/// <summary>
/// Where a rollout that spans account-regions records each instance: a target table (role and region, never
/// credentials) and each instance's index beside its id; a rollout in one account-region records neither.
/// </summary>
public class RolloutRecordTargetTests
{
    private const string RoleB = "arn:aws:iam::210987654321:role/AwsPatch";

    private static RolloutRecord Record(IReadOnlyList<RolloutTarget>? targets = null, IReadOnlyDictionary<string, int>? targetOf = null) => new()
    {
        RolloutId = "ro-targets",
        Region = "us-east-1",
        PatchSnapshotId = Guid.NewGuid().ToString(),
        StartedAt = new DateTime(2026, 12, 4, 2, 0, 0, DateTimeKind.Utc),
        Waves =
        [
            new PatchRolloutWave { Wave = 1, Name = "staging", InstanceIds = ["i-0000000000000000a", "i-0000000000000000b"], MaxErrors = "0", RunId = "ro-targets-w1" },
            new PatchRolloutWave { Wave = 2, Name = "production", InstanceIds = ["i-0000000000000000c", "i-0000000000000000d"], MaxErrors = "0", RunId = "ro-targets-w2" },
        ],
        Targets = targets ?? [],
        TargetOf = targetOf ?? new Dictionary<string, int>(),
    };

    [Fact]
    public async Task Each_instance_is_read_back_with_its_account_region_and_the_home_ones_with_none()
    {
        var parameters = new FakeParameterStore();
        var store = new RolloutRecordStore(parameters);
        var targets = new[] { new RolloutTarget { RoleArn = RoleB, Region = "eu-west-1" }, new RolloutTarget { Region = "eu-west-1" } };
        await store.CreateAsync(Record(targets, new Dictionary<string, int> { ["i-0000000000000000b"] = 1, ["i-0000000000000000d"] = 2 }), CancellationToken.None);

        var back = (await store.LoadAsync("ro-targets", CancellationToken.None))!;

        Assert.Equal([(RoleB, "eu-west-1", "210987654321"), (null, "eu-west-1", null)], back.Targets.Select(t => (t.RoleArn, t.Region, t.AccountId)));
        Assert.Equal(new Dictionary<string, int> { ["i-0000000000000000b"] = 1, ["i-0000000000000000d"] = 2 }, back.TargetOf);
        Assert.Equal(["i-0000000000000000a", "i-0000000000000000b"], back.Waves[0].InstanceIds);
        Assert.Equal("i-0000000000000000a,i-0000000000000000b@1", parameters.Values[RolloutRecord.WavePath("ro-targets", 1) + "instances/0000"]);
        Assert.Equal($"{RoleB}\teu-west-1\n\teu-west-1", parameters.Values[RolloutRecord.TargetsName("ro-targets", 0)]);
        Assert.DoesNotContain(parameters.Values.Values, v => v.Contains("Secret", StringComparison.OrdinalIgnoreCase) || v.Contains("ExternalId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rollout_in_one_account_region_writes_no_target_table_and_plain_ids()
    {
        var parameters = new FakeParameterStore();
        var store = new RolloutRecordStore(parameters);
        await store.CreateAsync(Record(), CancellationToken.None);

        Assert.DoesNotContain(parameters.Values.Keys, k => k.Contains("/targets/", StringComparison.Ordinal));
        Assert.Equal("i-0000000000000000c,i-0000000000000000d", parameters.Values[RolloutRecord.WavePath("ro-targets", 2) + "instances/0000"]);
        var back = (await store.LoadAsync("ro-targets", CancellationToken.None))!;
        Assert.Empty(back.Targets);
        Assert.Empty(back.TargetOf);
    }
}
