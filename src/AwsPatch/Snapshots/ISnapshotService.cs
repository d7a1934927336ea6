using System;
using System.Collections.Generic;
using System.Threading;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Snapshots
{
    /// <summary>
    /// Creates pre-patch snapshot sets. Invoke-PatchRun -SnapshotFirst uses the same service and patches only the
    /// instances whose set comes back <c>completed</c>.
    /// </summary>
    public interface ISnapshotService
    {
        /// <summary>
        /// One <see cref="PatchSnapshot"/> or one failure per requested instance, streamed. With
        /// <see cref="SnapshotRequest.Wait"/>, sets come out as they finish (completed or error).
        /// </summary>
        IAsyncEnumerable<Outcome<PatchSnapshot>> CreateAsync(AwsSession session, SnapshotRequest request, Action<SnapshotProgress>? progress, IOperationReporter reporter, CancellationToken cancellationToken);
    }
}
