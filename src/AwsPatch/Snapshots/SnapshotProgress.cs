namespace AwsPatch.Snapshots
{
    /// <summary>One poll cycle's view of a run's snapshot sets, for progress display.</summary>
    public sealed class SnapshotProgress
    {
        public SnapshotProgress(string instanceId, int percent, string state, int completedSets, int totalSets)
        {
            InstanceId = instanceId;
            Percent = percent;
            State = state;
            CompletedSets = completedSets;
            TotalSets = totalSets;
        }

        public string InstanceId { get; }

        public int Percent { get; }

        public string State { get; }

        public int CompletedSets { get; }

        public int TotalSets { get; }
    }
}
