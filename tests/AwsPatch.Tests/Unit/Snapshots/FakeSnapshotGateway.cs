using System.Collections.Concurrent;
using AwsPatch.Aws;
using AwsPatch.Tests.Unit.Instances;

namespace AwsPatch.Tests.Unit.Snapshots;

/// <summary>
/// Snapshots in memory: each DescribeSnapshots listing (a call without NextToken starts one) moves every pending snapshot
/// <see cref="ProgressPerPoll"/> percent on; instances in <see cref="FailingInstances"/> end in error. Records every call.
/// </summary>
internal sealed class FakeSnapshotGateway : ISnapshotGateway
{
    private readonly object _gate = new();
    private int _next;

    public List<Snap> Snapshots { get; } = new();
    public List<Ec2ImageRecord> Images { get; } = new();
    public HashSet<string> FailingInstances { get; } = new();
    public int ProgressPerPoll { get; set; } = 50;
    public ConcurrentQueue<string> CreateCalls { get; } = new();
    public ConcurrentQueue<(IReadOnlyDictionary<string, IReadOnlyList<string>> Filters, int MaxResults, string? Token, int Returned)> DescribeCalls { get; } = new();
    public ConcurrentQueue<string> DeleteCalls { get; } = new();
    public ConcurrentQueue<IReadOnlyDictionary<string, IReadOnlyList<string>>> ImageCalls { get; } = new();
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> CreateTags { get; } = new();
    public Func<string, AwsCallException?> CreateFailure { get; set; } = _ => null;
    public int MaxConcurrentCreates { get; private set; }
    private int _inFlight;

    public sealed class Snap
    {
        public required string SnapshotId { get; init; }
        public required string VolumeId { get; init; }
        public required string InstanceId { get; init; }
        public string State { get; set; } = "pending";
        public int Progress { get; set; }
        public DateTime StartTime { get; init; }
        public Dictionary<string, string> Tags { get; init; } = new();

        public Ec2SnapshotRecord Record() => new() { SnapshotId = SnapshotId, VolumeId = VolumeId, State = State, Progress = Progress, StartTime = StartTime, Tags = Tags, VolumeSize = 8 };
    }

    /// <summary>Volumes per instance, as EC2 would see them (instance id → volume ids).</summary>
    public Dictionary<string, List<string>> Volumes { get; } = new();

    public async Task<IReadOnlyList<Ec2SnapshotRecord>> CreateSnapshotsAsync(string instanceId, IReadOnlyList<string> excludeDataVolumeIds, string description, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        lock (_gate) MaxConcurrentCreates = Math.Max(MaxConcurrentCreates, inFlight);
        try
        {
            await Task.Yield();
            CreateCalls.Enqueue(instanceId);
            CreateTags.Enqueue(tags);
            if (CreateFailure(instanceId) is { } failure) throw failure;
            lock (_gate)
            {
                var created = Volumes[instanceId].Where(v => !excludeDataVolumeIds.Contains(v)).Select(v => new Snap
                {
                    SnapshotId = $"snap-{Interlocked.Increment(ref _next):x17}",
                    VolumeId = v,
                    InstanceId = instanceId,
                    StartTime = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                    Tags = new Dictionary<string, string>(tags),
                }).ToList();
                Snapshots.AddRange(created);
                return created.Select(s => s.Record()).ToList();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public Task<Page<Ec2SnapshotRecord>> DescribeSnapshotsAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        Assert.InRange(maxResults, 5, 1000);
        lock (_gate)
        {
            if (nextToken == null)
            {
                foreach (var s in Snapshots.Where(s => s.State == "pending"))
                {
                    s.Progress = Math.Min(100, s.Progress + ProgressPerPoll);
                    if (FailingInstances.Contains(s.InstanceId) && s.Progress >= 50) s.State = "error";
                    else if (s.Progress >= 100) s.State = "completed";
                }
            }

            var matching = Snapshots.Where(s => filters.All(f => Matches(s, f.Key, f.Value))).OrderBy(s => s.SnapshotId, StringComparer.Ordinal).ToList();
            var start = nextToken == null ? 0 : int.Parse(nextToken);
            var page = matching.Skip(start).Take(maxResults).Select(s => s.Record()).ToList();
            var next = start + maxResults < matching.Count ? (start + maxResults).ToString() : null;
            DescribeCalls.Enqueue((filters, maxResults, nextToken, page.Count));
            return Task.FromResult(new Page<Ec2SnapshotRecord>(page, next));
        }
    }

    public Task DeleteSnapshotAsync(string snapshotId, CancellationToken cancellationToken)
    {
        DeleteCalls.Enqueue(snapshotId);
        lock (_gate)
        {
            if (Snapshots.RemoveAll(s => s.SnapshotId == snapshotId) == 0)
                throw new AwsCallException("ec2:DeleteSnapshot", AwsErrorKind.NotFound, "InvalidSnapshot.NotFound", $"The snapshot '{snapshotId}' does not exist.");
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Ec2ImageRecord>> DescribeImagesAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken)
    {
        ImageCalls.Enqueue(filters);
        var wanted = filters["block-device-mapping.snapshot-id"];
        Assert.InRange(wanted.Count, 1, 200);
        return Task.FromResult<IReadOnlyList<Ec2ImageRecord>>(Images.Where(i => i.SnapshotIds.Any(wanted.Contains)).ToList());
    }

    private static bool Matches(Snap s, string name, IReadOnlyList<string> values) => name switch
    {
        "tag-key" => s.Tags.Keys.Any(values.Contains),
        "status" => values.Contains(s.State),
        _ when name.StartsWith("tag:") => s.Tags.TryGetValue(name[4..], out var v) && values.Contains(v),
        _ => throw new InvalidOperationException("unexpected filter " + name),
    };
}

/// <summary>Replace-root-volume tasks in memory, listed by task id and/or instance id (restores themselves run against the sandbox).</summary>
internal sealed class FakeRootVolumeGateway : IRootVolumeGateway
{
    public List<Ec2ReplaceRootTaskRecord> Tasks { get; } = new();

    public Task<Ec2ReplaceRootTaskRecord> CreateReplaceRootVolumeTaskAsync(string instanceId, string snapshotId, bool deleteReplacedRootVolume, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<Page<Ec2ReplaceRootTaskRecord>> DescribeReplaceRootVolumeTasksAsync(IReadOnlyList<string> taskIds, IReadOnlyDictionary<string, IReadOnlyList<string>> filters, int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        var items = Tasks.Where(t => (taskIds.Count == 0 || taskIds.Contains(t.TaskId)) && (!filters.TryGetValue("instance-id", out var ids) || ids.Contains(t.InstanceId))).ToList();
        return Task.FromResult(new Page<Ec2ReplaceRootTaskRecord>(items, null));
    }
}
