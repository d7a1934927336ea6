using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using AwsPatch.Snapshots;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// Maps a service's per-instance progress to progress records: one parent activity (overall, with percent) and one
    /// child per instance (<c>ParentActivityId</c>), at most a few records per second per activity except state changes,
    /// and Completed records for everything shown (call <see cref="Complete"/> in a finally block).
    /// Thread-safe: services report from worker threads.
    /// </summary>
    internal sealed class WaitProgress
    {
        private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);

        private readonly object _gate = new object();
        private readonly AsyncPipeline _pipe;
        private readonly int _activityId;
        private readonly string _activity;
        private readonly string _noun;
        private readonly Dictionary<string, Child> _children = new Dictionary<string, Child>(StringComparer.Ordinal);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _parentWritten;
        private bool _shown;

        /// <param name="pipe">Where records go.</param>
        /// <param name="activityId">The cmdlet's fixed activity id; children take the ids after it.</param>
        /// <param name="activity">Parent activity text, e.g. "Creating pre-patch snapshots (run …)".</param>
        /// <param name="noun">What is counted, e.g. "snapshot sets".</param>
        public WaitProgress(AsyncPipeline pipe, int activityId, string activity, string noun)
        {
            _pipe = pipe;
            _activityId = activityId;
            _activity = activity;
            _noun = noun;
        }

        public void Report(SnapshotProgress progress)
        {
            lock (_gate)
            {
                var now = _clock.Elapsed;
                if (!_children.TryGetValue(progress.InstanceId, out var child))
                    _children[progress.InstanceId] = child = new Child(_activityId + 1 + _children.Count);
                var changed = child.State != progress.State;
                if (changed || child.Written == null || now - child.Written.Value >= MinInterval)
                {
                    child.State = progress.State;
                    child.Written = now;
                    _pipe.WriteProgress(new ProgressRecord(child.Id, progress.InstanceId, $"{progress.State} ({progress.Percent}%)")
                    {
                        ParentActivityId = _activityId,
                        PercentComplete = Clamp(progress.Percent),
                    });
                }

                if (changed || _parentWritten == null || now - _parentWritten.Value >= MinInterval)
                {
                    _parentWritten = now;
                    _shown = true;
                    var percent = progress.TotalSets == 0 ? 0 : progress.CompletedSets * 100 / progress.TotalSets;
                    _pipe.WriteProgress(new ProgressRecord(_activityId, _activity, $"{progress.CompletedSets} of {progress.TotalSets} {_noun} finished")
                    {
                        PercentComplete = Clamp(percent),
                    });
                }
            }
        }

        /// <summary>Completed records for every child and the parent that were shown.</summary>
        public void Complete()
        {
            lock (_gate)
            {
                foreach (var child in _children)
                {
                    _pipe.WriteProgress(new ProgressRecord(child.Value.Id, child.Key, "Done")
                    {
                        ParentActivityId = _activityId,
                        RecordType = ProgressRecordType.Completed,
                    });
                }
                if (_shown || _children.Count > 0)
                    _pipe.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
                _children.Clear();
                _shown = false;
            }
        }

        private static int Clamp(int percent) => Math.Max(0, Math.Min(100, percent));

        private sealed class Child
        {
            public Child(int id)
            {
                Id = id;
            }

            public int Id { get; }

            public string? State { get; set; }

            public TimeSpan? Written { get; set; }
        }
    }
}
