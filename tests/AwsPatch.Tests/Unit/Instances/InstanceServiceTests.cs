using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Instances;

namespace AwsPatch.Tests.Unit.Instances;

public class InstanceServiceTests
{
    private readonly FakeGateways _gateways = new();
    private readonly CollectingReporter _reporter = new();
    private readonly AwsSession _session = TestSessions.UsEast1();
    private readonly FakeWaitClock _clock = new();

    private static string Id(int n) => $"i-{n:x17}";

    private void AddInstance(int n, string? environment = null, string? patchGroupTag = null, string? patchGroup = null, bool managed = true, string? platform = null)
    {
        var tags = new Dictionary<string, string> { ["Name"] = $"web-{n}" };
        if (environment != null) tags["Environment"] = environment;
        if (patchGroupTag != null) tags[patchGroupTag] = patchGroup!;
        _gateways.Ec2Fake.Instances.Add(new Ec2InstanceRecord
        {
            InstanceId = Id(n),
            State = "running",
            InstanceType = "t3.micro",
            Platform = platform,
            RootDeviceName = "/dev/xvda",
            EbsVolumes = new[] { new KeyValuePair<string, string>("/dev/sdf", $"vol-data{n}"), new KeyValuePair<string, string>("/dev/xvda", $"vol-root{n}") },
            Tags = tags,
            OwnerId = "123456789012",
        });
        if (managed)
            _gateways.SsmFake.Managed[Id(n)] = new SsmInstanceRecord { InstanceId = Id(n), PingStatus = "Online", PlatformType = platform == "windows" ? "Windows" : "Linux", AgentVersion = "3.3.0.0" };
    }

    private async Task<List<Outcome<PatchInstance>>> RunAsync(InstanceQuery query)
    {
        var service = new InstanceService(_gateways, _clock);
        var results = new List<Outcome<PatchInstance>>();
        await foreach (var outcome in service.GetAsync(_session, query, _reporter, CancellationToken.None))
            results.Add(outcome);
        return results;
    }

    [Fact]
    public async Task Bad_and_unknown_ids_fail_one_by_one_while_the_rest_come_out()
    {
        AddInstance(1);
        AddInstance(2);
        var results = await RunAsync(new InstanceQuery { InstanceIds = new[] { Id(1), "i-XYZ", Id(99), Id(2) } });

        Assert.Equal(new[] { Id(1), Id(2) }, results.Where(r => r.Value != null).Select(r => r.Value!.InstanceId).OrderBy(x => x));
        var failures = results.Where(r => r.Failure != null).Select(r => r.Failure!).ToList();
        Assert.Collection(failures.OrderBy(f => f.ErrorId),
            f => { Assert.Equal("InstanceNotFound", f.ErrorId); Assert.Equal(Id(99), f.TargetId); Assert.Contains("us-east-1", f.Message); },
            f => { Assert.Equal("InvalidInstanceId", f.ErrorId); Assert.Equal("i-XYZ", f.TargetId); Assert.Equal(AwsErrorKind.InvalidInput, f.Kind); });
        Assert.Single(_gateways.Ec2Fake.Calls);
    }

    [Fact]
    public async Task Ids_with_tag_filters_go_in_batches_that_leave_room_for_the_tag_values()
    {
        for (var n = 1; n <= 250; n++)
            AddInstance(n, environment: "staging", patchGroupTag: "Patch Group", patchGroup: "web");
        var query = new InstanceQuery { InstanceIds = Enumerable.Range(1, 250).Select(Id).ToArray(), Tags = new Dictionary<string, IReadOnlyList<string>> { ["Environment"] = ["staging", "prod"] }, PatchGroups = ["web"] };

        var results = await RunAsync(query);

        Assert.Equal(250, results.Count(r => r.Value != null));
        Assert.All(_gateways.Ec2Fake.Calls, c => Assert.InRange(c.Sum(f => f.Value.Count), 1, Ec2FilterBatches.MaxValuesPerCall));
        // 197 ids beside 2 Environment values and 1 patch group, once per patch-group tag key.
        Assert.Equal(new[] { 197, 197, 53, 53 }, _gateways.Ec2Fake.Calls.Select(c => c["instance-id"].Count));
        Assert.Equal(197, InstanceService.IdsPerCall(query));
    }

