using System.Collections.Concurrent;
using AwsPatch.Sandbox.Faults;

namespace AwsPatch.Sandbox;

/// <summary>
/// Fault injection per operation (keys like <c>ec2:DescribeInstances</c>) plus a default for all.
/// Random draws come from one seeded source, so a test run is repeatable.
/// </summary>
public sealed class FaultSettings
{
    private static readonly OperationFaults NoFaults = new();
    private readonly ConcurrentDictionary<string, OperationFaults> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _failingSnapshotInstances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _failingReplaceRootInstances = new(StringComparer.Ordinal);
    private readonly object _randomGate = new();
    private readonly int _seed;
    private Random _random;

    public FaultSettings(int seed = 42, RequestBuckets? buckets = null)
    {
        _seed = seed;
        _random = new Random(seed);
        Buckets = buckets;
    }

    /// <summary>
    /// Token-bucket throttling per operation and region on real time (<see cref="RequestBuckets.Ec2Documented"/>);
    /// null (the default) throttles only by <see cref="OperationFaults.ThrottleRate"/>. <see cref="Clear"/> keeps the
    /// buckets and fills them again.
    /// </summary>
    public RequestBuckets? Buckets { get; set; }

    /// <summary>Applies to every operation that does not set its own value.</summary>
    public OperationFaults Default { get; } = new();

    /// <summary>The faults of one operation, e.g. <c>For("ssm:DescribeInstanceInformation")</c>.</summary>
    public OperationFaults For(string operationKey) => _operations.GetOrAdd(operationKey, _ => new OperationFaults());

    /// <summary>Operations that have any fault set.</summary>
    public IReadOnlyDictionary<string, OperationFaults> Operations =>
        _operations.Where(p => !p.Value.IsEmpty).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>Removes every fault and restarts the random source from the seed.</summary>
    public void Clear()
    {
        Default.Clear();
        foreach (var faults in _operations.Values) faults.Clear();
        _operations.Clear();
        _failingSnapshotInstances.Clear();
        _failingReplaceRootInstances.Clear();
        Buckets?.Refill();
        lock (_randomGate) _random = new Random(_seed);
    }

    /// <summary>Snapshots created from now on of these instances' volumes end in <c>error</c> half way.</summary>
    public void FailSnapshotsOf(params string[] instanceIds)
    {
        foreach (var id in instanceIds) _failingSnapshotInstances[id] = 0;
    }

    /// <summary>Snapshots of these instances' volumes complete again (undoes <see cref="FailSnapshotsOf"/>).</summary>
    public void StopFailingSnapshotsOf(params string[] instanceIds)
    {
        foreach (var id in instanceIds) _failingSnapshotInstances.TryRemove(id, out _);
    }

    public IReadOnlyCollection<string> SnapshotFailureInstanceIds => _failingSnapshotInstances.Keys.ToArray();

    public bool SnapshotsFailFor(string instanceId) => _failingSnapshotInstances.ContainsKey(instanceId);

    /// <summary>Replace-root-volume tasks created from now on for these instances end in <c>failed</c>.</summary>
    public void FailReplaceRootVolumeTasksOf(params string[] instanceIds)
    {
        foreach (var id in instanceIds) _failingReplaceRootInstances[id] = 0;
    }

    public bool ReplaceRootVolumeTasksFailFor(string instanceId) => _failingReplaceRootInstances.ContainsKey(instanceId);

    internal FaultDecision Decide(string operationKey)
    {
        _operations.TryGetValue(operationKey, out var own);
        // A used-up count (see OperationFaults.Count) turns those faults off; the default's counts every request.
        if (own != null && !own.TryTake()) own = null;
        var all = Default.TryTake() ? Default : NoFaults;
        var latency = own?.LatencyMs ?? all.LatencyMs ?? 0;
        var throttle = own?.ThrottleRate ?? all.ThrottleRate ?? 0;
        var server = own?.ServerErrorRate ?? all.ServerErrorRate ?? 0;
        if ((own?.Error ?? all.Error) is { } error) return new FaultDecision(latency, FaultKind.Error, error);
        if (own?.Denied ?? all.Denied ?? false) return new FaultDecision(latency, FaultKind.AccessDenied);
        if (throttle <= 0 && server <= 0) return new FaultDecision(latency, FaultKind.None);

        double draw;
        lock (_randomGate) draw = _random.NextDouble();
        var kind = draw < throttle ? FaultKind.Throttle
            : draw < throttle + server ? FaultKind.ServerError
            : FaultKind.None;
        return new FaultDecision(latency, kind);
    }
}
