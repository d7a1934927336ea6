using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using AwsPatch.Common;
using AwsPatch.Runs;
using AwsPatch.Snapshots;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// Maps a run's poll cycles to progress records: one parent (counts by status, percent finished) and one child per
    /// running instance (<c>ParentActivityId</c> = the parent), throttled to a few per second; <see cref="Complete"/> closes
    /// every open record and belongs in a <c>finally</c>. A run's snapshot phase goes through <see cref="WaitProgress"/>. As a run workflow's sink it also passes warnings and verbose text on.
    /// </summary>
    internal sealed class RunProgressWriter : IPatchRunSink
    {
        private static readonly TimeSpan Throttle = TimeSpan.FromMilliseconds(250);
        private readonly AsyncPipeline _pipe;
        private readonly int _activityId;
        private readonly string _activity;
        private readonly Dictionary<string, int> _children = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _lastStatus = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Stopwatch _sinceParent = new Stopwatch();
        private string? _lastCounts;
        private WaitProgress? _snapshots;
        private bool _parentOpen;
        private readonly int _parentActivityId;

        /// <param name="parentActivityId">The record this run's parent record nests under (a rollout's), or -1 for none.</param>
        public RunProgressWriter(AsyncPipeline pipe, int activityId, string activity, int parentActivityId = -1)
        {
            _parentActivityId = parentActivityId;
            _pipe = pipe;
            _activityId = activityId;
            _activity = activity;
        }

        public void Report(PatchRunProgress progress)
        {
            CompleteSnapshots();
            var counts = string.Join(", ", progress.CountsByStatus.OrderBy(p => Order(p.Key)).Select(p => $"{p.Key} {p.Value}"));
            if (counts != _lastCounts || !_sinceParent.IsRunning || _sinceParent.Elapsed >= Throttle)
            {
                var parent = new ProgressRecord(_activityId, $"{_activity} {progress.RunId}", $"{progress.Finished} of {progress.Total} finished: {counts}") { ParentActivityId = _parentActivityId };
                if (progress.Total > 0)
                    parent.PercentComplete = Math.Min(100, progress.Finished * 100 / progress.Total);
                _pipe.WriteProgress(parent);
                _parentOpen = true;
                _lastCounts = counts;
                _sinceParent.Restart();
            }

            foreach (var pair in progress.StatusByInstance)
            {
                if (_lastStatus.TryGetValue(pair.Key, out var before) && before == pair.Value)
                    continue;
                _lastStatus[pair.Key] = pair.Value;
                if (pair.Value == InvocationStatus.Pending)
                    continue;
                if (!_children.TryGetValue(pair.Key, out var childId))
                {
                    if (InvocationStatus.IsTerminal(pair.Value))
                        continue; // finished between two polls: no record to open or close
                    _children[pair.Key] = childId = _activityId + 1 + _children.Count;
                }
                var child = new ProgressRecord(childId, pair.Key, pair.Value) { ParentActivityId = _activityId };
                if (InvocationStatus.IsTerminal(pair.Value))
                {
                    child.RecordType = ProgressRecordType.Completed;
                    _children.Remove(pair.Key);
                }
                _pipe.WriteProgress(child);
            }
        }

        /// <summary>
        /// The snapshot phase of run <paramref name="runId"/> (named in the activity, so a stopped user knows which run),
        /// shown exactly as New-PatchSnapshot -Wait shows it: the one progress writer for snapshot waits.
        /// </summary>
        public void ReportSnapshots(string runId, SnapshotProgress progress)
        {
            _snapshots ??= new WaitProgress(_pipe, _activityId, $"{_activity} {runId}: pre-patch snapshots", "snapshot sets");
            _snapshots.Report(progress);
        }

        void IPatchRunSink.RunProgress(PatchRunProgress progress) => Report(progress);

        void IPatchRunSink.SnapshotProgress(string runId, SnapshotProgress progress) => ReportSnapshots(runId, progress);

        void IOperationReporter.Warning(string message) => _pipe.WriteWarning(message);

        void IOperationReporter.Verbose(string message) => _pipe.WriteVerbose(message);

        public void Complete()
        {
            CompleteSnapshots();
            foreach (var pair in _children)
                _pipe.WriteProgress(new ProgressRecord(pair.Value, pair.Key, "Done") { ParentActivityId = _activityId, RecordType = ProgressRecordType.Completed });
            _children.Clear();
            if (_parentOpen)
                _pipe.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { ParentActivityId = _parentActivityId, RecordType = ProgressRecordType.Completed });
            _parentOpen = false;
        }

        /// <summary>Closes the snapshot phase's records (its children take the same ids as the run's).</summary>
        private void CompleteSnapshots()
        {
            _snapshots?.Complete();
            _snapshots = null;
        }

        private static int Order(string status) => status switch
        {
            InvocationStatus.Pending => 0,
            InvocationStatus.InProgress => 1,
            InvocationStatus.Success => 2,
            _ => 3,
        };
    }
}
