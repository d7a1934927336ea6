using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace AwsPatch.Aws
{
    /// <summary><see cref="ISsmGateway"/> over the AWS SDK's Systems Manager client.</summary>
    internal sealed class SsmGateway : ISsmGateway
    {
        private readonly IAmazonSimpleSystemsManagement _client;

        public SsmGateway(IAmazonSimpleSystemsManagement client)
        {
            _client = client;
        }

        public async Task<Page<SsmInstanceRecord>> DescribeInstanceInformationAsync(IReadOnlyList<string> instanceIds, int maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new DescribeInstanceInformationRequest
            {
                Filters = instanceIds.Count == 0
                    ? null
                    : new List<InstanceInformationStringFilter>
                    {
                        new InstanceInformationStringFilter { Key = "InstanceIds", Values = instanceIds.ToList() },
                    },
                MaxResults = maxResults,
                NextToken = nextToken,
            };
            var response = await AwsErrors.CallAsync("ssm:DescribeInstanceInformation", () => _client.DescribeInstanceInformationAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            var items = (response.InstanceInformationList ?? new List<InstanceInformation>())
                .Select(i => new SsmInstanceRecord
                {
                    InstanceId = i.InstanceId,
                    PingStatus = i.PingStatus?.Value,
                    LastPingTime = i.LastPingDateTime?.ToUniversalTime(),
                    AgentVersion = i.AgentVersion,
                    PlatformType = i.PlatformType?.Value,
                    PlatformName = i.PlatformName,
                    PlatformVersion = i.PlatformVersion,
                })
                .ToList();
            return new Page<SsmInstanceRecord>(items, response.NextToken);
        }
    }
}
