using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Findings;
using AwsPatch.Tests.Unit.Instances;

namespace AwsPatch.Tests.Unit.Findings;

public class FindingServiceTests
{
    private readonly FakeGateways _gateways = new();
    private readonly CollectingReporter _reporter = new();

    private static string Id(int n) => $"i-{n:x17}";

    private void Seed(int instances, int perInstance, Func<int, string>? id = null)
    {
        id ??= Id;
        var severities = new[] { "Critical", "High", "Medium", "Low" };
        for (var i = 1; i <= instances; i++)
        {
            _gateways.InspectorFake.Coverage[id(i)] = new CoverageRecord { ResourceId = id(i), ScanStatus = "ACTIVE" };
            for (var k = 0; k < perInstance; k++)
            {
                _gateways.InspectorFake.Findings.Add(new PatchFinding
                {
                    FindingArn = $"arn:aws:inspector2:us-east-1:123456789012:finding/{i}-{k}",
                    InstanceId = id(i),
                    ResourceId = id(i),
                    ResourceType = "Ec2Instance",
                    Severity = severities[k % 4],
                    Status = "Active",
                    FixAvailable = k % 3 == 0 ? "No" : "Yes",
                    ExploitAvailable = k % 5 == 0,
                    InspectorScore = 9.8 - k % 4,
                });
            }
        }
    }

    private async Task<List<Outcome<PatchFinding>>> RunAsync(FindingQuery query)
    {
        var results = new List<Outcome<PatchFinding>>();
        await foreach (var o in new FindingService(_gateways).GetAsync(TestSessions.UsEast1(), query, _reporter, CancellationToken.None))
            results.Add(o);
        return results;
    }

    /// <summary>Today's 17-digit instance ids, spread over every second hex digit as real ids are.</summary>
    private static string SpreadId(int n) => $"i-0{unchecked((ulong)n * 0x9E3779B97F4A7C15UL):x16}";

    [Fact]
    public async Task Whole_account_listing_runs_four_prefix_lanes_at_the_api_maximum_page_size()
    {
        Seed(instances: 25, perInstance: 10, id: SpreadId);   // 250 findings
        var results = await RunAsync(new FindingQuery());

        Assert.Equal(250, results.Count);
        Assert.Equal(250, results.Select(r => r.Value!.FindingArn).Distinct().Count());
        var calls = _gateways.InspectorFake.FindingCalls.ToList();
        // One query per lane, each paged to its end: the minimum is ceil(250/100) = 3, the lanes can add up to 3.
        var perLane = FindingService.InstanceIdPrefixes(FindingService.ListParallelism)
            .Select(prefixes => _gateways.InspectorFake.Findings.Count(f => prefixes.Any(p => f.ResourceId.StartsWith(p, StringComparison.Ordinal))))
            .Select(n => Math.Max(1, (n + 99) / 100)).Sum();
        Assert.Equal(perLane, calls.Count);
        Assert.InRange(calls.Count, 3, 3 + FindingService.ListParallelism - 1);
        Assert.Equal(FindingService.ListParallelism, calls.Count(c => c.Token == null));
        Assert.All(calls, c => Assert.Equal(100, c.MaxResults));
        Assert.All(calls, c => Assert.Empty(c.Filter.ResourceIds));
        Assert.All(calls, c => Assert.Equal(new[] { "AWS_EC2_INSTANCE" }, c.Filter.ResourceTypes));
        Assert.All(calls, c => Assert.Equal(new[] { "ACTIVE" }, c.Filter.Statuses));
        Assert.Empty(_gateways.InspectorFake.CoverageCalls);   // no ids given: nothing to check coverage of
    }

    [Fact]
    public void Prefix_lanes_cover_every_instance_id_exactly_once()
    {
        var lanes = FindingService.InstanceIdPrefixes(FindingService.ListParallelism);
        Assert.All(lanes, prefixes => Assert.InRange(prefixes.Count, 1, FindingFilter.MaxValues));
        var random = new Random(7);
        var ids = Enumerable.Range(0, 2000).Select(n => "i-" + string.Concat(Enumerable.Range(0, n % 3 == 0 ? 8 : 17).Select(_ => "0123456789abcdef"[random.Next(16)])))
            .Append("i-00000000").Append("i-ffffffff").Append("i-0fffffffffffffff0");
        Assert.All(ids, id => Assert.Equal(1, lanes.Sum(prefixes => prefixes.Count(p => id.StartsWith(p, StringComparison.Ordinal)))));
    }

    [Fact]
    public async Task Other_resource_types_list_in_one_serial_query()
    {
        Seed(instances: 3, perInstance: 4);
        await RunAsync(new FindingQuery { ResourceTypes = new[] { "EcrImage" } });

        var call = Assert.Single(_gateways.InspectorFake.FindingCalls);
        Assert.Empty(call.Filter.ResourceIdPrefixes);
    }