    [Fact]
    public async Task Ids_are_batched_at_the_filter_limit_and_ssm_is_asked_fifty_at_a_time()
    {
        for (var n = 1; n <= 450; n++)
            AddInstance(n, managed: n % 2 == 0);
        var ids = Enumerable.Range(1, 450).Select(Id).Concat(new[] { Id(1), Id(2) }).ToArray();

        var results = await RunAsync(new InstanceQuery { InstanceIds = ids });

        Assert.Equal(450, results.Count(r => r.Value != null));
        Assert.Equal(450, results.Select(r => r.Value!.InstanceId).Distinct().Count());
        Assert.Equal(new[] { 200, 200, 50 }, _gateways.Ec2Fake.Calls.Select(c => c["instance-id"].Count));
        Assert.Equal(4 + 4 + 1, _gateways.SsmFake.Calls.Count);   // ceil(200/50) + ceil(200/50) + ceil(50/50)
        Assert.All(_gateways.SsmFake.Calls, c => Assert.InRange(c.Count, 1, InstanceService.IdsPerSsmCall));
        Assert.Equal(225, results.Count(r => r.Value!.AgentState == SsmAgentState.Managed));
        Assert.Equal(225, results.Count(r => r.Value!.AgentState == SsmAgentState.NotManaged));
    }

    [Fact]
    public async Task Ssm_failure_warns_once_and_instances_come_out_with_their_agent_unknown_not_unmanaged()
    {
        for (var n = 1; n <= 120; n++)
            AddInstance(n, managed: true);
        _gateways.SsmFake.Failure = new AwsCallException("ssm:DescribeInstanceInformation", AwsErrorKind.AccessDenied, "AccessDeniedException",
            "ssm:DescribeInstanceInformation failed with AccessDeniedException (HTTP 400, request id r-1): not allowed.");

        var results = await RunAsync(new InstanceQuery());

        Assert.Equal(120, results.Count(r => r.Value != null));
        Assert.All(results, r =>
        {
            Assert.Equal(SsmAgentState.Unknown, r.Value!.AgentState);
            Assert.Null(r.Value.IsManaged);
            Assert.Null(r.Value.SsmPingStatus);
        });
        var warning = Assert.Single(_reporter.Warnings);
        Assert.Contains("ssm:DescribeInstanceInformation failed with AccessDeniedException (HTTP 400, request id r-1)", warning);
        Assert.Contains("AgentState Unknown", warning);
        Assert.Contains("Grant the caller permission for ssm:DescribeInstanceInformation", warning);
    }

    [Fact]
    public async Task A_throttled_ssm_call_leaves_only_its_own_instances_unknown_and_the_later_calls_still_answer()
    {
        for (var n = 1; n <= 120; n++)
            AddInstance(n, managed: true);
        _gateways.SsmFake.Failure = new AwsCallException("ssm:DescribeInstanceInformation", AwsErrorKind.Throttled, "ThrottlingException",
            "ssm:DescribeInstanceInformation failed with ThrottlingException (HTTP 400, request id r-2): Rate exceeded.");
        // The first chunk's call is throttled however often it is tried (a listing tries it again within its budget).
        _gateways.SsmFake.FailFor = ids => ids.Contains(Id(1));

        var results = await RunAsync(new InstanceQuery());

        Assert.Equal(120, results.Count(r => r.Value != null));
        // 120 ids, 50 a call: the throttled call does not stop the other two.
        Assert.Equal(2, _gateways.SsmFake.Calls.Count(ids => !ids.Contains(Id(1))));
        Assert.Equal(50, results.Count(r => r.Value!.AgentState == SsmAgentState.Unknown));
        Assert.Equal(70, results.Count(r => r.Value!.AgentState == SsmAgentState.Managed));
        Assert.Contains("ThrottlingException", Assert.Single(_reporter.Warnings));
    }

