using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Rollouts
{
    /// <summary>
    /// Cuts candidates into waves (pure; no AWS call): by a tag's values in the order given, or by patch group, or one
    /// wave; then a canary carved off the first wave; each wave in risk order (highest <see cref="RolloutCandidate.RiskScore"/>
    /// first, then by id). Input that cannot make a sound rollout is refused with an <see cref="ItemFailureException"/>
    /// naming the fix, before anything is sent. An instance whose tag value is in no wave is left out and reported.
    /// </summary>
    public static class WavePlanner
    {
        public const string CanaryName = "canary";

        /// <summary>The waves of <paramref name="candidates"/>; <paramref name="leftOut"/> gets instances that fit no wave.</summary>
        public static IReadOnlyList<PatchRolloutWave> Plan(IReadOnlyList<RolloutCandidate> candidates, WaveSpec spec, string rolloutId, List<ItemFailure> leftOut)
        {
            var groups = new List<(string Name, List<RolloutCandidate> Members)>();
            if (spec.WaveBy == null)
            {
                if (spec.WaveOrder.Count > 0)
                    throw Refused("WaveOrderWithoutWaveBy", "-WaveOrder", "-WaveOrder was given without -WaveBy, so it names no tag.", "Add -WaveBy <tag key> (for example -WaveBy Environment), or leave out -WaveOrder.");
                groups.Add(("all", candidates.ToList()));
            }
            else
            {
                string? ValueOf(RolloutCandidate c) => spec.WaveBy == WaveSpec.PatchGroupKey ? c.PatchGroup
                    : c.Tags.TryGetValue(spec.WaveBy, out var v) && !string.IsNullOrEmpty(v) ? v : null;
                var byValue = candidates.GroupBy(c => ValueOf(c) ?? string.Empty, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
                var order = spec.WaveOrder.Count > 0 ? spec.WaveOrder.ToList()
                    : byValue.Keys.Where(k => k.Length > 0).OrderBy(k => k, StringComparer.OrdinalIgnoreCase).ToList();
                var duplicate = order.GroupBy(v => v, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
                if (duplicate != null)
                    throw Refused("WaveValueRepeated", duplicate.Key, $"-WaveOrder names '{duplicate.Key}' twice; an instance can be in one wave only.", "Name each -WaveOrder value once.");
                foreach (var value in order)
                {
                    if (!byValue.TryGetValue(value, out var members))
                    {
                        var known = string.Join(", ", byValue.Keys.Where(k => k.Length > 0).OrderBy(k => k, StringComparer.OrdinalIgnoreCase));
                        throw Refused("WaveValueHasNoInstance", value,
                            $"No instance given has {Describe(spec.WaveBy)} '{value}', so wave '{value}' would be empty. Nothing was sent.",
                            $"Fix the -WaveOrder value or the instances piped in; the values they have are: {(known.Length == 0 ? "none" : known)}.");
                    }
                    groups.Add((value, members));
                }
                var inOrder = new HashSet<string>(order, StringComparer.OrdinalIgnoreCase);
                foreach (var candidate in candidates.Where(c => !inOrder.Contains(ValueOf(c) ?? string.Empty)))
                {
                    var value = ValueOf(candidate);
                    leftOut.Add(new ItemFailure(candidate.InstanceId, "InstanceNotInAnyWave", AwsErrorKind.InvalidInput,
                        value == null
                            ? $"Instance {candidate.InstanceId} has no {Describe(spec.WaveBy)}, so it is in no wave; it was left out of the rollout."
                            : $"Instance {candidate.InstanceId} has {Describe(spec.WaveBy)} '{value}', which -WaveOrder does not name; it was left out of the rollout.",
                        $"Add its value to -WaveOrder, tag the instance, or leave it out of the input."));
                }
            }
            return Finish(groups, spec, rolloutId);
        }

        /// <summary>Checks waves given explicitly (a plan): none empty, no instance in two; then carves the canary and numbers them.</summary>
        public static IReadOnlyList<PatchRolloutWave> Check(IReadOnlyList<PatchRolloutWave> waves, string rolloutId)
        {
            if (waves.Count == 0)
                throw Refused("EmptyRolloutPlan", "Plan", "The rollout plan has no wave. Nothing was sent.", "Make a plan with New-PatchRolloutPlan from instances that are running, managed and Online.");
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var wave in waves)
            {
                if (wave.InstanceIds.Count == 0)
                    throw Refused("EmptyWave", wave.Name, $"Wave {wave.Wave} ({wave.Name}) of the plan has no instance. Nothing was sent.", "Remove the empty wave from the plan, or give it instances.");
                foreach (var id in wave.InstanceIds)
                {
                    if (seen.TryGetValue(id, out var first))
                        throw Refused("InstanceInTwoWaves", id, $"Instance {id} is in wave '{first}' and in wave '{wave.Name}'. Nothing was sent.", $"Keep {id} in one wave of the plan only.");
                    seen[id] = wave.Name;
                }
            }
            return waves.Select((w, i) => Numbered(w, i + 1, rolloutId)).ToList();
        }

        private static IReadOnlyList<PatchRolloutWave> Finish(List<(string Name, List<RolloutCandidate> Members)> groups, WaveSpec spec, string rolloutId)
        {
            if (groups.Count == 0 || groups.All(g => g.Members.Count == 0))
                throw Refused("NoInstanceToRollOut", "InstanceId", "No instance is left to roll out to (the errors above say why each was left out). Nothing was sent.", "Pipe in instances that are running, managed by Systems Manager and Online (Get-PatchInstance -ManagedOnly).");
            var ordered = groups.Select(g => (g.Name, Members: g.Members.OrderByDescending(c => c.RiskScore ?? double.MinValue).ThenBy(c => c.InstanceId, StringComparer.Ordinal).Select(c => c.InstanceId).ToList())).ToList();
            if (spec.CanaryCount != null || spec.CanaryPercent != null)
            {
                var first = ordered[0];
                var count = spec.CanaryCount ?? (int)Math.Ceiling(first.Members.Count * spec.CanaryPercent!.Value / 100.0);
                if (count < 1)
                    throw Refused("CanaryEmpty", CanaryName, $"A canary of {spec.CanaryPercent}% of wave '{first.Name}' ({first.Members.Count} instance(s)) is no instance.", "Give a larger -CanaryPercent, or -CanaryCount 1.");
                if (count >= first.Members.Count)
                    throw Refused("CanaryTooLarge", CanaryName,
                        $"The canary ({count} instance(s)) is not smaller than wave '{first.Name}' it is carved from ({first.Members.Count} instance(s)), which would leave that wave empty. Nothing was sent.",
                        $"Give -CanaryCount below {first.Members.Count} (or a smaller -CanaryPercent), or add instances to wave '{first.Name}'.");
                ordered[0] = (first.Name, first.Members.Skip(count).ToList());
                ordered.Insert(0, (CanaryName, first.Members.Take(count).ToList()));
            }
            if (spec.MaxConcurrency.Count > 1 && spec.MaxConcurrency.Count != ordered.Count)
                throw Refused("RateControlCountMismatch", "-MaxConcurrency", $"-MaxConcurrency has {spec.MaxConcurrency.Count} values for {ordered.Count} waves ({string.Join(", ", ordered.Select(o => o.Name))}).", "Give one value for every wave, or one per wave in wave order (the canary first).");
            if (spec.MaxErrors.Count > 1 && spec.MaxErrors.Count != ordered.Count)
                throw Refused("RateControlCountMismatch", "-MaxErrors", $"-MaxErrors has {spec.MaxErrors.Count} values for {ordered.Count} waves ({string.Join(", ", ordered.Select(o => o.Name))}).", "Give one value for every wave, or one per wave in wave order (the canary first).");
            return ordered.Select((o, i) => new PatchRolloutWave
            {
                Wave = i + 1,
                Name = o.Name,
                InstanceIds = o.Members,
                MaxConcurrency = Pick(spec.MaxConcurrency, i),
                MaxErrors = Pick(spec.MaxErrors, i) ?? "0",
                RunId = RolloutIds.WaveRunId(rolloutId, i + 1),
            }).ToList();
        }

        /// <summary>How many failed instances a wave of <paramref name="size"/> tolerates under its MaxErrors (a number or a percentage).</summary>
        public static int AllowedErrors(string maxErrors, int size)
        {
            if (maxErrors.EndsWith("%", StringComparison.Ordinal)
                && double.TryParse(maxErrors.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
                return (int)Math.Floor(size * percent / 100.0);
            return int.TryParse(maxErrors, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0;
        }

        private static PatchRolloutWave Numbered(PatchRolloutWave wave, int number, string rolloutId) => new PatchRolloutWave
        {
            Wave = number,
            Name = string.IsNullOrEmpty(wave.Name) ? $"wave{number}" : wave.Name,
            InstanceIds = wave.InstanceIds,
            MaxConcurrency = wave.MaxConcurrency,
            MaxErrors = string.IsNullOrEmpty(wave.MaxErrors) ? "0" : wave.MaxErrors,
            RunId = RolloutIds.WaveRunId(rolloutId, number),
        };

        private static string? Pick(IReadOnlyList<string> values, int index) =>
            values.Count == 0 ? null : values.Count == 1 ? values[0] : values[index];

        private static string Describe(string waveBy) => waveBy == WaveSpec.PatchGroupKey ? "patch group" : $"tag {waveBy}";

        private static ItemFailureException Refused(string errorId, string target, string message, string action) =>
            new ItemFailureException(new ItemFailure(target, errorId, AwsErrorKind.InvalidInput, message, action));
    }
}
