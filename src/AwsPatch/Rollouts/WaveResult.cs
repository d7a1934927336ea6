using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AwsPatch.Rollouts
{
    /// <summary>
    /// How a wave ended, as its <c>waves/NN/result</c> parameter keeps it; the instances that did not pass it are kept
    /// beside it in <c>waves/NN/failed/0000…</c> (comma-joined, written before the result; the result holds their count).
    /// </summary>
    public sealed class WaveResult
    {
        /// <summary>Succeeded or Failed.</summary>
        public string State { get; init; } = string.Empty;

        /// <summary>Each gate's outcome (<c>Name: Passed</c>, <c>Name: Failed (…)</c>).</summary>
        public IReadOnlyList<string> Gates { get; init; } = Array.Empty<string>();

        public int RolledBack { get; init; }

        public DateTime? CompletedAt { get; init; }

        /// <summary>
        /// The wave's instances that did not pass it: not patched or refused, install not Success, a gate failed (all of
        /// them when a wave-level gate failed). Null in a record written before these were recorded.
        /// </summary>
        public IReadOnlyList<string>? FailedIds { get; init; }

        /// <summary>
        /// The instances of <paramref name="wave"/> (as planned) that passed it. A record without <see cref="FailedIds"/>
        /// knows them only when every gate passed outright (all did); otherwise null: which failed within MaxErrors is not known.
        /// </summary>
        public IReadOnlyList<string>? PassedOf(PatchRolloutWave wave)
        {
            if (FailedIds != null)
            {
                var failed = new HashSet<string>(FailedIds, StringComparer.Ordinal);
                return wave.InstanceIds.Where(id => !failed.Contains(id)).ToList();
            }
            return State == WaveStates.Succeeded && Gates.All(g => g.EndsWith(": " + WaveStates.Passed, StringComparison.Ordinal)) ? wave.InstanceIds : null;
        }

        public string Format() => RolloutRecord.Lines(("State", State), ("RolledBack", RolledBack.ToString(CultureInfo.InvariantCulture)),
            ("CompletedAt", CompletedAt is { } at ? RolloutRecord.Iso(at) : string.Empty), ("Gates", string.Join(" | ", Gates)),
            ("Failed", (FailedIds?.Count ?? 0).ToString(CultureInfo.InvariantCulture)));

        /// <summary>
        /// A result from its parameter and the ids read from its <c>failed/</c> chunks; the ids count only when the
        /// result names as many (a record from before they were recorded names none, and gets null).
        /// </summary>
        public static WaveResult Parse(string text, IReadOnlyList<string> failedIds)
        {
            var values = RolloutRecord.Values(text);
            var recorded = int.TryParse(RolloutRecord.Get(values, "Failed"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count == failedIds.Count;
            return new WaveResult
            {
                FailedIds = recorded ? failedIds : null,
                State = RolloutRecord.Get(values, "State") ?? string.Empty,
                RolledBack = int.TryParse(RolloutRecord.Get(values, "RolledBack"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0,
                CompletedAt = RolloutRecord.TryIso(RolloutRecord.Get(values, "CompletedAt"), out var at) ? at : (DateTime?)null,
                Gates = (RolloutRecord.Get(values, "Gates") ?? string.Empty).Split(new[] { " | " }, StringSplitOptions.RemoveEmptyEntries).ToList(),
            };
        }
    }
}
