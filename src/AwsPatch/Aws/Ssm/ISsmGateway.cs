using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws
{
    /// <summary>The Systems Manager calls the services make, in SDK-free terms. Throws <see cref="AwsCallException"/>.</summary>
    public interface ISsmGateway
    {
        /// <summary>
        /// One page of DescribeInstanceInformation for the given instance ids (the InstanceIds filter); an empty list
        /// sends no filter and pages through every managed instance of the region.
        /// </summary>
        Task<Page<SsmInstanceRecord>> DescribeInstanceInformationAsync(IReadOnlyList<string> instanceIds, int maxResults, string? nextToken, CancellationToken cancellationToken);
    }
}
