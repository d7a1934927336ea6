using System;
using System.Collections.Generic;
using System.Linq;
using AwsPatch.Aws;

namespace AwsPatch.Snapshots
{
    /// <summary>
    /// One instance's snapshots of one run while the service works with them. <see cref="State"/> is completed only
    /// when every snapshot is, error when any is, pending otherwise.
    /// </summary>
    internal sealed class SnapshotSet
    {
        public const string Pending = "pending";
        public const string Completed = "completed";
        public const string Error = "error";

        private readonly List<Ec2SnapshotRecord> _snapshots;

        public SnapshotSet(string instanceId, string runId, IEnumerable<Ec2SnapshotRecord> snapshots, string? rootVolumeId, IReadOnlyList<string>? volumeOrder = null)
        {
            InstanceId = instanceId;
            RunId = runId;
            RootVolumeId = rootVolumeId;
            var order = volumeOrder ?? Array.Empty<string>();
            _snapshots = snapshots
                .OrderBy(s => string.Equals(s.VolumeId, rootVolumeId, StringComparison.Ordinal) ? 0 : 1)
                .ThenBy(s => Index(order, s.VolumeId))
                .ThenBy(s => s.VolumeId, StringComparer.Ordinal)
                .ToList();
        }

        public string InstanceId { get; }

        public string RunId { get; }

        public string? RootVolumeId { get; }

        public IReadOnlyList<Ec2SnapshotRecord> Snapshots => _snapshots;

        public string State =>
            _snapshots.Any(s => s.State == Error) ? Error
            : _snapshots.Count > 0 && _snapshots.All(s => s.State == Completed) ? Completed
            : Pending;

        public int Progress => _snapshots.Count == 0 ? 0
            : _snapshots.All(s => s.State == Completed) ? 100
            : (int)_snapshots.Average(s => s.State == Completed ? 100 : s.Progress);

        public DateTime? StartTime => _snapshots.Where(s => s.StartTime.HasValue).Select(s => s.StartTime).DefaultIfEmpty(null).Min();

        /// <summary>When the last snapshot of a completed set finished, as EC2 reports it; null otherwise.</summary>
        public DateTime? CompletionTime => State == Completed && _snapshots.All(s => s.CompletionTime.HasValue) ? _snapshots.Max(s => s.CompletionTime) : null;

        public string? RootSnapshotId => _snapshots.FirstOrDefault(s => string.Equals(s.VolumeId, RootVolumeId, StringComparison.Ordinal))?.SnapshotId;

        /// <summary>Replaces each snapshot's record with the one a poll saw (snapshots not seen yet stay as they were).</summary>
        public void Update(IReadOnlyDictionary<string, Ec2SnapshotRecord> seen)
        {
            for (var i = 0; i < _snapshots.Count; i++)
            {
                if (seen.TryGetValue(_snapshots[i].SnapshotId, out var current))
                    _snapshots[i] = current;
            }
        }

        /// <param name="completedTime">When the caller saw a completed set complete; EC2's own completion time wins when it reports one.</param>
        public PatchSnapshot ToPatchSnapshot(string region, DateTime? completedTime) => new PatchSnapshot
        {
            // Both come from snapshot tags: AWS text like any other.
            InstanceId = SafeText.Text(InstanceId),
            RunId = SafeText.Text(RunId),
            SnapshotIds = _snapshots.Select(s => s.SnapshotId).ToList(),
            VolumeIds = _snapshots.Select(s => s.VolumeId).ToList(),
            RootSnapshotId = RootSnapshotId,
            State = State,
            Progress = Progress,
            StartTime = StartTime,
            CompletedTime = State == Completed ? CompletionTime ?? completedTime : null,
            Region = region,
        };

        private static int Index(IReadOnlyList<string> order, string volumeId)
        {
            for (var i = 0; i < order.Count; i++)
            {
                if (string.Equals(order[i], volumeId, StringComparison.Ordinal))
                    return i;
            }
            return int.MaxValue;
        }
    }
}
