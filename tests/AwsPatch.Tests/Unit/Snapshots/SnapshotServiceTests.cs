using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Snapshots;
using AwsPatch.Tests.Unit.Instances;

namespace AwsPatch.Tests.Unit.Snapshots;

public class SnapshotServiceTests
{
    private const string RunId = "run-20260101T000000Z-abc123";
    private readonly FakeGateways _gateways;
    private readonly CollectingReporter _reporter = new();
    private readonly AwsSession _session = TestSessions.UsEast1();
    private readonly FakeWaitClock _clock = new(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    public SnapshotServiceTests() => _gateways = new() { ServiceClock = new ServiceClock(() => _clock.UtcNow) };

    private static string Id(int n) => $"i-{n:x17}";

    private SnapshotService Service() => new(_gateways, _clock);

    private void AddInstance(int n, int dataVolumes = 1, Dictionary<string, string>? tags = null)
    {
        var volumes = new List<KeyValuePair<string, string>> { new("/dev/xvda", $"vol-{n:x8}r") };
        for (var d = 0; d < dataVolumes; d++)
            volumes.Add(new($"/dev/sd{(char)('f' + d)}", $"vol-{n:x8}d{d}"));
        _gateways.Ec2Fake.Instances.Add(new Ec2InstanceRecord
        {
            InstanceId = Id(n),
            State = "running",
            RootDeviceName = "/dev/xvda",
            EbsVolumes = volumes,
            Tags = tags ?? new Dictionary<string, string> { ["Name"] = $"web-{n}" },
        });
        _gateways.SnapshotFake.Volumes[Id(n)] = volumes.Select(v => v.Value).ToList();
    }

    private async Task<List<Outcome<PatchSnapshot>>> CreateAsync(SnapshotRequest request, List<SnapshotProgress>? progress = null)
    {
        var results = new List<Outcome<PatchSnapshot>>();
        await foreach (var outcome in Service().CreateAsync(_session, request, p => progress?.Add(p), _reporter, CancellationToken.None))
            results.Add(outcome);
        return results;
    }

    [Fact]
    public async Task A_thousand_instances_take_one_create_each_and_one_describe_per_thousand_snapshots_per_poll()
    {
        for (var n = 1; n <= 1000; n++)
            AddInstance(n, dataVolumes: n % 3);   // 1,000 instances, 2,000 snapshots
        _gateways.SnapshotFake.ProgressPerPoll = 34;   // three polls to complete

        var results = await CreateAsync(new SnapshotRequest { InstanceIds = Enumerable.Range(1, 1000).Select(Id).ToList(), RunId = RunId, Wait = true, PollInterval = TimeSpan.FromSeconds(15) });

        var snapshots = _gateways.SnapshotFake.Snapshots.Count;
        Assert.Equal(2000, snapshots);
        Assert.Equal(1000, results.Count(r => r.Value?.State == "completed"));
        Assert.Equal(1000, _gateways.SnapshotFake.CreateCalls.Count);
        Assert.Equal(5, _gateways.Ec2Fake.Calls.Count);   // DescribeInstances: 200 ids a call
        Assert.InRange(_gateways.SnapshotFake.MaxConcurrentCreates, 1, SnapshotService.Parallelism);

        var calls = _gateways.SnapshotFake.DescribeCalls.ToList();
        var cycles = calls.Count(c => c.Token == null);
        Assert.Equal(3, cycles);
        Assert.Equal(3, _clock.Delays.Count);
        Assert.Equal(cycles * (int)Math.Ceiling(snapshots / 1000.0), calls.Count);
        Assert.All(calls, c => Assert.Equal(1000, c.MaxResults));
        Assert.All(calls, c => Assert.Equal(RunId, Assert.Single(c.Filters["tag:AwsPatch:RunId"])));
    }

    [Fact]
    public async Task Sets_are_tagged_with_the_run_the_instance_and_its_name_tags_and_root_first()
    {
        AddInstance(1, dataVolumes: 2, tags: new() { ["Name"] = "db", ["Environment"] = "prod", ["Patch Group"] = "db-prod", ["Owner"] = "x", ["aws:cloudformation:stack-name"] = "s" });

        var result = Assert.Single(await CreateAsync(new SnapshotRequest { InstanceIds = [Id(1)], RunId = RunId }));

        var tags = Assert.Single(_gateways.SnapshotFake.CreateTags);
        Assert.Equal(RunId, tags["AwsPatch:RunId"]);
        Assert.Equal(Id(1), tags["AwsPatch:InstanceId"]);
        Assert.StartsWith("AwsPatch ", tags["AwsPatch:CreatedBy"]);
        Assert.Equal("db-prod", tags["Patch Group"]);
        Assert.False(tags.ContainsKey("Owner"));
        Assert.DoesNotContain(tags.Keys, k => k.StartsWith("aws:"));
        var set = result.Value!;
        Assert.Equal("pending", set.State);
        Assert.Equal($"vol-{1:x8}r", set.VolumeIds[0]);
        Assert.Equal(set.SnapshotIds[0], set.RootSnapshotId);
        Assert.Equal(3, set.SnapshotIds.Count);
        Assert.Empty(_gateways.SnapshotFake.DescribeCalls);
    }

    [Fact]
    public async Task Bad_input_and_failed_sets_are_per_instance_errors_and_the_others_complete()
    {
        AddInstance(1);
        AddInstance(2);
        AddInstance(3);
        AddInstance(4);
        _gateways.Ec2Fake.Instances.Add(new Ec2InstanceRecord { InstanceId = Id(5), State = "running", RootDeviceName = "/dev/sda1" });
        _gateways.SnapshotFake.FailingInstances.Add(Id(2));
        _gateways.SnapshotFake.CreateFailure = id => id == Id(3)
            ? new AwsCallException("ec2:CreateSnapshots", AwsErrorKind.Throttled, "SnapshotLimitExceeded", "The maximum number of snapshots has been reached.")
            : null;

        var results = await CreateAsync(new SnapshotRequest { InstanceIds = [Id(1), "i-bad", Id(2), Id(3), Id(99), Id(5), Id(4)], RunId = RunId, Wait = true });

        Assert.Equal(new[] { Id(1), Id(4) }, results.Where(r => r.Value != null).Select(r => r.Value!.InstanceId).Order());
        Assert.All(results.Where(r => r.Value != null), r => Assert.Equal("completed", r.Value!.State));
        var failures = results.Where(r => r.Failure != null).ToDictionary(r => r.Failure!.TargetId, r => r.Failure!);
        Assert.Equal("InvalidInstanceId", failures["i-bad"].ErrorId);
        Assert.Equal("SnapshotFailed", failures[Id(2)].ErrorId);
        Assert.Equal("SnapshotQuotaExceeded", failures[Id(3)].ErrorId);
        Assert.Equal(AwsErrorKind.Throttled, failures[Id(3)].Kind);
        Assert.Equal("InstanceNotFound", failures[Id(99)].ErrorId);
        Assert.Equal("NoEbsVolumes", failures[Id(5)].ErrorId);
        Assert.Equal(7, results.Count);
    }

    private static AwsCallException ConcurrentLimit(string volumeId) => new("ec2:CreateSnapshots", AwsErrorKind.Throttled, "ConcurrentSnapshotLimitExceeded",
        $"You've reached the limit on the number of concurrent snapshots you can create on volume {volumeId} (1 pending for st1). Wait until its pending snapshots have completed.");

    [Fact]
    public async Task A_volume_at_its_pending_snapshot_limit_makes_the_set_wait_a_poll_interval_and_go_again_never_fail()
    {
        AddInstance(1);
        AddInstance(2);
        var refusals = 0;
        _gateways.SnapshotFake.CreateFailure = id => id == Id(1) && Interlocked.Increment(ref refusals) <= 3 ? ConcurrentLimit($"vol-{1:x8}d0") : null;

        var results = await CreateAsync(new SnapshotRequest { InstanceIds = [Id(1), Id(2)], RunId = RunId, PollInterval = TimeSpan.FromSeconds(15) });

        Assert.Equal(new[] { Id(1), Id(2) }, results.Select(r => r.Value?.InstanceId));
        Assert.All(results, r => Assert.Null(r.Failure));
        Assert.Equal(5, _gateways.SnapshotFake.CreateCalls.Count);   // three refused, then one each
        Assert.Equal(Enumerable.Repeat(TimeSpan.FromSeconds(15), 3), _clock.Delays);
        Assert.Single(_reporter.VerboseLines, v => v.Contains(Id(1)) && v.Contains("waiting for them to complete"));
    }

    [Fact]
    public async Task A_volume_still_at_its_pending_limit_when_the_timeout_ends_is_SnapshotsStillPending_with_what_to_do()
    {
        AddInstance(1);
        _gateways.SnapshotFake.CreateFailure = _ => ConcurrentLimit($"vol-{1:x8}d0");

        var results = await CreateAsync(new SnapshotRequest { InstanceIds = [Id(1)], RunId = RunId, Timeout = TimeSpan.FromMinutes(1), PollInterval = TimeSpan.FromSeconds(15) });

        var failure = Assert.Single(results).Failure!;
        Assert.Equal("SnapshotsStillPending", failure.ErrorId);
        Assert.Equal(AwsErrorKind.Throttled, failure.Kind);
        Assert.Contains("-State pending", failure.RecommendedAction);
        Assert.Equal(4, _clock.Delays.Count);   // waited the whole minute, a poll interval at a time
        Assert.Equal(5, _gateways.SnapshotFake.CreateCalls.Count);
    }

    [Fact]
    public async Task Sets_that_do_not_finish_in_time_are_timeouts_and_root_only_excludes_data_volumes()
    {
        AddInstance(1, dataVolumes: 2);
        _gateways.SnapshotFake.ProgressPerPoll = 1;
        var progress = new List<SnapshotProgress>();

        var results = await CreateAsync(new SnapshotRequest { InstanceIds = [Id(1)], RunId = RunId, Wait = true, RootVolumeOnly = true, Timeout = TimeSpan.FromMinutes(1), PollInterval = TimeSpan.FromSeconds(15) }, progress);

        var failure = Assert.Single(results).Failure!;
        Assert.Equal("SnapshotWaitTimedOut", failure.ErrorId);
        Assert.Equal(AwsErrorKind.Timeout, failure.Kind);
        Assert.Single(_gateways.SnapshotFake.Snapshots);
        Assert.Equal(4, _gateways.SnapshotFake.DescribeCalls.Count);
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.Equal(1, p.TotalSets));
    }

    [Fact]
    public async Task A_malformed_run_id_is_an_argument_error()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(new SnapshotRequest { InstanceIds = [Id(1)], RunId = "bad run id" }));
    }
}
