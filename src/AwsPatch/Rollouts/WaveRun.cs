using System;
using System.Collections.Generic;
using System.Linq;

namespace AwsPatch.Rollouts
{
    /// <summary>One wave while it runs: per instance its run result or why it was left out, gate failures, rollbacks; and how the wave ended.</summary>
    internal sealed class WaveRun
    {
        public WaveRun(RolloutRecord record, PatchRolloutWave wave, bool resume, IReadOnlyDictionary<string, IReadOnlyList<string>> tested)
        {
            Record = record;
            Wave = wave;
            Resume = resume;
            Tested = tested;
        }

        public RolloutRecord Record { get; }

        public PatchRolloutWave Wave { get; }

        /// <summary>The wave started in an earlier process: its run is resumed, not launched.</summary>
        public bool Resume { get; }

        public DateTime StartedAt { get; set; }

        public Dictionary<string, PatchRunResult> Results { get; } = new Dictionary<string, PatchRunResult>(StringComparer.Ordinal);

        /// <summary>Instances not patched (left out before or at the send), with why.</summary>
        public Dictionary<string, string> NotPatched { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Instance → gate name → why it failed that gate.</summary>
        public Dictionary<string, Dictionary<string, string>> GateFailures { get; } = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);

        /// <summary>The gates run, in order.</summary>
        public List<string> GatesRun { get; } = new List<string>();

        /// <summary>Wave-level gates that failed (the health check, the alarm) → why; such a failure fails every instance of the wave.</summary>
        public Dictionary<string, string> WaveFailures { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Why the wave-level health check failed; null when it passed or did not run.</summary>
        public string? HealthFailure
        {
            get => WaveFailures.TryGetValue(WaveStates.HealthGate, out var why) ? why : null;
            set
            {
                if (value == null)
                    WaveFailures.Remove(WaveStates.HealthGate);
                else
                    WaveFailures[WaveStates.HealthGate] = value;
            }
        }

        public Dictionary<string, PatchSnapshot> Sets { get; } = new Dictionary<string, PatchSnapshot>(StringComparer.Ordinal);

        public Dictionary<string, string> RootSnapshots { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public HashSet<string> RolledBackIds { get; } = new HashSet<string>(StringComparer.Ordinal);

        public Dictionary<string, string> RollbackErrors { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>The tested set per platform (<see cref="RolloutRecord.Tested"/>); set by the last testing wave once it passed.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Tested { get; set; }

        public bool Passed { get; set; }

        /// <summary>How the wave ended, as recorded; null until it is.</summary>
        public WaveResult? Result { get; set; }

        /// <summary>Instance → platform (<see cref="RolloutPlatform.Of"/>) as the recovery gate last read it, so the tested-set reads need not list the instances again.</summary>
        public Dictionary<string, string> Platforms { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public List<string> Gates { get; } = new List<string>();

        public int RolledBack => RolledBackIds.Count;

        public bool Succeeded(string id) => Results.TryGetValue(id, out var r) && r.Status == "Success";

        /// <summary>Instances whose install succeeded and that failed no gate so far.</summary>
        public List<string> Healthy() => Wave.InstanceIds.Where(id => Succeeded(id) && !GateFailures.ContainsKey(id)).ToList();

        public void FailGate(string id, string gate, string why)
        {
            if (!GateFailures.TryGetValue(id, out var gates))
                GateFailures[id] = gates = new Dictionary<string, string>(StringComparer.Ordinal);
            gates[gate] = why;
        }

        /// <summary>Instances that failed the wave: not patched, install not Success, or a gate failed (all of them when a wave-level gate failed).</summary>
        public List<string> FailedIds() => Wave.InstanceIds.Where(id => !Succeeded(id) || GateFailures.ContainsKey(id) || WaveFailures.Count > 0).ToList();
    }
}
