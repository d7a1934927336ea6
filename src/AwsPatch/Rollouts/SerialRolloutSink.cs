using AwsPatch.Runs;
using AwsPatch.Snapshots;

namespace AwsPatch.Rollouts
{
    /// <summary>
    /// A sink the parts of a wave that spans account-regions share: they run at once, and a sink (the cmdlet's
    /// progress writer) keeps per-run state that is not safe to change from two threads, so each call goes in turn.
    /// </summary>
    internal sealed class SerialRolloutSink : IRolloutSink
    {
        private readonly IRolloutSink _inner;
        private readonly object _gate = new object();

        public SerialRolloutSink(IRolloutSink inner) => _inner = inner;

        public void WavePhase(PatchRolloutWave wave, int waveCount, string phase)
        {
            lock (_gate)
                _inner.WavePhase(wave, waveCount, phase);
        }

        public void RunProgress(PatchRunProgress progress)
        {
            lock (_gate)
                _inner.RunProgress(progress);
        }

        public void SnapshotProgress(string runId, SnapshotProgress progress)
        {
            lock (_gate)
                _inner.SnapshotProgress(runId, progress);
        }

        public void Warning(string message)
        {
            lock (_gate)
                _inner.Warning(message);
        }

        public void Verbose(string message)
        {
            lock (_gate)
                _inner.Verbose(message);
        }
    }
}
