using System;
using System.Linq;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Snapshots
{
    /// <summary>The per-item failures of the snapshot service: stable ids, the failed resource as target, the fix.</summary>
    internal static class SnapshotFailures
    {
        public static ItemFailure InstanceNotFound(string id, string region) => new ItemFailure(
            id, "InstanceNotFound", AwsErrorKind.NotFound,
            $"Instance {id} was not found in {region}; no snapshot was taken.",
            "Check the instance id and the region (-Region, or pipe objects that carry a Region property).");

        public static ItemFailure LookupFailed(string id, AwsCallException ex) => new ItemFailure(
            id, "InstanceLookupFailed", ex.Kind, $"Could not look up instance {id}, so no snapshot was taken: {ex.Message}", null, ex);

        public static ItemFailure NoEbsVolumes(string id, bool rootOnly) => new ItemFailure(
            id, "NoEbsVolumes", AwsErrorKind.InvalidInput,
            rootOnly
                ? $"Instance {id} has no EBS root volume (its root device is an instance store), so -RootVolumeOnly has nothing to snapshot."
                : $"Instance {id} has no EBS volumes (instance-store only), so it cannot be snapshotted.",
            "Back up instance-store data another way before patching, or patch this instance without -SnapshotFirst.");

        public static ItemFailure CreateFailed(string id, string region, AwsCallException ex)
        {
            switch (ex.ErrorCode)
            {
                case "InvalidInstanceID.NotFound":
                    return InstanceNotFound(id, region);
                case "SnapshotLimitExceeded":
                    return new ItemFailure(id, "SnapshotQuotaExceeded", AwsErrorKind.Throttled,
                        $"No snapshot of {id} was taken: the account's EBS snapshot quota in {region} is reached ({ex.Message.TrimEnd('.')}).",
                        "Delete old pre-patch snapshots (Remove-PatchSnapshot -KeepLast or -OlderThan) or ask AWS for a higher snapshot quota, then run again for this instance.", ex);
                case SnapshotService.ConcurrentLimitCode:
                    return new ItemFailure(id, "SnapshotsStillPending", AwsErrorKind.Throttled,
                        $"No snapshot of {id} was taken: a volume of it still had as many pending snapshots as EBS allows (5 a volume, 1 for st1/sc1) when the wait ended ({ex.Message.TrimEnd('.')}).",
                        $"Let the instance's pending snapshots complete (Get-PatchSnapshot -InstanceId {id} -State pending), then run again for this instance, or give it longer with -TimeoutMinutes.", ex);
                case "IncorrectState":
                case "IncorrectInstanceState":
                    return new ItemFailure(id, "IncorrectInstanceState", AwsErrorKind.Busy,
                        $"No snapshot of {id} was taken: the instance is not in a state that allows snapshots ({ex.Message.TrimEnd('.')}).",
                        "Snapshot running or stopped instances only; wait until the instance is running or stopped.", ex);
                default:
                    return new ItemFailure(id, "SnapshotCreateFailed", ex.Kind, $"No snapshot of {id} was taken: {ex.Message}", null, ex);
            }
        }

        public static ItemFailure SnapshotFailed(SnapshotSet set, string region)
        {
            var failed = set.Snapshots.Where(s => s.State == SnapshotSet.Error).ToList();
            var detail = string.Join("; ", failed.Select(s => string.IsNullOrEmpty(s.StateMessage) ? s.SnapshotId : $"{s.SnapshotId}: {s.StateMessage!.TrimEnd('.')}"));
            return new ItemFailure(set.InstanceId, "SnapshotFailed", AwsErrorKind.ServiceFault,
                $"The pre-patch snapshot set of {set.InstanceId} (run {set.RunId}, {region}) failed: {failed.Count} of {set.Snapshots.Count} snapshots ended in error ({detail}). The instance has no usable backup from this run.",
                $"Do not patch {set.InstanceId} from this run. Take a new snapshot (New-PatchSnapshot -InstanceId {set.InstanceId}) and remove the failed one (Get-PatchSnapshot -RunId {set.RunId} -State error | Remove-PatchSnapshot).");
        }

        public static ItemFailure WaitFailed(SnapshotSet set, string region, AwsCallException ex) => new ItemFailure(
            set.InstanceId, "SnapshotWaitFailed", ex.Kind,
            $"Waiting for the pre-patch snapshot set of {set.InstanceId} (run {set.RunId}, {region}) failed at {set.Progress}%: {ex.Message} The snapshots continue in the background.",
            $"Fix the cause, then follow the set with Get-PatchSnapshot -RunId {set.RunId} -InstanceId {set.InstanceId}.", ex);

        public static ItemFailure Timeout(SnapshotSet set, TimeSpan timeout, string region) => new ItemFailure(
            set.InstanceId, "SnapshotWaitTimedOut", AwsErrorKind.Timeout,
            $"The pre-patch snapshot set of {set.InstanceId} (run {set.RunId}, {region}) did not complete within {timeout.TotalMinutes:0.#} minutes ({set.Progress}% done). The snapshots continue in the background.",
            $"Follow it with Get-PatchSnapshot -RunId {set.RunId} -InstanceId {set.InstanceId}, or wait longer with -TimeoutMinutes.");
    }
}
