using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Instances;

namespace AwsPatch.Snapshots
{
    public sealed partial class SnapshotService
    {
        /// <summary>
        /// Snapshot sets grouped per instance and run, read from the tags (EC2 filters on the run and instance tags),
        /// every page. With <see cref="SnapshotQuery.All"/>, snapshots without the run tag are grouped per instance
        /// (found from the volume) and start time. A listing failure throws <see cref="AwsCallException"/>.
        /// </summary>
        public async IAsyncEnumerable<Outcome<PatchSnapshot>> GetAsync(AwsSession session, SnapshotQuery query, IOperationReporter reporter, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var (instanceIds, malformed) = InstanceIds.Check(query.InstanceIds);
            foreach (var failure in malformed)
                yield return Outcome<PatchSnapshot>.Failed(failure);
            if (query.InstanceIds.Count > 0 && instanceIds.Count == 0)
                yield break;

            var sets = await FindSetsAsync(session, query, instanceIds, cancellationToken).ConfigureAwait(false);
            var now = ServiceTime(session);
            var states = new HashSet<string>(query.States, StringComparer.OrdinalIgnoreCase);
            foreach (var set in sets
                .Where(s => instanceIds.Count == 0 || instanceIds.Contains(s.InstanceId, StringComparer.Ordinal))
                .Where(s => states.Count == 0 || states.Contains(s.State))
                .Where(s => query.OlderThan == null || (s.StartTime.HasValue && s.StartTime.Value < now - query.OlderThan.Value))
                .Where(s => query.NewerThan == null || (s.StartTime.HasValue && s.StartTime.Value >= now - query.NewerThan.Value))
                .OrderBy(s => s.InstanceId, StringComparer.Ordinal)
                .ThenBy(s => s.StartTime))
            {
                yield return Outcome<PatchSnapshot>.Success(set);
            }
        }

