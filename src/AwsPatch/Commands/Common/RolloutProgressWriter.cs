using System.Management.Automation;
using AwsPatch.Rollouts;
using AwsPatch.Runs;
using AwsPatch.Snapshots;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// A rollout's progress, nested rollout → wave → instances: one record for the rollout (which wave, which phase,
    /// percent by waves), and under it the current wave's run as <see cref="RunProgressWriter"/> shows a run.
    /// <see cref="Complete"/> belongs in a <c>finally</c>.
    /// </summary>
    internal sealed class RolloutProgressWriter : IRolloutSink
    {
        private readonly AsyncPipeline _pipe;
        private readonly int _activityId;
        private readonly string _activity;
        private RunProgressWriter _wave;
        private int _lastWave;
        private bool _open;

        public RolloutProgressWriter(AsyncPipeline pipe, int activityId, string activity)
        {
            _pipe = pipe;
            _activityId = activityId;
            _activity = activity;
            _wave = NewWave();
        }

        public void WavePhase(PatchRolloutWave wave, int waveCount, string phase)
        {
            if (wave.Wave != _lastWave)
            {
                _wave.Complete();
                _wave = NewWave();
                _lastWave = wave.Wave;
            }
            var record = new ProgressRecord(_activityId, _activity, $"Wave {wave.Wave} of {waveCount} ({wave.Name}, {wave.InstanceCount} instance(s)): {phase}")
            {
                PercentComplete = (wave.Wave - 1) * 100 / waveCount,
            };
            _pipe.WriteProgress(record);
            _open = true;
        }

        void IPatchRunSink.RunProgress(PatchRunProgress progress) => _wave.Report(progress);

        void IPatchRunSink.SnapshotProgress(string runId, SnapshotProgress progress) => _wave.ReportSnapshots(runId, progress);

        void AwsPatch.Common.IOperationReporter.Warning(string message) => _pipe.WriteWarning(message);

        void AwsPatch.Common.IOperationReporter.Verbose(string message) => _pipe.WriteVerbose(message);

        public void Complete()
        {
            _wave.Complete();
            if (_open)
                _pipe.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
            _open = false;
        }

        private RunProgressWriter NewWave() => new RunProgressWriter(_pipe, _activityId + 1, $"{_activity} wave", _activityId);
    }
}
