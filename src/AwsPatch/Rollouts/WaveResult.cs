using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AwsPatch.Rollouts
{
    /// <summary>How a wave ended, as its <c>waves/NN/result</c> parameter keeps it.</summary>
    public sealed class WaveResult
    {
        /// <summary>Succeeded or Failed.</summary>
        public string State { get; init; } = string.Empty;

        /// <summary>Each gate's outcome (<c>Name: Passed</c>, <c>Name: Failed (…)</c>).</summary>
        public IReadOnlyList<string> Gates { get; init; } = Array.Empty<string>();

        public int RolledBack { get; init; }

        public DateTime? CompletedAt { get; init; }

        public string Format() => RolloutRecord.Lines(("State", State), ("RolledBack", RolledBack.ToString(CultureInfo.InvariantCulture)),
            ("CompletedAt", CompletedAt is { } at ? RolloutRecord.Iso(at) : string.Empty), ("Gates", string.Join(" | ", Gates)));

        public static WaveResult Parse(string text)
        {
            var values = RolloutRecord.Values(text);
            return new WaveResult
            {
                State = RolloutRecord.Get(values, "State") ?? string.Empty,
                RolledBack = int.TryParse(RolloutRecord.Get(values, "RolledBack"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0,
                CompletedAt = RolloutRecord.TryIso(RolloutRecord.Get(values, "CompletedAt"), out var at) ? at : (DateTime?)null,
                Gates = (RolloutRecord.Get(values, "Gates") ?? string.Empty).Split(new[] { " | " }, StringSplitOptions.RemoveEmptyEntries).ToList(),
            };
        }
    }
}
