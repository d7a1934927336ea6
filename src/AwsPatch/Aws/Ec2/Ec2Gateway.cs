using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace AwsPatch.Aws
{
    /// <summary><see cref="IEc2Gateway"/> over the AWS SDK's EC2 client.</summary>
    internal sealed class Ec2Gateway : IEc2Gateway
    {
        private readonly IAmazonEC2 _client;

        public Ec2Gateway(IAmazonEC2 client)
        {
            _client = client;
        }

        public async Task<Page<Ec2InstanceRecord>> DescribeInstancesAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, int maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new DescribeInstancesRequest
            {
                Filters = filters.Select(f => new Filter(f.Key, f.Value.ToList())).ToList(),
                MaxResults = maxResults,
                NextToken = nextToken,
            };
            var response = await AwsErrors.CallAsync("ec2:DescribeInstances", () => _client.DescribeInstancesAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            var items = new List<Ec2InstanceRecord>();
            foreach (var reservation in response.Reservations ?? new List<Reservation>())
            {
                foreach (var instance in reservation.Instances ?? new List<Instance>())
                    items.Add(Map(instance, reservation.OwnerId));
            }
            return new Page<Ec2InstanceRecord>(items, response.NextToken);
        }

        public async Task<IReadOnlyList<Ec2InstanceStatusRecord>> DescribeInstanceStatusAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            var items = new List<Ec2InstanceStatusRecord>();
            string? token = null;
            do
            {
                // With instance ids EC2 takes no MaxResults; it answers every id in one page.
                var request = new DescribeInstanceStatusRequest { InstanceIds = instanceIds.ToList(), IncludeAllInstances = true, NextToken = token };
                var response = await AwsErrors.CallAsync("ec2:DescribeInstanceStatus", () => _client.DescribeInstanceStatusAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
                foreach (var status in response.InstanceStatuses ?? new List<InstanceStatus>())
                {
                    items.Add(new Ec2InstanceStatusRecord
                    {
                        InstanceId = status.InstanceId,
                        State = status.InstanceState?.Name?.Value ?? string.Empty,
                        InstanceStatus = status.Status?.Status?.Value ?? string.Empty,
                        SystemStatus = status.SystemStatus?.Status?.Value ?? string.Empty,
                    });
                }
                token = string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken;
            }
            while (token != null);
            return items;
        }

        private static Ec2InstanceRecord Map(Instance instance, string? ownerId)
        {
            var volumes = (instance.BlockDeviceMappings ?? new List<InstanceBlockDeviceMapping>())
                .Where(m => m.Ebs?.VolumeId != null)
                .Select(m => new KeyValuePair<string, string>(m.DeviceName ?? string.Empty, m.Ebs.VolumeId))
                .ToList();
            var tags = new Dictionary<string, string>();
            foreach (var tag in instance.Tags ?? new List<Tag>())
            {
                if (tag.Key != null)
                    tags[tag.Key] = tag.Value ?? string.Empty;
            }
            return new Ec2InstanceRecord
            {
                InstanceId = instance.InstanceId,
                State = instance.State?.Name?.Value ?? string.Empty,
                InstanceType = instance.InstanceType?.Value ?? string.Empty,
                Platform = instance.Platform?.Value,
                PlatformDetails = instance.PlatformDetails,
                LaunchTime = instance.LaunchTime?.ToUniversalTime(),
                PrivateIpAddress = instance.PrivateIpAddress,
                PublicIpAddress = instance.PublicIpAddress,
                RootDeviceName = instance.RootDeviceName,
                EbsVolumes = volumes,
                Tags = tags,
                OwnerId = ownerId,
            };
        }
    }
}
