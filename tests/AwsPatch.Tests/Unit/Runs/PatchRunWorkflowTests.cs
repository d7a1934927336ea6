using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Instances;
using AwsPatch.Runs;
using AwsPatch.Snapshots;
using AwsPatch.Tests.Unit.Instances;

namespace AwsPatch.Tests.Unit.Runs;

/// <summary>The run workflow over hand-written gateways: approval per instance, what it remembers, what it warns.</summary>
public sealed class PatchRunWorkflowTests
{
    private readonly FakeGateways _gateways = new();
    private readonly AwsSession _session = TestSessions.UsEast1();
    private readonly Sink _sink = new();

    private static string Id(int n) => $"i-{n:x17}";

    private PatchRunWorkflow Workflow(bool wait = false) =>
        new PatchRunService(_gateways, new InstanceService(_gateways), new SnapshotService(_gateways))
            .Start(new PatchRunPlan { Request = new PatchRunRequest { RunId = "run-flow", Operation = "Install" }, Wait = wait, WaitOptions = new RunWaitOptions { PollInterval = TimeSpan.Zero } });

    private void AddManaged(int n, string ping = "Online")
    {
        _gateways.Ec2Fake.Instances.Add(new Ec2InstanceRecord { InstanceId = Id(n), State = "running", InstanceType = "t3.micro", RootDeviceName = "/dev/xvda", Tags = new Dictionary<string, string>(), OwnerId = "123456789012" });
        _gateways.SsmFake.Managed[Id(n)] = new SsmInstanceRecord { InstanceId = Id(n), PingStatus = ping, PlatformType = "Linux" };
    }

    private static async Task<List<Outcome<PatchRunResult>>> All(IAsyncEnumerable<Outcome<PatchRunResult>> outcomes)
    {
        var list = new List<Outcome<PatchRunResult>>();
        await foreach (var outcome in outcomes)
            list.Add(outcome);
        return list;
    }

    [Fact]
    public async Task Approval_is_asked_per_instance_and_only_approved_instances_are_sent_and_remembered()
    {
        AddManaged(1);
        AddManaged(2);
        var asked = new List<string>();
        var workflow = Workflow();

        var outcomes = await All(workflow.LaunchAsync(_session, new InstanceQuery { InstanceIds = [Id(1), Id(2)] },
            (target, request, _) => { asked.Add(target); return Task.FromResult(target.StartsWith(Id(2), StringComparison.Ordinal)); }, _sink, CancellationToken.None));

        Assert.Equal([$"{Id(1)} (us-east-1)", $"{Id(2)} (us-east-1)"], asked);
        var pending = Assert.Single(outcomes).Value!;
        Assert.Equal(Id(2), pending.InstanceId);
        Assert.Equal("Pending", pending.Status);
        Assert.Equal([Id(2)], Assert.Single(workflow.Sent).InstanceIds);
        Assert.Contains("run-flow", workflow.StoppedMessage());
        Assert.Empty(await All(workflow.FinishAsync(_sink, CancellationToken.None)));
        Assert.Empty(_sink.Warnings);   // declined is not "reached no instance"
    }

    [Fact]
    public async Task A_run_that_sent_nothing_warns_why_and_has_nothing_to_follow()
    {
        AddManaged(1, ping: "ConnectionLost");
        var workflow = Workflow(wait: true);

        var launched = await All(workflow.LaunchAsync(_session, new InstanceQuery { InstanceIds = [Id(1)] }, (_, _, _) => Task.FromResult(true), _sink, CancellationToken.None));
        var finished = await All(workflow.FinishAsync(_sink, CancellationToken.None));

        Assert.Equal("InstanceNotManaged", Assert.Single(launched).Failure!.ErrorId);
        Assert.Empty(finished);
        Assert.Contains("run-flow reached no instance", Assert.Single(_sink.Warnings));
        Assert.Null(workflow.StoppedMessage());
        Assert.Empty(_gateways.RunCommandFake.Sends);
    }

    private sealed class Sink : IPatchRunSink
    {
        public List<string> Warnings { get; } = new();
        public void Warning(string message) => Warnings.Add(message);
        public void Verbose(string message) { }
        public void RunProgress(PatchRunProgress progress) { }
        public void SnapshotProgress(string runId, SnapshotProgress progress) { }
    }
}
