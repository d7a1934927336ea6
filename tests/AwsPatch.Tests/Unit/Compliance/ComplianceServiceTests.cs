using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Compliance;
using AwsPatch.Tests.Unit.Instances;

namespace AwsPatch.Tests.Unit.Compliance;

public class ComplianceServiceTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
    private readonly FakeGateways _gateways = new() { ServiceClock = new ServiceClock(() => Now) };
    private readonly AwsSession _session = TestSessions.UsEast1();

    private static string Id(int n) => $"i-{n:x17}";

    private void Managed(int n) => _gateways.SsmFake.Managed[Id(n)] = new SsmInstanceRecord { InstanceId = Id(n), PingStatus = "Online" };

    private void Scanned(int n, int missing = 0, int pendingReboot = 0, double daysAgo = 1, string group = "web-prod")
    {
        Managed(n);
        _gateways.PatchStatesFake.States[Id(n)] = new PatchCompliance
        {
            InstanceId = Id(n), Region = "us-east-1", PatchGroup = group, Operation = "Scan", OperationEndTime = Now.AddDays(-daysAgo),
            InstalledCount = 100, MissingCount = missing, InstalledPendingRebootCount = pendingReboot,
        };
    }

    private async Task<List<Outcome<T>>> CollectAsync<T>(IAsyncEnumerable<Outcome<T>> outcomes)
        where T : class
    {
        var results = new List<Outcome<T>>();
        await foreach (var outcome in outcomes) results.Add(outcome);
        return results;
    }

    private Task<List<Outcome<PatchCompliance>>> RunAsync(ComplianceQuery query) =>
        CollectAsync(new ComplianceService(_gateways).GetAsync(_session, query, CancellationToken.None));

    private static ComplianceQuery ForIds(IEnumerable<int> ids) => new() { Instances = ids.Select(n => new ComplianceTarget(Id(n))).ToList() };

    [Theory]
    [InlineData(false, 0, 0, 0, 0, 0, 0, 1.0, "NotScanned")]
    [InlineData(true, 0, 0, 0, 0, 0, 0, 8.0, "Stale")]
    [InlineData(true, 3, 0, 1, 0, 0, 0, 8.0, "Stale")]
    [InlineData(true, 0, 0, 2, 0, 0, 0, 1.0, "PendingReboot")]
    [InlineData(true, 2, 0, 2, 0, 0, 0, 1.0, "PendingReboot")]
    [InlineData(true, 2, 0, 0, 0, 0, 0, 1.0, "NonCompliant")]
    [InlineData(true, 0, 1, 0, 0, 0, 0, 1.0, "NonCompliant")]
    [InlineData(true, 0, 0, 0, 1, 0, 0, 1.0, "NonCompliant")]
    [InlineData(true, 0, 0, 0, 0, 1, 0, 1.0, "NonCompliant")]
    [InlineData(true, 0, 0, 0, 0, 0, 1, 1.0, "NonCompliant")]
    [InlineData(true, 0, 0, 0, 0, 0, 0, 6.9, "Compliant")]
    public void States_are_derived_in_the_documented_order(bool hasState, int missing, int failed, int pendingReboot, int critical, int security, int other, double daysAgo, string expected)
    {
        var state = hasState
            ? new PatchCompliance
            {
                InstanceId = Id(1), OperationEndTime = Now.AddDays(-daysAgo), MissingCount = missing, FailedCount = failed,
                InstalledPendingRebootCount = pendingReboot, CriticalNonCompliantCount = critical, SecurityNonCompliantCount = security, OtherNonCompliantCount = other,
            }
            : null;
        Assert.Equal(expected, ComplianceStates.Derive(state, Now, TimeSpan.FromDays(7)));
    }

    [Fact]
    public async Task A_hundred_and_twenty_ids_take_three_calls_of_at_most_fifty_and_come_out_in_input_order()
    {
        foreach (var n in Enumerable.Range(1, 120)) Scanned(n);
        _gateways.PatchStatesFake.Yield = true;

        var results = await RunAsync(ForIds(Enumerable.Range(1, 120)));

        Assert.Equal(Enumerable.Range(1, 120).Select(Id), results.Select(r => r.Value!.InstanceId));
        Assert.Equal(new[] { 50, 50, 20 }, _gateways.PatchStatesFake.StateCalls.Select(c => c.Count).Order().Reverse());
        Assert.Empty(_gateways.SsmFake.Calls);   // every id had state: no need to ask SSM
        Assert.InRange(_gateways.PatchStatesFake.MaxInFlight, 1, ComplianceService.Parallelism);
        Assert.All(results, r => Assert.Equal("Compliant", r.Value!.ComplianceState));
    }

    [Fact]
    public async Task Four_DescribeInstancePatchStates_calls_are_out_before_any_is_answered_and_the_answers_come_out_in_input_order()
    {
        foreach (var n in Enumerable.Range(1, 250)) Scanned(n);
        var held = _gateways.PatchStatesFake.HeldStateCalls = new HeldCalls<IReadOnlyList<string>>();

        var run = RunAsync(ForIds(Enumerable.Range(1, 250)));
        await held.Issued(ComplianceService.Parallelism).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ComplianceService.Parallelism, held.Calls.Count);
        held.Release(3);
        held.ReleaseAll();
        var results = await run;

        Assert.Equal(Enumerable.Range(1, 250).Select(Id), results.Select(r => r.Value!.InstanceId));
        Assert.Equal(5, held.Calls.Count);
    }

    [Fact]
    public async Task Without_state_an_instance_is_NotScanned_and_an_unmanaged_id_is_an_error_while_the_rest_proceed()
    {
        Scanned(1, missing: 2);
        Managed(2);   // managed, never scanned
        var results = await RunAsync(new ComplianceQuery
        {
            Instances = [new(Id(1)), new(Id(2), "staging", "web-staging"), new(Id(3)), new("i-bad")],
        });

        Assert.Equal("InvalidInstanceId", results[0].Failure!.ErrorId);
        Assert.Equal("NonCompliant", results[1].Value!.ComplianceState);
        var notScanned = results[2].Value!;
        Assert.Equal(("NotScanned", "staging", "web-staging"), (notScanned.ComplianceState, notScanned.Environment, notScanned.PatchGroup));
        var unknown = results[3].Failure!;
        Assert.Equal(("InstanceNotManaged", Id(3), AwsErrorKind.NotFound), (unknown.ErrorId, unknown.TargetId, unknown.Kind));
        Assert.Contains("us-east-1", unknown.Message);
        Assert.Contains("Get-PatchInstance -ManagedOnly", unknown.RecommendedAction);
        Assert.Equal(new[] { Id(2), Id(3) }, Assert.Single(_gateways.SsmFake.Calls));
    }

    [Fact]
    public async Task An_instance_Systems_Manager_does_not_list_is_told_stopped_or_unmanaged_by_its_EC2_state()
    {
        Scanned(1);
        _gateways.Ec2Fake.Instances.Add(new Ec2InstanceRecord { InstanceId = Id(4), State = "stopped" });    // SSM lists no stopped instance
        _gateways.Ec2Fake.Instances.Add(new Ec2InstanceRecord { InstanceId = Id(5), State = "running" });    // no agent registered
        _gateways.Ec2Fake.Instances.Add(new Ec2InstanceRecord { InstanceId = Id(6), State = "stopped" });
        _gateways.PatchStatesFake.States[Id(6)] = new PatchCompliance { InstanceId = Id(6), Region = "us-east-1", Operation = "Scan", OperationEndTime = Now.AddDays(-1), InstalledCount = 3 };

        var results = await RunAsync(ForIds([1, 3, 4, 5, 6]));

        Assert.Equal("Compliant", results[0].Value!.ComplianceState);
        var gone = results[1].Failure!;
        Assert.Equal(("InstanceNotManaged", Id(3)), (gone.ErrorId, gone.TargetId));
        Assert.Contains("There is no instance", gone.Message);
        var stopped = results[2].Failure!;
        Assert.Equal(("InstanceNotRunning", Id(4)), (stopped.ErrorId, stopped.TargetId));
        Assert.Contains($"Instance {Id(4)} is stopped in us-east-1", stopped.Message);
        Assert.StartsWith("Start the instance", stopped.RecommendedAction);
        var unmanaged = results[3].Failure!;
        Assert.Equal(("InstanceNotManaged", Id(5), AwsErrorKind.NotFound), (unmanaged.ErrorId, unmanaged.TargetId, unmanaged.Kind));
        Assert.Contains("is running in us-east-1, but Systems Manager does not manage it: its SSM agent is not registered", unmanaged.Message);
        Assert.StartsWith("Install and register the SSM agent", unmanaged.RecommendedAction);
        Assert.Equal("Compliant", results[4].Value!.ComplianceState);   // stopped, but scanned before it stopped: its last state stands
        var call = Assert.Single(_gateways.Ec2Fake.Calls);   // one DescribeInstances for the three SSM does not list
        Assert.Equal(new[] { Id(3), Id(4), Id(5) }, call["instance-id"]);
    }

    [Fact]
    public async Task When_EC2_cannot_say_an_unlisted_instance_gets_the_error_that_names_every_cause()
    {
        _gateways.Ec2Fake.Failure = new AwsCallException("ec2:DescribeInstances", AwsErrorKind.AccessDenied, "UnauthorizedOperation", "You are not authorized to perform this operation.");

        var failure = Assert.Single(await RunAsync(ForIds([4]))).Failure!;

        Assert.Equal(("InstanceNotManaged", Id(4)), (failure.ErrorId, failure.TargetId));
        Assert.Contains("does not exist there, is stopped, or its SSM agent is not registered", failure.Message);
        Assert.Contains("You are not authorized", failure.Message);
    }

    [Fact]
    public async Task The_whole_region_is_listed_from_ssm_and_batched_by_page()
    {
        foreach (var n in Enumerable.Range(1, 130)) Scanned(n, daysAgo: n % 2 == 0 ? 10 : 1);
        foreach (var n in Enumerable.Range(131, 10)) Managed(n);

        var results = await RunAsync(new ComplianceQuery { States = ["NotScanned", "Stale"] });

        Assert.Equal(75, results.Count);
        Assert.Equal(10, results.Count(r => r.Value!.ComplianceState == "NotScanned"));
        Assert.Equal(3, _gateways.SsmFake.Calls.Count);   // 140 managed: pages of 50
        Assert.All(_gateways.SsmFake.Calls, c => Assert.Empty(c));
        Assert.Equal(3, _gateways.PatchStatesFake.StateCalls.Count);
    }

    [Fact]
    public async Task A_failed_batch_fails_its_ids_and_the_other_batches_still_come_out()
    {
        foreach (var n in Enumerable.Range(1, 100)) Scanned(n);
        _gateways.PatchStatesFake.FailFor = (Id(70), new AwsCallException("ssm:DescribeInstancePatchStates", AwsErrorKind.Throttled, "ThrottlingException", "Rate exceeded."));

        var results = await RunAsync(ForIds(Enumerable.Range(1, 100)));

        Assert.Equal(50, results.Count(r => r.Value != null));
        Assert.All(results.Skip(50), r => Assert.Equal(("ComplianceLookupFailed", AwsErrorKind.Throttled), (r.Failure!.ErrorId, r.Failure.Kind)));
    }

    [Fact]
    public async Task Patch_groups_page_through_DescribeInstancePatchStatesForPatchGroup()
    {
        foreach (var n in Enumerable.Range(1, 25)) Scanned(n, group: n <= 15 ? "web-prod" : "db-prod");
        _gateways.PatchStatesFake.PageSize = 10;

        var results = await RunAsync(new ComplianceQuery { PatchGroups = ["web-prod"] });

        Assert.Equal(15, results.Count);
        Assert.All(results, r => Assert.Equal("web-prod", r.Value!.PatchGroup));
        Assert.Equal(2, _gateways.PatchStatesFake.GroupCalls.Count);
    }

    [Fact]
    public async Task Patches_stream_per_instance_with_filters_and_unmanaged_instances_fail_alone()
    {
        _gateways.PatchStatesFake.Patches[Id(1)] =
        [
            new PatchMissing { InstanceId = Id(1), Region = "us-east-1", Title = "a", State = "Missing", Severity = "Critical", CVEIds = ["CVE-2025-1"] },
            new PatchMissing { InstanceId = Id(1), Region = "us-east-1", Title = "b", State = "Installed", Severity = "Critical" },
            new PatchMissing { InstanceId = Id(1), Region = "us-east-1", Title = "c", State = "Failed", Severity = "Low" },
        ];
        var service = new ComplianceService(_gateways);

        var results = await CollectAsync(service.GetPatchesAsync(_session, new PatchQuery { InstanceIds = [Id(1), Id(2)], Severities = ["Critical"] }, new CollectingReporter(), CancellationToken.None));

        var patch = Assert.Single(results, r => r.Value != null).Value!;
        Assert.Equal((Id(1), "a", "us-east-1", "CVE-2025-1"), (patch.InstanceId, patch.Title, patch.Region, patch.CVEIds.Single()));
        Assert.Equal("InstanceNotManaged", results.Single(r => r.Failure != null).Failure!.ErrorId);
    }

    [Fact]
    public async Task An_instance_never_scanned_gets_a_warning_not_an_empty_silence()
    {
        Scanned(1, missing: 1);
        _gateways.PatchStatesFake.Patches[Id(1)] = [new PatchMissing { InstanceId = Id(1), Region = "us-east-1", Title = "a", State = "Missing", Severity = "High" }];
        Managed(2);
        _gateways.PatchStatesFake.Patches[Id(2)] = [];   // managed, never scanned: Patch Manager has no list
        Scanned(3);
        _gateways.PatchStatesFake.Patches[Id(3)] = [];   // scanned, nothing missing
        var reporter = new CollectingReporter();

        var results = await CollectAsync(new ComplianceService(_gateways).GetPatchesAsync(_session, new PatchQuery { InstanceIds = [Id(1), Id(2), Id(3)] }, reporter, CancellationToken.None));

        Assert.Equal("a", Assert.Single(results).Value!.Title);
        var warning = Assert.Single(reporter.Warnings);
        Assert.Contains(Id(2), warning);
        Assert.Contains("never scanned", warning);
        Assert.Single(_gateways.PatchStatesFake.StateCalls);   // one state read for the three
    }

    [Fact]
    public async Task Installed_patches_of_a_hundred_and_twenty_instances_are_read_sixteen_at_a_time_two_pages_each_in_input_order()
    {
        foreach (var n in Enumerable.Range(1, 120))
        {
            Scanned(n);
            _gateways.PatchStatesFake.Patches[Id(n)] = Enumerable.Range(0, 150)
                .Select(k => new PatchMissing { InstanceId = Id(n), Region = "us-east-1", Title = $"p{k}", State = k % 5 == 0 ? "Missing" : "Installed", Severity = "Low" })
                .Append(new PatchMissing { InstanceId = Id(n), Region = "us-east-1", Title = "pending", State = "InstalledPendingReboot", Severity = "Low" })
                .ToList();
        }
        _gateways.PatchStatesFake.PageSize = 100;
        _gateways.PatchStatesFake.Yield = true;
        var reporter = new CollectingReporter();

        var results = await CollectAsync(new ComplianceService(_gateways).GetPatchesAsync(_session,
            new PatchQuery { InstanceIds = Enumerable.Range(1, 120).Select(Id).ToList(), States = ["Installed", "InstalledPendingReboot"] }, reporter, CancellationToken.None));

        // The State filter goes to the API: 121 installed an instance, so 2 pages of 100 (the model's maximum) each.
        Assert.Equal(120 * 121, results.Count);
        Assert.All(results, r => Assert.NotEqual("Missing", r.Value!.State));
        Assert.Equal(Enumerable.Range(1, 120).Select(Id), results.Select(r => r.Value!.InstanceId).Distinct());
        Assert.Equal(240, _gateways.PatchStatesFake.PatchCalls.Count);
        // One fan-out across the 50-id chunks, at the documented bound and never above it.
        Assert.Equal(ComplianceService.PatchReadsInFlight, _gateways.PatchStatesFake.MaxPatchReadsInFlight);
        Assert.Equal(3, _gateways.PatchStatesFake.StateCalls.Count);
        Assert.Empty(reporter.Warnings);
    }

    [Fact]
    public void The_tally_counts_states_per_group_and_environment()
    {
        var tally = new ComplianceTally();
        tally.Add(new PatchCompliance { ComplianceState = "Compliant", PatchGroup = "web", Environment = "prod", Region = "us-east-1" });
        tally.Add(new PatchCompliance { ComplianceState = "NonCompliant", PatchGroup = "web", Environment = "prod", Region = "us-east-1" });
        tally.Add(new PatchCompliance { ComplianceState = "NotScanned", Region = "eu-west-1" });

        var summary = tally.ToSummary("us-east-1");

        Assert.Equal((3, 1, 1, 1, 0, 0), (summary.Total, summary.Compliant, summary.NonCompliant, summary.NotScanned, summary.Stale, summary.PendingReboot));
        Assert.Equal("eu-west-1, us-east-1", summary.Region);
        Assert.Equal(("web", 2, 1), (summary.ByPatchGroup[0].Name, summary.ByPatchGroup[0].Total, summary.ByPatchGroup[0].Compliant));
        Assert.Equal("(none)", summary.ByEnvironment[1].Name);
    }
}
