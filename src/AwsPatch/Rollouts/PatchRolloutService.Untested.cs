using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Rollouts
{
    public sealed partial class PatchRolloutService
    {
        /// <summary>
        /// A wave after the testing waves, once the tested set is known: its instances whose platform the tested set
        /// lacks (every instance of it in the testing waves failed, within MaxErrors) are refused before the wave is
        /// sent, one failure each naming the platform and the fix; the wave goes on without them. An instance whose
        /// platform cannot be read is left to the TestedSet gate. The platforms come from the record (read when the rollout
        /// started); only a record without them (an older AwsPatch) needs an instance listing for the wave, per account-region it spans.
        /// </summary>
        private async Task<(PatchRolloutWave Wave, List<ItemFailure> Refused)> RefuseUntestedAsync(RolloutSessions sessions, RolloutRecord record, PatchRolloutWave wave,
            IReadOnlyDictionary<string, IReadOnlyList<string>> tested, IOperationReporter reporter, CancellationToken cancellationToken)
        {
            var refused = new List<ItemFailure>();
            var testWaves = RolloutPlatform.TestWaves(record.Waves);
            if (wave.Wave <= testWaves || wave.InstanceCount == 0)
                return (wave, refused);
            var platforms = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (session, ids) in sessions.Group(wave.InstanceIds))
            {
                foreach (var pair in await PlatformsAsync(session, ids, record.Platforms, reporter, cancellationToken).ConfigureAwait(false))
                    platforms[pair.Key] = pair.Value;
            }
            var testers = string.Join(", ", record.Waves.Take(testWaves).Select(w => w.Name));
            foreach (var id in wave.InstanceIds.Where(id => platforms.TryGetValue(id, out var p) && !tested.ContainsKey(p)))
                refused.Add(new ItemFailure(id, "RolloutPlatformUntested", AwsErrorKind.InvalidInput,
                    $"Instance {id} runs {platforms[id]}, but no instance running {platforms[id]} passed the rollout's testing wave ({testers}): they failed within MaxErrors, "
                    + $"so wave '{wave.Name}' would install patches nobody tested on that platform. It was left out of wave {wave.Wave} of rollout {record.RolloutId}; nothing was sent to it.",
                    $"Fix the {platforms[id]} instance(s) that failed wave {testers} (see their results, Get-PatchRollout -RolloutId {record.RolloutId}); then patch {id} in a new rollout whose first wave has a {platforms[id]} instance, or in a rollout of its own."));
            if (refused.Count == 0)
                return (wave, refused);
            var left = new HashSet<string>(refused.Select(f => f.TargetId), StringComparer.Ordinal);
            return (new PatchRolloutWave
            {
                Wave = wave.Wave,
                Name = wave.Name,
                InstanceIds = wave.InstanceIds.Where(id => !left.Contains(id)).ToList(),
                MaxConcurrency = wave.MaxConcurrency,
                MaxErrors = wave.MaxErrors,
                RunId = wave.RunId,
            }, refused);
        }
    }
}