    [Fact]
    public async Task A_listing_tries_a_throttled_call_again_within_its_budget_and_no_agent_is_left_unknown()
    {
        for (var n = 1; n <= 120; n++)
            AddInstance(n, managed: true);
        _gateways.SsmFake.Failure = new AwsCallException("ssm:DescribeInstanceInformation", AwsErrorKind.Throttled, "ThrottlingException", "Rate exceeded.");
        _gateways.SsmFake.FailFirstCalls = 1;

        var results = await RunAsync(new InstanceQuery());

        Assert.Equal(120, results.Count(r => r.Value!.AgentState == SsmAgentState.Managed));
        Assert.Equal(4, _gateways.SsmFake.Calls.Count);   // three chunks, one of them twice
        Assert.Empty(_reporter.Warnings);                 // a listing's retry has no warning of its own; it answered
        var backoff = Assert.Single(_clock.Delays);       // on the wait clock, within the listing's budget
        Assert.InRange(backoff, TimeSpan.FromSeconds(1), CallRetry.ListingBudget);
    }

    [Fact]
    public async Task A_listing_gives_up_on_a_call_once_its_budget_is_spent()
    {
        AddInstance(1, managed: true);
        _gateways.SsmFake.Failure = new AwsCallException("ssm:DescribeInstanceInformation", AwsErrorKind.ServiceFault, "InternalServerError", "An error occurred on the server side.");

        var results = await RunAsync(new InstanceQuery());

        Assert.Equal(SsmAgentState.Unknown, Assert.Single(results).Value!.AgentState);
        // Tried once more after a back-off, then the service counts as down (two failed rounds in a row): no third try.
        Assert.Equal(2, _gateways.SsmFake.Calls.Count);
        Assert.Contains("server side", Assert.Single(_reporter.Warnings));
    }

    [Fact]
    public async Task Managed_only_cannot_be_honoured_without_ssm_so_its_failure_propagates()
    {
        AddInstance(1);
        _gateways.SsmFake.Failure = new AwsCallException("ssm:DescribeInstanceInformation", AwsErrorKind.AccessDenied, "AccessDeniedException", "not allowed");
        await Assert.ThrowsAsync<AwsCallException>(() => RunAsync(new InstanceQuery { ManagedOnly = true }));
    }

    [Fact]
    public async Task Managed_only_drops_instances_without_an_agent_record()
    {
        AddInstance(1, managed: true);
        AddInstance(2, managed: false);
        var results = await RunAsync(new InstanceQuery { ManagedOnly = true });
        Assert.Equal(Id(1), Assert.Single(results).Value!.InstanceId);
    }

    [Fact]
    public async Task Patch_group_matches_either_tag_key_and_lists_each_instance_once()
    {
        AddInstance(1, patchGroupTag: "Patch Group", patchGroup: "web-prod");
        AddInstance(2, patchGroupTag: "PatchGroup", patchGroup: "web-prod");
        AddInstance(3, patchGroupTag: "Patch Group", patchGroup: "db-prod");
        var results = await RunAsync(new InstanceQuery { PatchGroups = new[] { "web-prod" } });

        Assert.Equal(new[] { Id(1), Id(2) }, results.Select(r => r.Value!.InstanceId).OrderBy(x => x));
        Assert.All(results, r => Assert.Equal("web-prod", r.Value!.PatchGroup));
        Assert.Equal(2, _gateways.Ec2Fake.Calls.Count);
    }

    [Fact]
    public async Task Tags_are_filtered_server_side_and_no_match_is_an_error_naming_the_filter()
    {
        AddInstance(1, environment: "staging");
        AddInstance(2, environment: "production");
        var staging = await RunAsync(new InstanceQuery { Tags = new Dictionary<string, IReadOnlyList<string>> { ["Environment"] = new[] { "staging" } } });
        Assert.Equal(Id(1), Assert.Single(staging).Value!.InstanceId);
        Assert.Equal(new[] { "staging" }, _gateways.Ec2Fake.Calls.First()["tag:Environment"]);

        var none = await RunAsync(new InstanceQuery { Tags = new Dictionary<string, IReadOnlyList<string>> { ["Environment"] = new[] { "qa" } } });
        var failure = Assert.Single(none).Failure!;
        Assert.Equal("NoMatchingInstance", failure.ErrorId);
        Assert.Contains("Environment=qa", failure.Message);
    }

