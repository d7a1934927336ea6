using System.Collections.Generic;

namespace AwsPatch.Runs
{
    /// <summary>One poll cycle's view of a run, for progress display: counts by status and each instance's status.</summary>
    public sealed class PatchRunProgress
    {
        public PatchRunProgress(string runId, int total, IReadOnlyDictionary<string, int> countsByStatus, IReadOnlyDictionary<string, string> statusByInstance)
        {
            RunId = runId;
            Total = total;
            CountsByStatus = countsByStatus;
            StatusByInstance = statusByInstance;
        }

        public string RunId { get; }

        public int Total { get; }

        public IReadOnlyDictionary<string, int> CountsByStatus { get; }

        public IReadOnlyDictionary<string, string> StatusByInstance { get; }

        public int Finished
        {
            get
            {
                var done = 0;
                foreach (var pair in CountsByStatus)
                    if (InvocationStatus.IsTerminal(pair.Key))
                        done += pair.Value;
                return done;
            }
        }
    }
}
