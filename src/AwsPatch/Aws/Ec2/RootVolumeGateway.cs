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
    /// <summary><see cref="IRootVolumeGateway"/> over the AWS SDK's EC2 client.</summary>
    internal sealed class RootVolumeGateway : IRootVolumeGateway
    {
        private readonly IAmazonEC2 _client;

        public RootVolumeGateway(IAmazonEC2 client)
        {
            _client = client;
        }

        public async Task<Ec2ReplaceRootTaskRecord> CreateReplaceRootVolumeTaskAsync(string instanceId, string snapshotId, bool deleteReplacedRootVolume, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
        {
            var request = new CreateReplaceRootVolumeTaskRequest
            {
                InstanceId = instanceId,
                SnapshotId = snapshotId,
                DeleteReplacedRootVolume = deleteReplacedRootVolume,
                ClientToken = Guid.NewGuid().ToString(),
                TagSpecifications = tags.Count == 0 ? null : new List<TagSpecification>
                {
                    new TagSpecification { ResourceType = ResourceType.ReplaceRootVolumeTask, Tags = tags.Select(t => new Tag(t.Key, t.Value)).ToList() },
                },
            };
            var response = await AwsErrors.CallAsync("ec2:CreateReplaceRootVolumeTask", () => _client.CreateReplaceRootVolumeTaskAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return Map(response.ReplaceRootVolumeTask);
        }

        public async Task<Page<Ec2ReplaceRootTaskRecord>> DescribeReplaceRootVolumeTasksAsync(IReadOnlyList<string> taskIds, IReadOnlyDictionary<string, IReadOnlyList<string>> filters, int maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new DescribeReplaceRootVolumeTasksRequest
            {
                ReplaceRootVolumeTaskIds = taskIds.Count == 0 ? null : taskIds.ToList(),
                Filters = SnapshotGateway.Filters(filters),
                MaxResults = maxResults,
                NextToken = nextToken,
            };
            var response = await AwsErrors.CallAsync("ec2:DescribeReplaceRootVolumeTasks", () => _client.DescribeReplaceRootVolumeTasksAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new Page<Ec2ReplaceRootTaskRecord>((response.ReplaceRootVolumeTasks ?? new List<ReplaceRootVolumeTask>()).Select(Map).ToList(), response.NextToken);
        }

        private static Ec2ReplaceRootTaskRecord Map(ReplaceRootVolumeTask task) => new Ec2ReplaceRootTaskRecord
        {
            TaskId = task.ReplaceRootVolumeTaskId,
            InstanceId = task.InstanceId,
            SnapshotId = task.SnapshotId,
            State = task.TaskState?.Value ?? string.Empty,
            StartTime = ParseTime(task.StartTime),
            CompleteTime = ParseTime(task.CompleteTime),
        };

        private static DateTime? ParseTime(string? value) =>
            DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time) ? time : (DateTime?)null;
    }
}
