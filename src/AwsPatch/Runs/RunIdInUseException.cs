using System;

namespace AwsPatch.Runs
{
    /// <summary>A run's record already exists with other document parameters: the RunId belongs to another run.</summary>
    public sealed class RunIdInUseException : Exception
    {
        public RunIdInUseException(string runId)
            : base($"RunId {runId} is already recorded in Parameter Store ({RunRecord.PathOf(runId)}) with other parameters, so it belongs to another run. Nothing was sent.")
        {
            RunId = runId;
        }

        public string RunId { get; }
    }
}