    [Fact]
    public async Task Root_volume_comes_first_and_platform_is_derived_from_ec2_then_ssm()
    {
        AddInstance(1, platform: "windows", environment: "production");
        AddInstance(2, managed: false);
        var results = (await RunAsync(new InstanceQuery())).Select(r => r.Value!).OrderBy(i => i.InstanceId).ToList();

        Assert.Equal(new[] { "vol-root1", "vol-data1" }, results[0].VolumeIds);
        Assert.Equal("vol-root1", results[0].RootDeviceVolumeId);
        Assert.Equal("Windows", results[0].Platform);
        Assert.Equal("production", results[0].Environment);
        Assert.Equal("Linux", results[1].Platform);
        Assert.Equal("us-east-1", results[1].Region);
        Assert.Equal("123456789012", results[1].AccountId);
        Assert.Equal("web-2", results[1].Name);
    }

    [Fact]
    public async Task A_failed_ec2_batch_fails_each_of_its_ids_and_later_batches_still_run()
    {
        for (var n = 1; n <= 250; n++)
            AddInstance(n);
        var gateways = new FailingFirstBatchEc2(_gateways.Ec2Fake, Id(1));
        var service = new InstanceService(new DelegatingGateways(gateways, _gateways.SsmFake), _clock);
        var results = new List<Outcome<PatchInstance>>();
        await foreach (var o in service.GetAsync(_session, new InstanceQuery { InstanceIds = Enumerable.Range(1, 250).Select(Id).ToList() }, _reporter, CancellationToken.None))
            results.Add(o);

        Assert.Equal(200, results.Count(r => r.Failure?.ErrorId == "InstanceLookupFailed"));
        Assert.All(results.Where(r => r.Failure != null), r => Assert.Equal(AwsErrorKind.Throttled, r.Failure!.Kind));
        Assert.Equal(50, results.Count(r => r.Value != null));
    }

    [Fact]
    public async Task The_batches_of_an_id_list_are_looked_up_four_at_a_time_and_come_out_in_batch_order()
    {
        for (var n = 1; n <= 1200; n++)
            AddInstance(n);
        var ids = Enumerable.Range(1, 1200).Select(Id).ToList();
        var ec2 = new HeldEc2(_gateways.Ec2Fake);
        var service = new InstanceService(new DelegatingGateways(ec2, _gateways.SsmFake), _clock);
        await using var listing = service.GetAsync(_session, new InstanceQuery { InstanceIds = ids }, _reporter, CancellationToken.None).GetAsyncEnumerator();
        var first = listing.MoveNextAsync();

        // Four batches' DescribeInstances are out before any is answered; the fifth waits for a free slot.
        await ec2.Held.Issued(InstanceService.BatchesInFlight).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(InstanceService.BatchesInFlight, ec2.Held.Calls.Count);
        Assert.False(first.IsCompleted);

        // The fourth batch answers first; the output still starts with the first batch's instances.
        ec2.Held.Release(3);
        ec2.Held.ReleaseAll();
        var results = new List<Outcome<PatchInstance>>();
        for (var more = await first; more; more = await listing.MoveNextAsync())
            results.Add(listing.Current);

        Assert.Equal(ids, results.Select(r => r.Value!.InstanceId));
        Assert.Equal(6, ec2.Held.Calls.Count);
        Assert.Equal(24, _gateways.SsmFake.Calls.Count);
    }

    [Fact]
    public async Task A_failed_batch_in_the_middle_gives_its_ids_the_error_in_their_place_and_the_batches_around_it_still_come_out()
    {
        for (var n = 1; n <= 600; n++)
            AddInstance(n);
        var ids = Enumerable.Range(1, 600).Select(Id).ToList();
        var service = new InstanceService(new DelegatingGateways(new FailingFirstBatchEc2(_gateways.Ec2Fake, Id(201)), _gateways.SsmFake), _clock);
        var results = new List<Outcome<PatchInstance>>();
        await foreach (var o in service.GetAsync(_session, new InstanceQuery { InstanceIds = ids }, _reporter, CancellationToken.None))
            results.Add(o);

        Assert.Equal(ids, results.Select(r => r.Value?.InstanceId ?? r.Failure!.TargetId));
        Assert.All(results.Take(200).Concat(results.Skip(400)), r => Assert.NotNull(r.Value));
        Assert.All(results.Skip(200).Take(200), r => Assert.Equal("InstanceLookupFailed", r.Failure!.ErrorId));
    }

