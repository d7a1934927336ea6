using AwsPatch.Aws;
using AwsPatch.Instances;
using AwsPatch.Runs;
using AwsPatch.Snapshots;
using AwsPatch.Tests.Unit.Instances;

namespace AwsPatch.Tests.Unit.Runs;

/// <summary>The run record in Parameter Store and the resume rule built on it.</summary>
public class RunRecordTests
{
    private readonly FakeGateways _gateways = new();
    private readonly AwsSession _session = TestSessions.UsEast1();

    private static string Id(int n) => $"i-{n:x17}";

    private static PatchRunRequest Request(string operation = "Install") => new()
    {
        RunId = "run-rec_1:a", Operation = operation, RebootOption = "NoReboot", InstallOverrideList = "s3://bucket/list.yaml", SnapshotFirst = true,
    };

    [Fact]
    public async Task A_record_of_thousands_of_instances_stays_within_the_standard_tier_and_reads_back_whole_across_pages()
    {
        var store = new RunRecordStore(_gateways.ParametersFake, "run-rec_1:a");
        await store.RecordAsync(RunRecord.For(Request()), Enumerable.Range(1, 2000).Select(Id).ToList(), CancellationToken.None);
        await store.RecordAsync(RunRecord.For(Request()), Enumerable.Range(1900, 600).Select(Id).ToList(), CancellationToken.None);   // 100 already recorded

        var values = _gateways.ParametersFake.Values;
        Assert.All(values, p => Assert.True(p.Value.Length <= ParameterStoreLimits.StandardValueLength, p.Key));
        Assert.All(values.Keys, name => Assert.StartsWith("/patch/awspatch/runs/run-rec__1_-a/", name));
        Assert.True(values.Count > ParameterStoreLimits.PageSize + 1, $"{values.Count} parameters: more than one page");

        var read = await new RunRecordStore(_gateways.ParametersFake, "run-rec_1:a").LoadAsync(CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(Enumerable.Range(1, 2499).Select(Id), read.InstanceIds);
        Assert.Equal(("Install", "NoReboot", "s3://bucket/list.yaml", (string?)null, true), (read.Operation, read.RebootOption, read.InstallOverrideList, read.BaselineOverride, read.SnapshotFirst));
    }

    [Fact]
    public async Task The_plan_is_written_alone_first_then_the_instance_chunks_four_at_a_time()
    {
        var held = new HeldParameterStore(_gateways.ParametersFake);
        var ids = Enumerable.Range(1, 2000).Select(Id).ToList();
        var record = new RunRecordStore(held, "run-rec_1:a").RecordAsync(RunRecord.For(Request()), ids, CancellationToken.None);

        await held.Held.Issued(1).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["put " + RunRecord.PlanName("run-rec_1:a")], held.Held.Calls);
        held.Held.Release(0);
        await held.Held.Issued(1 + ParameterStoreLimits.CallsInFlight).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1 + ParameterStoreLimits.CallsInFlight, held.Held.Calls.Count);
        held.Held.ReleaseAll();
        await record;

        var read = await new RunRecordStore(_gateways.ParametersFake, "run-rec_1:a").LoadAsync(CancellationToken.None);
        Assert.Equal(ids, read!.InstanceIds);
    }

    [Fact]
    public async Task Removing_a_record_deletes_the_plan_first_and_alone_then_the_other_chunks_at_once()
    {
        await new RunRecordStore(_gateways.ParametersFake, "run-rec_1:a").RecordAsync(RunRecord.For(Request()), Enumerable.Range(1, 5000).Select(Id).ToList(), CancellationToken.None);
        var names = _gateways.ParametersFake.Values.Count;
        Assert.InRange(names, 2 * ParameterStoreLimits.NamesPerDelete + 1, 3 * ParameterStoreLimits.NamesPerDelete);   // three DeleteParameters calls
        var held = new HeldParameterStore(_gateways.ParametersFake);
        var store = new RunRecordStore(held, "run-rec_1:a");
        Assert.NotNull(await store.LoadAsync(CancellationToken.None));

        var delete = store.DeleteAsync(CancellationToken.None);
        // Once the plan is gone the record reads as removed, whatever chunks a killed process left.
        await held.Held.Issued(1).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("delete " + RunRecord.PlanName("run-rec_1:a") + " ", Assert.Single(held.Held.Calls));
        held.Held.Release(0);
        await held.Held.Issued(3).WaitAsync(TimeSpan.FromSeconds(30));
        held.Held.ReleaseAll();
        await delete;

        Assert.Empty(_gateways.ParametersFake.Values);
        Assert.Null(await new RunRecordStore(_gateways.ParametersFake, "run-rec_1:a").LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_RunId_recorded_with_other_parameters_is_in_use_and_nothing_is_overwritten()
    {
        await new RunRecordStore(_gateways.ParametersFake, "run-rec_1:a").RecordAsync(RunRecord.For(Request()), [Id(1)], CancellationToken.None);

        await Assert.ThrowsAsync<RunIdInUseException>(() =>
            new RunRecordStore(_gateways.ParametersFake, "run-rec_1:a").RecordAsync(RunRecord.For(Request("Scan")), [Id(2)], CancellationToken.None));
        await new RunRecordStore(_gateways.ParametersFake, "run-rec_1:a").RecordAsync(RunRecord.For(Request()), [Id(3)], CancellationToken.None);

        var read = await new RunRecordStore(_gateways.ParametersFake, "run-rec_1:a").LoadAsync(CancellationToken.None);
        Assert.Equal([Id(1), Id(3)], read!.InstanceIds);
        Assert.Equal("Install", read.Operation);
    }

    [Fact]
    public async Task Resume_sends_to_the_never_sent_and_the_unsuccessful_and_only_reports_the_ones_in_flight()
    {
        var service = new PatchRunService(_gateways, new InstanceService(_gateways), new SnapshotService(_gateways));
        var request = Request();
        _gateways.RunCommandFake.Outcomes[Id(2)] = "Failed";
        var (done, _) = await service.SendAsync(_session, request, [Id(1), Id(2)], new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);
        await foreach (var _ in service.WaitAsync(_session, done, new RunWaitOptions { PollInterval = TimeSpan.Zero, Timeout = TimeSpan.FromMinutes(1) }, null, new CollectingReporter(), CancellationToken.None)) { }
        await service.SendAsync(_session, request, [Id(3)], new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);
        _gateways.RunCommandFake.StepsPerPoll = 0;   // Id(3) stays Pending
        var record = new RunRecord { RunId = request.RunId, Operation = "Install", RebootOption = "NoReboot", InstanceIds = [Id(1), Id(2), Id(3), Id(4)] };

        var plan = await service.PlanResumeAsync(_session, request.RunId, [Id(5)], CancellationToken.None, record);

        Assert.Equal([Id(2), Id(4), Id(5)], plan.Resend);
        Assert.Equal(2, plan.NeverSent);
        Assert.Equal([Id(3)], plan.InFlight.Select(r => r.InstanceId));
        Assert.Equal("Pending", plan.InFlight[0].Status);
        Assert.Equal([Id(1)], plan.SucceededIds);
        Assert.Equal("NoReboot", plan.Parameter("RebootOption"));   // from the record
    }
}
