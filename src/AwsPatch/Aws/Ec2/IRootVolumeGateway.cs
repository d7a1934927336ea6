using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws
{
    /// <summary>
    /// The EC2 replace-root-volume calls (restore a root volume from a snapshot), one request per call, in SDK-free
    /// terms. Throws <see cref="AwsCallException"/>. Filters map EC2 filter names to values (OR within, AND across).
    /// </summary>
    public interface IRootVolumeGateway
    {
        Task<Ec2ReplaceRootTaskRecord> CreateReplaceRootVolumeTaskAsync(string instanceId, string snapshotId, bool deleteReplacedRootVolume, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

        /// <summary>One page of DescribeReplaceRootVolumeTasks, by task ids and/or filters (<c>instance-id</c>).</summary>
        Task<Page<Ec2ReplaceRootTaskRecord>> DescribeReplaceRootVolumeTasksAsync(IReadOnlyList<string> taskIds, IReadOnlyDictionary<string, IReadOnlyList<string>> filters, int maxResults, string? nextToken, CancellationToken cancellationToken);
    }
}
