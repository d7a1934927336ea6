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
        private static readonly string[] ActiveTaskStates = { "pending", "in-progress", "failing" };

        /// <summary>
        /// Deletes the snapshots of approved sets. First, in batches: which snapshots an AMI uses (DescribeImages) and
        /// which a pending or running restore uses (DescribeReplaceRootVolumeTasks). A snapshot an AMI uses fails alone
        /// (<c>SnapshotInUse</c>) and the rest of its set is deleted, a few at a time; a set a restore uses is kept whole
        /// (one <c>SnapshotRestoreInProgress</c> naming the task and the instance; none of its snapshots is deleted).
        /// A set comes back once every snapshot in it is gone.
        /// </summary>
        public async IAsyncEnumerable<Outcome<PatchSnapshot>> RemoveAsync(AwsSession session, IReadOnlyList<PatchSnapshot> sets, IOperationReporter reporter, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (sets.Count == 0)
                yield break;
            var gateway = _gateways.Snapshots(session);
            var snapshotIds = sets.SelectMany(s => s.SnapshotIds).Distinct(StringComparer.Ordinal).ToList();

            var images = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var filters in Ec2FilterBatches.Calls(NoFilters, "block-device-mapping.snapshot-id", snapshotIds))
            {
                foreach (var image in await gateway.DescribeImagesAsync(filters, cancellationToken).ConfigureAwait(false))
                {
                    foreach (var id in image.SnapshotIds)
                        images[id] = image.ImageId;
                }
            }

            var rootVolumes = _gateways.RootVolumes(session);
            var restoring = new Dictionary<string, string>(StringComparer.Ordinal);
            var instances = sets.Select(s => s.InstanceId).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            foreach (var filters in Ec2FilterBatches.Calls(NoFilters, "instance-id", instances))
            {
                await foreach (var task in Pages.AllAsync(token => rootVolumes.DescribeReplaceRootVolumeTasksAsync(Array.Empty<string>(), filters, TaskPageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                {
                    if (task.SnapshotId != null && ActiveTaskStates.Contains(task.State))
                        restoring[task.SnapshotId] = task.TaskId;
                }
            }

            using var gate = new SemaphoreSlim(Parallelism);
            var work = sets.Select(set => RemoveSetAsync(gateway, set, images, restoring, reporter, gate, cancellationToken)).ToList();
            foreach (var item in work)
            {
                var (set, failures) = await item.ConfigureAwait(false);
                foreach (var failure in failures)
                    yield return Outcome<PatchSnapshot>.Failed(failure);
                if (failures.Count == 0)
                    yield return Outcome<PatchSnapshot>.Success(set);
            }
        }

        private static async Task<(PatchSnapshot Set, List<ItemFailure> Failures)> RemoveSetAsync(ISnapshotGateway gateway, PatchSnapshot set, IReadOnlyDictionary<string, string> images, IReadOnlyDictionary<string, string> restoring, IOperationReporter reporter, SemaphoreSlim gate, CancellationToken cancellationToken)
        {
            var failures = new List<ItemFailure>();
            var deletes = new List<Task<ItemFailure?>>();

            // A restore in progress from any snapshot of the set keeps the whole set: its data-volume snapshots are
            // what the user swaps in after the root is back, so none of them is deleted either.
            var restored = set.SnapshotIds.FirstOrDefault(restoring.ContainsKey);
            if (restored != null)
            {
                failures.Add(new ItemFailure(restored, "SnapshotRestoreInProgress", AwsErrorKind.Busy,
                    $"The snapshot set of {set.InstanceId} (run {set.RunId}) was not deleted: replace-root-volume task {restoring[restored]} is restoring {set.InstanceId} from snapshot {restored}. None of the set's {set.SnapshotIds.Count} snapshot(s) was deleted.",
                    "Wait until the restore finished (Restore-PatchSnapshot -Wait), then remove the set again."));
                return (set, failures);
            }

            foreach (var snapshotId in set.SnapshotIds)
            {
                if (images.TryGetValue(snapshotId, out var imageId))
                    failures.Add(SnapshotInUse(snapshotId, set, imageId));
                else
                    deletes.Add(DeleteOneAsync(gateway, snapshotId, set, reporter, gate, cancellationToken));
            }
            foreach (var delete in deletes)
            {
                if (await delete.ConfigureAwait(false) is { } failure)
                    failures.Add(failure);
            }
            return (set, failures);
        }

        private static async Task<ItemFailure?> DeleteOneAsync(ISnapshotGateway gateway, string snapshotId, PatchSnapshot set, IOperationReporter reporter, SemaphoreSlim gate, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await gateway.DeleteSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false);
                reporter.Verbose($"Deleted snapshot {snapshotId} of {set.InstanceId} (run {set.RunId}).");
                return null;
            }
            catch (AwsCallException ex) when (ex.ErrorCode == "InvalidSnapshot.NotFound")
            {
                reporter.Verbose($"Snapshot {snapshotId} of {set.InstanceId} was already gone.");
                return null;
            }
            catch (AwsCallException ex) when (ex.ErrorCode == "InvalidSnapshot.InUse")
            {
                return SnapshotInUse(snapshotId, set, null, ex);
            }
            catch (AwsCallException ex)
            {
                return new ItemFailure(snapshotId, "SnapshotDeleteFailed", ex.Kind, $"Snapshot {snapshotId} of {set.InstanceId} (run {set.RunId}) was not deleted: {ex.Message}", null, ex);
            }
            finally
            {
                gate.Release();
            }
        }

        private static ItemFailure SnapshotInUse(string snapshotId, PatchSnapshot set, string? imageId, Exception? ex = null) => new ItemFailure(
            snapshotId, "SnapshotInUse", AwsErrorKind.Busy,
            imageId != null
                ? $"Snapshot {snapshotId} of {set.InstanceId} (run {set.RunId}) was not deleted: AMI {imageId} uses it."
                : $"Snapshot {snapshotId} of {set.InstanceId} (run {set.RunId}) was not deleted: {ex?.Message}",
            "Deregister the AMI first (Unregister-EC2Image) if it is no longer needed, then remove the snapshot again.",
            ex);
    }
}