        private async Task<List<PatchSnapshot>> FindSetsAsync(AwsSession session, SnapshotQuery query, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            var gateway = _gateways.Snapshots(session);
            var ec2 = _gateways.Ec2(session);
            var region = session.RegionName;

            var baseFilters = BaseFilters(query);
            var filterSets = instanceIds.Count > 0 && !query.All
                ? Ec2FilterBatches.Calls(baseFilters, "tag:" + RunIds.InstanceTagKey, instanceIds)
                : Ec2FilterBatches.Split(baseFilters);

            var records = new Dictionary<string, Ec2SnapshotRecord>(StringComparer.Ordinal);
            foreach (var filters in filterSets)
            {
                await foreach (var record in Pages.AllAsync(token => gateway.DescribeSnapshotsAsync(filters, SnapshotPageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                    records[record.SnapshotId] = record;
            }

            // Untagged snapshots (-All): the instance is whichever one has the volume attached now, if any.
            var untagged = records.Values.Where(r => !r.Tags.ContainsKey(RunIds.TagKey)).ToList();
            var volumeOwners = await InstancesByAsync(ec2, "block-device-mapping.volume-id", untagged.Select(r => r.VolumeId), cancellationToken).ConfigureAwait(false);
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var instance in volumeOwners)
            {
                foreach (var volume in instance.EbsVolumes)
                    owners[volume.Value] = instance.InstanceId;
            }

            var groups = new Dictionary<(string Instance, string Run, string Other), List<Ec2SnapshotRecord>>();
            foreach (var record in records.Values)
            {
                (string, string, string) key;
                if (record.Tags.TryGetValue(RunIds.TagKey, out var runId))
                {
                    record.Tags.TryGetValue(RunIds.InstanceTagKey, out var instanceId);
                    key = (instanceId ?? string.Empty, runId, instanceId == null ? record.VolumeId : string.Empty);
                }
                else
                {
                    // One CreateSnapshots call gives every snapshot of a set the same start time.
                    var minute = record.StartTime?.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                    key = owners.TryGetValue(record.VolumeId, out var owner) ? (owner, string.Empty, minute) : (string.Empty, string.Empty, record.VolumeId + minute);
                }
                if (!groups.TryGetValue(key, out var list))
                    groups[key] = list = new List<Ec2SnapshotRecord>();
                list.Add(record);
            }

            var known = (await InstancesByAsync(ec2, "instance-id", groups.Keys.Select(k => k.Instance).Where(i => i.Length > 0), cancellationToken).ConfigureAwait(false))
                .ToDictionary(i => i.InstanceId, StringComparer.Ordinal);
            return groups.Select(g =>
            {
                known.TryGetValue(g.Key.Instance, out var instance);
                return new SnapshotSet(g.Key.Instance, g.Key.Run, g.Value, RootVolumeFor(instance, g.Value), instance == null ? null : VolumeOrder(instance)).ToPatchSnapshot(region, null);
            }).ToList();
        }

        /// <summary>Instance ids one DescribeSnapshots of <paramref name="query"/> carries beside its run filter: the cmdlet's batch size.</summary>
        public static int InstancesPerCall(SnapshotQuery query) => Ec2FilterBatches.Room(BaseFilters(query));

        /// <summary>The run filter of a listing: the runs asked for, or any AwsPatch run (none with <see cref="SnapshotQuery.All"/>).</summary>
        private static Dictionary<string, IReadOnlyList<string>> BaseFilters(SnapshotQuery query)
        {
            var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (query.RunIds.Count > 0)
                filters["tag:" + RunIds.TagKey] = query.RunIds;
            else if (!query.All)
                filters["tag-key"] = new[] { RunIds.TagKey };
            return filters;
        }

        /// <summary>
        /// The set's root volume: the instance's current root volume, or (after a restore replaced it) the one snapshot
        /// whose volume is not one of the instance's data volumes, which a root-volume restore leaves in place.
        /// </summary>
        private static string? RootVolumeFor(Ec2InstanceRecord? instance, IReadOnlyList<Ec2SnapshotRecord> snapshots)
        {
            if (instance == null)
                return null;
            var root = RootVolumeOf(instance);
            if (root != null && snapshots.Any(s => s.VolumeId == root))
                return root;
            var data = new HashSet<string>(instance.EbsVolumes.Select(v => v.Value).Where(v => v != root), StringComparer.Ordinal);
            var others = snapshots.Where(s => !data.Contains(s.VolumeId)).Select(s => s.VolumeId).Distinct(StringComparer.Ordinal).ToList();
            return root != null && others.Count == 1 ? others[0] : null;
        }

        private static async Task<List<Ec2InstanceRecord>> InstancesByAsync(IEc2Gateway ec2, string filter, IEnumerable<string> values, CancellationToken cancellationToken)
        {
            var distinct = values.Distinct(StringComparer.Ordinal).ToList();
            var found = new List<Ec2InstanceRecord>();
            foreach (var filters in Ec2FilterBatches.Calls(NoFilters, filter, distinct))
            {
                await foreach (var instance in DescribeAllAsync(ec2, filters, cancellationToken).ConfigureAwait(false))
                    found.Add(instance);
            }
            return found;
        }

        /// <summary>
        /// The sets retention removes: per instance, never pending sets; with <paramref name="keepLast"/> the newest N
        /// completed sets stay; with <paramref name="olderThan"/> only sets started before that age go.
        /// </summary>
        public static IReadOnlyList<PatchSnapshot> SelectForRemoval(IEnumerable<PatchSnapshot> sets, TimeSpan? olderThan, int? keepLast, DateTime utcNow)
        {
            var remove = new List<PatchSnapshot>();
            foreach (var instance in sets.Where(s => s.State != SnapshotSet.Pending).GroupBy(s => s.InstanceId, StringComparer.Ordinal))
            {
                var newestFirst = instance.OrderByDescending(s => s.StartTime ?? DateTime.MinValue).ToList();
                var kept = new HashSet<PatchSnapshot>(keepLast.HasValue ? newestFirst.Where(s => s.State == SnapshotSet.Completed).Take(keepLast.Value) : Enumerable.Empty<PatchSnapshot>());
                foreach (var set in newestFirst)
                {
                    if (kept.Contains(set))
                        continue;
                    if (olderThan.HasValue && !(set.StartTime.HasValue && set.StartTime.Value < utcNow - olderThan.Value))
                        continue;
                    remove.Add(set);
                }
            }
            return remove;
        }
    }
}
