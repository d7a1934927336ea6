using System.Security.Cryptography;
using System.Text;

namespace AwsPatch.Sandbox;

/// <summary>EBS snapshots, AMIs and replace-root-volume tasks, guarded by the same lock as the instances.</summary>
public sealed partial class SandboxState
{
    private List<SandboxSnapshot> _snapshots = [];
    private List<SandboxImage> _images = [];
    private List<SandboxReplaceRootTask> _replaceRootTasks = [];
    private Dictionary<string, int> _snapshotLimits = new(StringComparer.Ordinal);
    private long _nextId;

    /// <summary>Every snapshot takes this long at least (simulated time).</summary>
    public TimeSpan SnapshotTimeBase { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Added per GiB of the volume's size.</summary>
    public TimeSpan SnapshotTimePerGiB { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A replace-root-volume task stays pending this long.</summary>
    public TimeSpan ReplaceRootPendingTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A replace-root-volume task finishes this long after it started.</summary>
    public TimeSpan ReplaceRootTime { get; set; } = TimeSpan.FromSeconds(60);

    public IReadOnlyList<SandboxSnapshot> Snapshots { get { lock (_gate) return _snapshots.ToArray(); } }

    public IReadOnlyList<SandboxImage> Images { get { lock (_gate) return _images.ToArray(); } }

    public IReadOnlyList<SandboxReplaceRootTask> ReplaceRootTasks { get { lock (_gate) return _replaceRootTasks.ToArray(); } }

    public SandboxSnapshot? FindSnapshot(string snapshotId)
    {
        lock (_gate) return _snapshots.FirstOrDefault(s => s.SnapshotId == snapshotId);
    }

    public void AddSnapshot(SandboxSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_gate) _snapshots.Add(snapshot);
    }

    public void AddImage(SandboxImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        lock (_gate) _images.Add(image);
    }

    /// <summary>The snapshot quota of a region (null: unlimited). CreateSnapshots beyond it fails with <c>SnapshotLimitExceeded</c>.</summary>
    public void SetSnapshotLimit(string region, int? limit)
    {
        lock (_gate)
        {
            if (limit is null) _snapshotLimits.Remove(region);
            else _snapshotLimits[region] = limit.Value;
        }
    }

    public int? SnapshotLimit(string region)
    {
        lock (_gate) return _snapshotLimits.TryGetValue(region, out var limit) ? limit : null;
    }

    /// <summary>A new id like <c>snap-0123456789abcdef0</c>: deterministic per reset, unique.</summary>
    public string NewId(string prefix)
    {
        var n = Interlocked.Increment(ref _nextId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{prefix}{n}"));
        return prefix + "-0" + Convert.ToHexString(hash)[..16].ToLowerInvariant();
    }

    /// <summary>Runs a query (or change) over instances, snapshots, images and tasks under the state lock.</summary>
    internal T WithEbs<T>(Func<SandboxEbsView, T> query)
    {
        lock (_gate) return query(new SandboxEbsView(_instances, _snapshots, _images, _replaceRootTasks));
    }

    /// <summary>Progresses snapshots and replace-root tasks to <paramref name="now"/> (the clock's Advanced event).</summary>
    public void AdvanceEbs(DateTime now)
    {
        lock (_gate)
        {
            foreach (var snapshot in _snapshots) snapshot.Advance(now);
            foreach (var task in _replaceRootTasks.Where(t => t.IsActive)) AdvanceTask(task, now);
        }
    }

    private void AdvanceTask(SandboxReplaceRootTask task, DateTime now)
    {
        var elapsed = now - task.StartTime;
        if (elapsed < ReplaceRootPendingTime) return;
        if (elapsed < ReplaceRootTime)
        {
            task.State = "in-progress";
            return;
        }

        var instance = _instances.FirstOrDefault(i => i.InstanceId == task.InstanceId && i.Region == task.Region);
        var root = instance?.Volumes.FirstOrDefault(v => v.DeviceName == instance.RootDeviceName);
        var snapshot = _snapshots.FirstOrDefault(s => s.SnapshotId == task.SnapshotId);
        task.CompleteTime = task.StartTime + ReplaceRootTime;
        if (task.Fails || instance is null || root is null || snapshot is null || instance.State is not ("running" or "stopped"))
        {
            task.State = "failed";
            return;
        }

        task.ReplacedVolumeId = root.VolumeId;
        root.VolumeId = NewId("vol");
        root.SnapshotId = snapshot.SnapshotId;
        root.SizeGiB = Math.Max(root.SizeGiB, snapshot.VolumeSizeGiB);
        root.AttachTime = task.CompleteTime;
        task.State = "succeeded";
        if (snapshot.Patches is { } patches) _runCommands.RestorePatches(instance.InstanceId, patches);
        if (instance.BrokenByPatchReboot && instance.Ssm is { } ssm)
        {
            // The pre-patch root volume boots as it did before the patch: the agent reconnects and the status checks pass.
            ssm.PingStatus = "Online";
            ssm.LastPingDateTime = task.CompleteTime.Value;
            instance.InstanceStatus = "ok";
            instance.InstanceStatusSince = task.CompleteTime;
            instance.BrokenByPatchReboot = false;
        }
    }

    private void ResetEbs()
    {
        _snapshots = [];
        _images = [];
        _replaceRootTasks = [];
        _snapshotLimits = new(StringComparer.Ordinal);
        Interlocked.Exchange(ref _nextId, 0);
    }
}
