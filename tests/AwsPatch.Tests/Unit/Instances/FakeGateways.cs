using System.Collections.Concurrent;
using AwsPatch.Aws;
using AwsPatch.Tests.Unit.Runs;

namespace AwsPatch.Tests.Unit.Instances;

/// <summary>Hand-written fakes of the narrow gateway interfaces: filter and page like the APIs do, and record calls.</summary>
internal sealed class FakeGateways : IAwsGateways
{
    public FakeEc2 Ec2Fake { get; } = new();
    public FakeSsm SsmFake { get; } = new();
    public IEc2Gateway Ec2(AwsSession session) => Ec2Fake;
    public ISsmGateway Ssm(AwsSession session) => SsmFake;
    public FakeInspector InspectorFake { get; } = new();
    public IInspectorGateway Inspector(AwsSession session) => InspectorFake;
    public FakeRunCommand RunCommandFake { get; } = new();
    public IRunCommandGateway RunCommand(AwsSession session) => RunCommandFake;
    public AwsPatch.Tests.Unit.Snapshots.FakeSnapshotGateway SnapshotFake { get; } = new();
    public ISnapshotGateway Snapshots(AwsSession session) => SnapshotFake;
    public AwsPatch.Tests.Unit.Snapshots.FakeRootVolumeGateway RootVolumeFake { get; } = new();
    public IRootVolumeGateway RootVolumes(AwsSession session) => RootVolumeFake;
    public AwsPatch.Tests.Unit.Compliance.FakePatchStates PatchStatesFake { get; } = new();
    public IPatchStateGateway PatchStates(AwsSession session) => PatchStatesFake;
    public AwsPatch.Tests.Unit.Runs.FakeParameterStore ParametersFake { get; } = new();
    public IParameterStoreGateway Parameters(AwsSession session) => ParametersFake;
    public ServiceClock ServiceClock { get; set; } = new();
    public ServiceClock Clock(AwsSession session) => ServiceClock;
}

internal sealed class FakeEc2 : IEc2Gateway
{
    public List<Ec2InstanceRecord> Instances { get; } = new();
    public ConcurrentQueue<IReadOnlyDictionary<string, IReadOnlyList<string>>> Calls { get; } = new();
    public int PageSize { get; set; } = 1000;

    /// <summary>When set, every DescribeInstances fails with it.</summary>
    public AwsCallException? Failure { get; set; }

    public Task<Page<Ec2InstanceRecord>> DescribeInstancesAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        Calls.Enqueue(filters);
        if (Failure != null) throw Failure;
        var matching = Instances.Where(i => filters.All(f => Matches(i, f.Key, f.Value))).ToList();
        var start = nextToken == null ? 0 : int.Parse(nextToken);
        var size = Math.Min(maxResults, PageSize);
        var page = matching.Skip(start).Take(size).ToList();
        var next = start + size < matching.Count ? (start + size).ToString() : null;
        return Task.FromResult(new Page<Ec2InstanceRecord>(page, next));
    }

    /// <summary>Status checks per instance id; an instance not listed here answers ok when it is running.</summary>
    public Dictionary<string, (string Instance, string System)> Statuses { get; } = new();
    public ConcurrentQueue<IReadOnlyList<string>> StatusCalls { get; } = new();

    public Task<IReadOnlyList<Ec2InstanceStatusRecord>> DescribeInstanceStatusAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
    {
        if (instanceIds.Count > Ec2InstanceStatusRecord.IdsPerCall)
            throw new AwsCallException("ec2:DescribeInstanceStatus", AwsErrorKind.InvalidInput, "InvalidParameterValue", "more than 100 instance ids");
        StatusCalls.Enqueue(instanceIds);
        IReadOnlyList<Ec2InstanceStatusRecord> answer = Instances.Where(i => instanceIds.Contains(i.InstanceId)).Select(i => new Ec2InstanceStatusRecord
        {
            InstanceId = i.InstanceId,
            State = i.State,
            InstanceStatus = Statuses.TryGetValue(i.InstanceId, out var s) ? s.Instance : i.State == "running" ? "ok" : "not-applicable",
            SystemStatus = Statuses.TryGetValue(i.InstanceId, out var t) ? t.System : i.State == "running" ? "ok" : "not-applicable",
        }).ToList();
        return Task.FromResult(answer);
    }

    private static bool Matches(Ec2InstanceRecord instance, string name, IReadOnlyList<string> values) => name switch
    {
        "instance-id" => values.Contains(instance.InstanceId),
        _ when name.StartsWith("tag:") => instance.Tags.TryGetValue(name[4..], out var v) && values.Contains(v),
        _ => throw new InvalidOperationException("unexpected filter " + name),
    };
}

internal sealed class FakeSsm : ISsmGateway
{
    public Dictionary<string, SsmInstanceRecord> Managed { get; } = new();
    public ConcurrentQueue<IReadOnlyList<string>> Calls { get; } = new();
    public AwsCallException? Failure { get; set; }

    /// <summary>When set, only the first this many calls fail with <see cref="Failure"/>; the later ones answer.</summary>
    public int? FailFirstCalls { get; set; }

    /// <summary>When set (with <see cref="Failure"/>), the calls for which it is true fail, every time they are made.</summary>
    public Func<IReadOnlyList<string>, bool>? FailFor { get; set; }

    public Task<Page<SsmInstanceRecord>> DescribeInstanceInformationAsync(IReadOnlyList<string> instanceIds, int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        Calls.Enqueue(instanceIds);
        if (Failure != null && (FailFor != null ? FailFor(instanceIds) : FailFirstCalls == null || Calls.Count <= FailFirstCalls))
            throw Failure;
        if (instanceIds.Count == 0)
        {
            // No filter: the whole region, paged.
            var start = nextToken == null ? 0 : int.Parse(nextToken);
            var all = Managed.Values.OrderBy(r => r.InstanceId, StringComparer.Ordinal).ToList();
            var next = start + maxResults < all.Count ? (start + maxResults).ToString() : null;
            return Task.FromResult(new Page<SsmInstanceRecord>(all.Skip(start).Take(maxResults).ToList(), next));
        }

        Assert.InRange(instanceIds.Count, 1, 100);
        Assert.InRange(maxResults, 5, 50);
        var found = instanceIds.Where(Managed.ContainsKey).Select(id => Managed[id]).ToList();
        return Task.FromResult(new Page<SsmInstanceRecord>(found, null));
    }
}

internal sealed class CollectingReporter : AwsPatch.Common.IOperationReporter
{
    public ConcurrentQueue<string> Warnings { get; } = new();
    public void Warning(string message) => Warnings.Enqueue(message);
    public ConcurrentQueue<string> VerboseLines { get; } = new();
    public void Verbose(string message) => VerboseLines.Enqueue(message);
}
