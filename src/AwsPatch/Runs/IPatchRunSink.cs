using AwsPatch.Common;
using AwsPatch.Snapshots;

namespace AwsPatch.Runs
{
    /// <summary>Where a run workflow reports what it is doing: warnings and verbose text, and progress of both waits.</summary>
    public interface IPatchRunSink : IOperationReporter
    {
        /// <summary>One poll cycle of the run.</summary>
        void RunProgress(PatchRunProgress progress);

        /// <summary>The pre-patch snapshot phase of run <paramref name="runId"/>.</summary>
        void SnapshotProgress(string runId, SnapshotProgress progress);
    }
}
