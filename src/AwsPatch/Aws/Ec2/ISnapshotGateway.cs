using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws
{
    /// <summary>
    /// The EC2 snapshot and image calls, one request per call, in SDK-free terms (restores are <see cref="IRootVolumeGateway"/>).
    /// Throws <see cref="AwsCallException"/>. Filters map EC2 filter names to values (OR within, AND across).
    /// </summary>
    public interface ISnapshotGateway
    {
        /// <summary>CreateSnapshots: one crash-consistent snapshot per EBS volume of the instance (minus the excluded ones).</summary>
        Task<IReadOnlyList<Ec2SnapshotRecord>> CreateSnapshotsAsync(string instanceId, IReadOnlyList<string> excludeDataVolumeIds, string description, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

        /// <summary>One page of DescribeSnapshots of the caller's own snapshots (<c>Owner=self</c>).</summary>
        Task<Page<Ec2SnapshotRecord>> DescribeSnapshotsAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, int maxResults, string? nextToken, CancellationToken cancellationToken);

        Task DeleteSnapshotAsync(string snapshotId, CancellationToken cancellationToken);

        /// <summary>DescribeImages of the caller's own AMIs (<c>Owner=self</c>) matching the filters.</summary>
        Task<IReadOnlyList<Ec2ImageRecord>> DescribeImagesAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken);
    }
}