    [Fact]
    public async Task A_consumer_that_stops_early_leaves_no_lookup_in_flight_and_no_later_batch_is_asked()
    {
        for (var n = 1; n <= 1200; n++)
            AddInstance(n);
        var ec2 = new HeldEc2(_gateways.Ec2Fake);
        var service = new InstanceService(new DelegatingGateways(ec2, _gateways.SsmFake), _clock);
        var listing = service.GetAsync(_session, new InstanceQuery { InstanceIds = Enumerable.Range(1, 1200).Select(Id).ToList() }, _reporter, CancellationToken.None).GetAsyncEnumerator();
        var first = listing.MoveNextAsync();
        await ec2.Held.Issued(InstanceService.BatchesInFlight).WaitAsync(TimeSpan.FromSeconds(30));

        ec2.Held.Release(0);
        Assert.True(await first);
        Assert.Equal(Id(1), listing.Current.Value!.InstanceId);
        await listing.DisposeAsync();

        // The three batches still held were cancelled and awaited before DisposeAsync returned; the fifth never went out.
        Assert.All(ec2.Held.Answers, answer => Assert.True(answer.IsCompleted));
        Assert.Equal(3, ec2.Held.Answers.Count(answer => answer.IsCanceled));
        Assert.Equal(InstanceService.BatchesInFlight, ec2.Held.Calls.Count);
    }

    /// <summary>EC2 whose DescribeInstances calls are each held until the test releases them (or the caller cancels), then answered by <paramref name="inner"/>.</summary>
    private sealed class HeldEc2(FakeEc2 inner) : IEc2Gateway
    {
        public HeldCalls<IReadOnlyDictionary<string, IReadOnlyList<string>>> Held { get; } = new();

        public Task<Page<Ec2InstanceRecord>> DescribeInstancesAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, int maxResults, string? nextToken, CancellationToken cancellationToken) =>
            Held.Hold(filters, () => inner.DescribeInstancesAsync(filters, maxResults, nextToken, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<Ec2InstanceStatusRecord>> DescribeInstanceStatusAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            inner.DescribeInstanceStatusAsync(instanceIds, cancellationToken);
    }

    /// <summary>Every call whose instance-id filter holds <paramref name="failing"/> is throttled, however often it is tried.</summary>
    private sealed class FailingFirstBatchEc2(FakeEc2 inner, string failing) : IEc2Gateway
    {
        public Task<Page<Ec2InstanceRecord>> DescribeInstancesAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, int maxResults, string? nextToken, CancellationToken cancellationToken) =>
            filters.TryGetValue("instance-id", out var ids) && ids.Contains(failing)
                ? throw new AwsCallException("ec2:DescribeInstances", AwsErrorKind.Throttled, "RequestLimitExceeded", "Request limit exceeded.")
                : inner.DescribeInstancesAsync(filters, maxResults, nextToken, cancellationToken);

        public Task<IReadOnlyList<Ec2InstanceStatusRecord>> DescribeInstanceStatusAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            inner.DescribeInstanceStatusAsync(instanceIds, cancellationToken);
    }

    private sealed class DelegatingGateways(IEc2Gateway ec2, ISsmGateway ssm) : IAwsGateways
    {
        public IEc2Gateway Ec2(AwsSession session) => ec2;
        public ISsmGateway Ssm(AwsSession session) => ssm;
        public IInspectorGateway Inspector(AwsSession session) => throw Unused();
        public IRunCommandGateway RunCommand(AwsSession session) => throw Unused();
        public ISnapshotGateway Snapshots(AwsSession session) => throw Unused();
        public IRootVolumeGateway RootVolumes(AwsSession session) => throw Unused();
        public IPatchStateGateway PatchStates(AwsSession session) => throw Unused();
        public IParameterStoreGateway Parameters(AwsSession session) => throw Unused();
        public ServiceClock Clock(AwsSession session) => throw Unused();
        private static NotSupportedException Unused() => new("InstanceService uses only EC2 and SSM.");
    }
}
