using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace AwsPatch.Aws
{
    /// <summary><see cref="ISnapshotGateway"/> over the AWS SDK's EC2 client (replace-root-volume tasks are <see cref="RootVolumeGateway"/>).</summary>
    internal sealed class SnapshotGateway : ISnapshotGateway
    {
        private static readonly List<string> Self = new List<string> { "self" };
        private readonly IAmazonEC2 _client;

        public SnapshotGateway(IAmazonEC2 client)
        {
            _client = client;
        }

        public async Task<IReadOnlyList<Ec2SnapshotRecord>> CreateSnapshotsAsync(string instanceId, IReadOnlyList<string> excludeDataVolumeIds, string description, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
        {
            var request = new CreateSnapshotsRequest
            {
                InstanceSpecification = new InstanceSpecification
                {
                    InstanceId = instanceId,
                    ExcludeBootVolume = false,
                    ExcludeDataVolumeIds = excludeDataVolumeIds.Count == 0 ? null : excludeDataVolumeIds.ToList(),
                },
                Description = description,
                CopyTagsFromSource = CopyTagsFromSource.Volume,
                TagSpecifications = new List<TagSpecification>
                {
                    new TagSpecification { ResourceType = ResourceType.Snapshot, Tags = tags.Select(t => new Tag(t.Key, t.Value)).ToList() },
                },
            };
            var response = await AwsErrors.CallAsync("ec2:CreateSnapshots", () => _client.CreateSnapshotsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return (response.Snapshots ?? new List<SnapshotInfo>()).Select(s => new Ec2SnapshotRecord
            {
                SnapshotId = s.SnapshotId,
                VolumeId = s.VolumeId,
                State = s.State?.Value ?? "pending",
                Progress = ParsePercent(s.Progress),
                StartTime = s.StartTime?.ToUniversalTime(),
                VolumeSize = s.VolumeSize ?? 0,
                Description = s.Description,
                Tags = TagsOf(s.Tags),
            }).ToList();
        }

        public async Task<Page<Ec2SnapshotRecord>> DescribeSnapshotsAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, int maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new DescribeSnapshotsRequest
            {
                OwnerIds = Self.ToList(),
                Filters = Filters(filters),
                MaxResults = maxResults,
                NextToken = nextToken,
            };
            var response = await AwsErrors.CallAsync("ec2:DescribeSnapshots", () => _client.DescribeSnapshotsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            var items = (response.Snapshots ?? new List<Snapshot>()).Select(s => new Ec2SnapshotRecord
            {
                SnapshotId = s.SnapshotId,
                VolumeId = s.VolumeId,
                State = s.State?.Value ?? string.Empty,
                Progress = ParsePercent(s.Progress),
                StartTime = s.StartTime?.ToUniversalTime(),
                CompletionTime = s.CompletionTime?.ToUniversalTime(),
                VolumeSize = s.VolumeSize ?? 0,
                Description = s.Description,
                StateMessage = s.StateMessage,
                Tags = TagsOf(s.Tags),
            }).ToList();
            return new Page<Ec2SnapshotRecord>(items, response.NextToken);
        }

        public Task DeleteSnapshotAsync(string snapshotId, CancellationToken cancellationToken) =>
            AwsErrors.CallAsync("ec2:DeleteSnapshot", () => _client.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = snapshotId }, cancellationToken), cancellationToken);

        public async Task<IReadOnlyList<Ec2ImageRecord>> DescribeImagesAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken)
        {
            var request = new DescribeImagesRequest { Owners = Self.ToList(), Filters = Filters(filters) };
            var response = await AwsErrors.CallAsync("ec2:DescribeImages", () => _client.DescribeImagesAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return (response.Images ?? new List<Image>()).Select(i => new Ec2ImageRecord
            {
                ImageId = i.ImageId,
                Name = i.Name,
                SnapshotIds = (i.BlockDeviceMappings ?? new List<BlockDeviceMapping>())
                    .Where(m => m.Ebs?.SnapshotId != null)
                    .Select(m => m.Ebs.SnapshotId)
                    .ToList(),
            }).ToList();
        }

        internal static List<Filter>? Filters(IReadOnlyDictionary<string, IReadOnlyList<string>> filters) =>
            filters.Count == 0 ? null : filters.Select(f => new Filter(f.Key, f.Value.ToList())).ToList();

        private static Dictionary<string, string> TagsOf(List<Tag>? tags)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags ?? new List<Tag>())
            {
                if (tag.Key != null)
                    result[tag.Key] = tag.Value ?? string.Empty;
            }
            return result;
        }

        internal static int ParsePercent(string? progress)
        {
            var text = (progress ?? string.Empty).Trim().TrimEnd('%');
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? Math.Max(0, Math.Min(100, value)) : 0;
        }
    }
}
