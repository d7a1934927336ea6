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
