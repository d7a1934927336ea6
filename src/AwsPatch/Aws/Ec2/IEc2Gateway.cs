using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws
{
    /// <summary>The EC2 calls the services make, one page per call, in SDK-free terms. Throws <see cref="AwsCallException"/>.</summary>
    public interface IEc2Gateway
    {
        /// <summary>
        /// One page of DescribeInstances. <paramref name="filters"/> maps EC2 filter names (<c>instance-id</c>,
        /// <c>tag:Environment</c> …) to their values: OR within a name, AND across names.
        /// </summary>
        Task<Page<Ec2InstanceRecord>> DescribeInstancesAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, int maxResults, string? nextToken, CancellationToken cancellationToken);

        /// <summary>
        /// DescribeInstanceStatus for at most <see cref="Ec2InstanceStatusRecord.IdsPerCall"/> instances, every page, with
        /// IncludeAllInstances (a stopped instance is answered too, not left out).
        /// </summary>
        Task<IReadOnlyList<Ec2InstanceStatusRecord>> DescribeInstanceStatusAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);
    }
}
