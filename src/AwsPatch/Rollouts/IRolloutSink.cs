using AwsPatch.Runs;

namespace AwsPatch.Rollouts
{
    /// <summary>Where a rollout reports: the runs' progress, warnings and verbose text, and which wave is in which phase.</summary>
    public interface IRolloutSink : IPatchRunSink
    {
        /// <summary>Wave <paramref name="wave"/> of <paramref name="waveCount"/> entered <paramref name="phase"/> (installing, gates, rollback, soak).</summary>
        void WavePhase(PatchRolloutWave wave, int waveCount, string phase);
    }
}
