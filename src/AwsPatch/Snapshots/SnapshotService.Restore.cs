using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Snapshots
{
    public sealed partial class SnapshotService
    {
        private static readonly string[] FinishedTaskStates = { "succeeded", "failed", "failed-detached" };

        /// <summary>
        /// Rolls each instance's root volume back to its set's root snapshot with CreateReplaceRootVolumeTask. Data
        /// volumes are not restored: a warning names them. With <see cref="RestoreRequest.Wait"/>, one
        /// DescribeReplaceRootVolumeTasks listing per poll cycle follows every task to succeeded or failed, polling through
        /// transient failures (<see cref="WaitRetry"/>).
        /// </summary>
        public async IAsyncEnumerable<Outcome<PatchRestoreResult>> RestoreAsync(AwsSession session, RestoreRequest request, Action<SnapshotProgress>? progress, IOperationReporter reporter, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var gateway = _gateways.RootVolumes(session);
            var region = session.RegionName;
            var ready = new List<PatchSnapshot>();
            foreach (var set in request.Sets)
            {
                if (set.State != SnapshotSet.Completed || string.IsNullOrEmpty(set.RootSnapshotId))
                {
                    yield return Outcome<PatchRestoreResult>.Failed(new ItemFailure(set.InstanceId, "SnapshotSetNotRestorable", AwsErrorKind.InvalidInput,
                        string.IsNullOrEmpty(set.RootSnapshotId)
                            ? $"The snapshot set of {set.InstanceId} (run {set.RunId}) has no root-volume snapshot to restore from."
                            : $"The snapshot set of {set.InstanceId} (run {set.RunId}) is {set.State}, not completed; it cannot be restored.",
                        "Restore from a completed set that includes the root volume (Get-PatchSnapshot -InstanceId <id> -State completed)."));
                    continue;
                }
                var data = set.SnapshotIds.Where(id => id != set.RootSnapshotId).ToList();
                if (data.Count > 0)
                {
                    reporter.Warning($"Only the root volume of {set.InstanceId} is restored. Its {data.Count} data-volume snapshot(s) from run {set.RunId} ({string.Join(", ", data)}) are NOT restored: " +
                        "create volumes from them and swap them in yourself if the data volumes must be rolled back too.");
                }
                ready.Add(set);
            }

            using var gate = new SemaphoreSlim(Parallelism);
            var starts = ready.Select(set => StartRestoreAsync(gateway, set, request.DeleteReplacedRootVolume, region, gate, cancellationToken)).ToList();
            var running = new List<PatchRestoreResult>();
            foreach (var start in starts)
            {
                var outcome = await start.ConfigureAwait(false);
                if (outcome.Value == null || !request.Wait)
                    yield return outcome;
                else
                    running.Add(outcome.Value);
            }
            if (running.Count == 0)
                yield break;

            var retry = new WaitRetry(_clock, reporter, $"the restores in {region}", _clock.UtcNow + request.Timeout, request.PollInterval);
            var total = running.Count;
            var done = 0;
            var failed = false;
            foreach (var task in running)
                progress?.Invoke(new SnapshotProgress(task.InstanceId, 0, task.State, done, total));
            while (running.Count > 0)
            {
                var left = retry.Deadline - _clock.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    foreach (var task in running)
                    {
                        yield return Outcome<PatchRestoreResult>.Failed(new ItemFailure(task.InstanceId, "RestoreWaitTimedOut", AwsErrorKind.Timeout,
                            $"The restore of {task.InstanceId} (task {task.TaskId}) did not finish within {request.Timeout.TotalMinutes:0.#} minutes; it continues in the background.",
                            $"Check it with Get-EC2ReplaceRootVolumeTask -ReplaceRootVolumeTaskId {task.TaskId}, or wait longer with -TimeoutMinutes."));
                    }
                    yield break;
                }
                // After a failed poll the back-off was the wait; otherwise one poll interval.
                if (!failed)
                    await _clock.DelayAsync(left < request.PollInterval ? left : request.PollInterval, cancellationToken).ConfigureAwait(false);
                failed = false;

                var ids = running.Select(t => t.TaskId).ToList();
                var (seen, failure) = await WaitRetry.PollAsync(() => ListTasksAsync(gateway, ids, cancellationToken)).ConfigureAwait(false);
                if (failure != null)
                {
                    if (!WaitRetry.IsTransient(failure))
                    {
                        foreach (var task in running)
                        {
                            yield return Outcome<PatchRestoreResult>.Failed(new ItemFailure(task.InstanceId, "RestoreWaitFailed", failure.Kind,
                                $"Waiting for the restore of {task.InstanceId} (task {task.TaskId}) failed: {failure.Message} The restore continues in the background.",
                                $"Fix the cause, then check it with Get-EC2ReplaceRootVolumeTask -ReplaceRootVolumeTaskId {task.TaskId}.", failure));
                        }
                        yield break;
                    }
                    failed = true;
                    await retry.BackOffAsync(failure, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                retry.Succeeded();

                foreach (var task in running.ToList())
                {
                    if (!seen.TryGetValue(task.TaskId, out var record))
                        continue;
                    var updated = With(task, record);
                    if (!FinishedTaskStates.Contains(record.State))
                    {
                        running[running.IndexOf(task)] = updated;
                        progress?.Invoke(new SnapshotProgress(task.InstanceId, record.State == "in-progress" ? 50 : 0, record.State, done, total));
                        continue;
                    }
                    running.Remove(task);
                    done++;
                    progress?.Invoke(new SnapshotProgress(task.InstanceId, 100, record.State, done, total));
                    yield return record.State == "succeeded"
                        ? Outcome<PatchRestoreResult>.Success(updated)
                        : Outcome<PatchRestoreResult>.Failed(new ItemFailure(task.InstanceId, "RestoreFailed", AwsErrorKind.ServiceFault,
                            $"The restore of {task.InstanceId} from {task.SnapshotId} (task {task.TaskId}) ended {record.State}. EC2 keeps the instance on its previous root volume when a replace-root-volume task fails.",
                            "Check the instance and the task in the EC2 console, then run Restore-PatchSnapshot again."));
                }
            }
        }

        /// <summary>One poll cycle: every listed task, all pages.</summary>
        private static async Task<Dictionary<string, Ec2ReplaceRootTaskRecord>> ListTasksAsync(IRootVolumeGateway gateway, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            var seen = new Dictionary<string, Ec2ReplaceRootTaskRecord>(StringComparer.Ordinal);
            await foreach (var record in Pages.AllAsync(token => gateway.DescribeReplaceRootVolumeTasksAsync(ids, new Dictionary<string, IReadOnlyList<string>>(), TaskPageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                seen[record.TaskId] = record;
            return seen;
        }

        private async Task<Outcome<PatchRestoreResult>> StartRestoreAsync(IRootVolumeGateway gateway, PatchSnapshot set, bool deleteReplaced, string region, SemaphoreSlim gate, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var tags = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [RunIds.TagKey] = set.RunId,
                    [RunIds.InstanceTagKey] = set.InstanceId,
                    [RunIds.CreatedByTagKey] = CreatedBy,
                };
                var task = await gateway.CreateReplaceRootVolumeTaskAsync(set.InstanceId, set.RootSnapshotId!, deleteReplaced, tags, cancellationToken).ConfigureAwait(false);
                return Outcome<PatchRestoreResult>.Success(new PatchRestoreResult
                {
                    InstanceId = set.InstanceId,
                    RunId = set.RunId,
                    SnapshotId = set.RootSnapshotId!,
                    TaskId = task.TaskId,
                    State = task.State,
                    StartTime = task.StartTime,
                    CompleteTime = task.CompleteTime,
                    Region = region,
                });
            }
            catch (AwsCallException ex)
            {
                var id = ex.ErrorCode == "InvalidInstanceID.NotFound" ? "InstanceNotFound"
                    : ex.ErrorCode == "IncorrectInstanceState" ? "IncorrectInstanceState"
                    : "RestoreStartFailed";
                return Outcome<PatchRestoreResult>.Failed(new ItemFailure(set.InstanceId, id, ex.Kind,
                    $"The restore of {set.InstanceId} from {set.RootSnapshotId} (run {set.RunId}) did not start: {ex.Message}",
                    ex.ErrorCode == "IncorrectInstanceState" ? "The instance must be running or stopped; wait for it to settle and try again." : null, ex));
            }
            finally
            {
                gate.Release();
            }
        }

        private static PatchRestoreResult With(PatchRestoreResult task, Ec2ReplaceRootTaskRecord record) => new PatchRestoreResult
        {
            InstanceId = task.InstanceId,
            RunId = task.RunId,
            SnapshotId = task.SnapshotId,
            TaskId = task.TaskId,
            State = record.State,
            StartTime = record.StartTime ?? task.StartTime,
            CompleteTime = record.CompleteTime,
            Region = task.Region,
        };
    }
}
