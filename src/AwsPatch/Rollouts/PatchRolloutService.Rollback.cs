using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Runs;
using AwsPatch.Snapshots;

namespace AwsPatch.Rollouts
{
    public sealed partial class PatchRolloutService
    {
        /// <summary>The wave's completed pre-patch snapshot sets (tagged with its RunId), one DescribeSnapshots listing for the wave.</summary>
        private async Task SnapshotSetsAsync(AwsSession session, WaveRun run, IRolloutSink sink, CancellationToken cancellationToken)
        {
            if (run.Record.SkipSnapshot)
                return;
            await foreach (var outcome in _snapshots.GetAsync(session, new SnapshotQuery { RunIds = new[] { run.Wave.RunId } }, sink, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Value is { } set && set.State == SnapshotSet.Completed && run.Wave.InstanceIds.Contains(set.InstanceId))
                {
                    run.Sets[set.InstanceId] = set;
                    if (!string.IsNullOrEmpty(set.RootSnapshotId))
                        run.RootSnapshots[set.InstanceId] = set.RootSnapshotId!;
                }
            }
        }

        /// <summary>
        /// Restores every failed instance of the wave that was sent the install from its pre-patch snapshot set (the
        /// Restore-PatchSnapshot path: replace-root-volume tasks, waited), then checks it is back (agent Online, EC2
        /// status checks ok). Only those that got all the way are RolledBack; the rest carry why.
        /// </summary>
        private async Task RollbackAsync(AwsSession session, WaveRun run, IReadOnlyList<string> failed, RolloutOptions options, IRolloutSink sink, CancellationToken cancellationToken)
        {
            var touched = new List<string>();
            foreach (var id in failed.Where(id => run.Results.TryGetValue(id, out var r) && !string.IsNullOrEmpty(r.CommandId)))
            {
                // Cancelled before it started (an alarm stopped the command first): nothing ran on it, nothing to restore.
                if (run.Results[id] is { Status: InvocationStatus.Cancelled, StartedAt: null })
                    run.RollbackErrors[id] = "Not rolled back: its install was cancelled before it started, so nothing on it changed.";
                else
                    touched.Add(id);
            }
            var sets = new List<PatchSnapshot>();
            foreach (var id in touched)
            {
                if (run.Sets.TryGetValue(id, out var set))
                    sets.Add(set);
                else
                    run.RollbackErrors[id] = $"Not rolled back: no completed pre-patch snapshot set of run {run.Wave.RunId} was found for it.";
            }
            if (sets.Count == 0)
                return;
            sink.Verbose($"Rolling back {sets.Count} instance(s) of wave {run.Wave.Wave} ({run.Wave.Name}) to their pre-patch snapshots: {string.Join(", ", sets.Select(s => s.InstanceId))}.");
            var restored = new List<string>();
            var request = new RestoreRequest { Sets = sets, Wait = true, Timeout = options.Wait.Timeout, PollInterval = options.Wait.PollInterval };
            await foreach (var outcome in _snapshots.RestoreAsync(session, request, p => sink.SnapshotProgress(run.Wave.RunId + " rollback", p), sink, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Value is { } task)
                {
                    if (task.State == "succeeded")
                        restored.Add(task.InstanceId);
                    else
                        run.RollbackErrors[task.InstanceId] = $"Its rollback (task {task.TaskId}) ended {task.State}.";
                }
                else
                {
                    run.RollbackErrors[outcome.Failure!.TargetId] = $"Its rollback failed: {outcome.Failure.Message}";
                }
            }
            if (restored.Count == 0)
                return;
            var notBack = await RecoveredAsync(session, restored, options, sink, new Dictionary<string, string>(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
            foreach (var id in restored)
            {
                if (notBack.TryGetValue(id, out var why))
                    run.RollbackErrors[id] = $"Its root volume was restored, but {why}.";
                else
                    run.RolledBackIds.Add(id);
            }
        }
    }
}