    [Fact]
    public async Task First_n_asks_for_n_and_stops_fetching()
    {
        Seed(instances: 25, perInstance: 10);
        var results = await RunAsync(new FindingQuery { First = 130 });

        Assert.Equal(130, results.Count);
        Assert.Equal(new[] { 100, 30 }, _gateways.InspectorFake.FindingCalls.Select(c => c.MaxResults));
    }

    [Fact]
    public async Task Filters_map_to_api_values()
    {
        Seed(instances: 3, perInstance: 8);
        var results = await RunAsync(new FindingQuery { Severities = new[] { "Critical", "High" }, FixAvailable = true, ExploitAvailable = true, MinimumScore = 7 });

        Assert.All(_gateways.InspectorFake.FindingCalls, call =>
        {
            Assert.Equal(new[] { "CRITICAL", "HIGH" }, call.Filter.Severities);
            Assert.Equal(new[] { "YES", "PARTIAL" }, call.Filter.FixAvailable);
            Assert.Equal(new[] { "YES" }, call.Filter.ExploitAvailable);
            Assert.Equal(7, call.Filter.MinimumInspectorScore);
        });
        Assert.All(results, r => Assert.True(r.Value!.ExploitAvailable && r.Value.FixAvailable == "Yes" && r.Value.Severity is "Critical" or "High"));
        Assert.NotEmpty(results);
    }

    [Fact]
    public async Task Instance_ids_go_ten_to_a_query_bad_ids_fail_alone_and_uncovered_instances_warn()
    {
        Seed(instances: 23, perInstance: 2);
        _gateways.InspectorFake.Coverage[Id(5)] = new CoverageRecord { ResourceId = Id(5), ScanStatus = "INACTIVE", Reason = "UNMANAGED_EC2_INSTANCE" };
        var ids = Enumerable.Range(1, 23).Select(Id).Append("i-nothex").Append(Id(404)).ToList();

        var results = await RunAsync(new FindingQuery { ResourceIds = ids });

        Assert.Equal(46, results.Count(r => r.Value != null));
        var bad = Assert.Single(results, r => r.Failure != null).Failure!;
        Assert.Equal(("InvalidInstanceId", "i-nothex"), (bad.ErrorId, bad.TargetId));
        Assert.Equal(new[] { 10, 10, 4 }, _gateways.InspectorFake.FindingCalls.Select(c => c.Filter.ResourceIds.Count));
        Assert.Equal(3, _gateways.InspectorFake.CoverageCalls.Count);
        Assert.Equal(2, _reporter.Warnings.Count);
        Assert.Contains(_reporter.Warnings, w => w.Contains(Id(404)) && w.Contains("no coverage record"));
        Assert.Contains(_reporter.Warnings, w => w.Contains(Id(5)) && w.Contains("UNMANAGED_EC2_INSTANCE"));
    }

    [Fact]
    public async Task A_batch_that_fails_after_retries_fails_its_ids_and_the_next_batch_still_runs()
    {
        Seed(instances: 20, perInstance: 1);
        _gateways.InspectorFake.FailCall = 1;
        var results = await RunAsync(new FindingQuery { ResourceIds = Enumerable.Range(1, 20).Select(Id).ToList() });

        var failed = results.Where(r => r.Failure != null).Select(r => r.Failure!).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(Id), failed.Select(f => f.TargetId));
        Assert.All(failed, f => Assert.Equal(AwsErrorKind.Throttled, f.Kind));
        Assert.Equal(Enumerable.Range(11, 10).Select(Id), results.Where(r => r.Value != null).Select(r => r.Value!.InstanceId));
    }

    [Fact]
    public async Task Inspector_not_enabled_stops_the_whole_listing()
    {
        Seed(instances: 20, perInstance: 1);
        _gateways.InspectorFake.FailCall = 1;
        _gateways.InspectorFake.Failure = new AwsCallException("inspector2:ListFindings", AwsErrorKind.NotEnabled, "AccessDeniedException", "Amazon Inspector is not enabled.");
        var ex = await Assert.ThrowsAsync<AwsCallException>(() => RunAsync(new FindingQuery { ResourceIds = Enumerable.Range(1, 20).Select(Id).ToList() }));
        Assert.Equal(AwsErrorKind.NotEnabled, ex.Kind);
    }

    [Fact]
    public async Task The_next_page_is_requested_before_the_consumer_takes_the_current_one()
    {
        Seed(instances: 30, perInstance: 10);   // 300 findings, all with ids under i-00: one lane's 3 pages
        var service = new FindingService(_gateways);
        await using var e = service.GetAsync(TestSessions.UsEast1(), new FindingQuery(), _reporter, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await e.MoveNextAsync());
        // Holding the first finding of page 1: every lane has asked for its first page, the busy lane for its
        // page 2 as well, and nobody for page 3 yet.
        Assert.Equal(new string?[] { null, null, null, null, "100" }, _gateways.InspectorFake.FindingCalls.Select(c => c.Token).OrderBy(t => t));
    }
}
