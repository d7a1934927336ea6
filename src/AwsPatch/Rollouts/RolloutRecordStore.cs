using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Rollouts
{
    /// <summary>Reads and writes one session's rollout records (see <see cref="RolloutRecord"/>); every write is a new parameter.</summary>
    internal sealed class RolloutRecordStore
    {
        private readonly IParameterStoreGateway _parameters;

        public RolloutRecordStore(IParameterStoreGateway parameters) => _parameters = parameters;

        /// <summary>Writes the plan and every wave's definition and instances, before anything is sent.</summary>
        public async Task CreateAsync(RolloutRecord record, CancellationToken cancellationToken)
        {
            var id = record.RolloutId;
            try
            {
                await _parameters.PutAsync(RolloutRecord.PlanName(id), record.FormatPlan(), $"AwsPatch rollout {id}: settings", cancellationToken).ConfigureAwait(false);
            }
            catch (AwsCallException ex) when (ex.ErrorCode == "ParameterAlreadyExists")
            {
                throw new ItemFailureException(new ItemFailure(id, "RolloutIdInUse", AwsErrorKind.InvalidInput,
                    $"Rollout {id} already has a record in Parameter Store ({RolloutRecord.PathOf(id)}). Nothing was sent.",
                    $"Give a new -RolloutId, or continue that rollout with Resume-PatchRollout -RolloutId {id}."));
            }

            // The plan claimed the id; the rest are parameters of their own, none read before the plan, so they go CallsInFlight at once.
            var writes = new List<(string Name, string Value, string Description)>();
            // JSON that may hold any character, so cut at the value limit rather than between values; read back joined in order.
            var healthChunk = 0;
            foreach (var text in RolloutRecord.Cut(record.FormatHealthCheckParameters() ?? string.Empty))
                writes.Add((RolloutRecord.HealthCheckName(id, healthChunk++), text, $"AwsPatch rollout {id}: health check document parameters"));
            var platformChunk = 0;
            foreach (var text in RolloutRecord.Cut(record.FormatPlatforms() ?? string.Empty))
                writes.Add((RolloutRecord.PlatformsName(id, platformChunk++), text, $"AwsPatch rollout {id}: instance platforms"));
            var targets = 0;
            foreach (var text in RolloutRecord.Chunks(record.Targets.Select(t => t.Format()), '\n', ParameterStoreLimits.StandardValueLength))
                writes.Add((RolloutRecord.TargetsName(id, targets++), text, $"AwsPatch rollout {id}: the accounts and regions it patches in"));
            foreach (var wave in record.Waves)
            {
                var path = RolloutRecord.WavePath(id, wave.Wave);
                writes.Add((path + "plan", RolloutRecord.FormatWave(wave), $"AwsPatch rollout {id}: wave {wave.Wave}"));
                var chunk = 0;
                foreach (var text in RolloutRecord.Chunks(record.InstanceEntries(wave), ',', ParameterStoreLimits.StandardValueLength))
                    writes.Add((path + "instances/" + (chunk++).ToString("D4", System.Globalization.CultureInfo.InvariantCulture), text, $"AwsPatch rollout {id}: wave {wave.Wave} instances"));
            }
            await OrderedFanOut.ForEachAsync(writes, (write, ct) => _parameters.PutAsync(write.Name, write.Value, write.Description, ct), ParameterStoreLimits.CallsInFlight, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Marks a wave started (a resumed wave keeps its first start).</summary>
        public Task StartedAsync(string rolloutId, int wave, DateTime at, CancellationToken cancellationToken) =>
            PutOnceAsync(RolloutRecord.WavePath(rolloutId, wave) + "started", RolloutRecord.Iso(at), $"AwsPatch rollout {rolloutId}: wave {wave} started", cancellationToken);

        /// <summary>Records how a wave ended: the instances that did not pass it first, then its result (which names their count).</summary>
        public async Task FinishedAsync(string rolloutId, int wave, WaveResult result, CancellationToken cancellationToken)
        {
            var chunk = 0;
            foreach (var text in RolloutRecord.Chunks(result.FailedIds ?? Array.Empty<string>(), ',', ParameterStoreLimits.StandardValueLength))
                await PutOnceAsync(RolloutRecord.FailedName(rolloutId, wave, chunk++), text, $"AwsPatch rollout {rolloutId}: wave {wave} instances that did not pass", cancellationToken).ConfigureAwait(false);
            await PutOnceAsync(RolloutRecord.WavePath(rolloutId, wave) + "result", result.Format(), $"AwsPatch rollout {rolloutId}: wave {wave} result", cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Writes the tested set, one <c>platform&lt;TAB&gt;patch</c> line per patch (a platform that installed none: one line with no patch).</summary>
        public async Task TestedAsync(string rolloutId, IReadOnlyDictionary<string, IReadOnlyList<string>> tested, CancellationToken cancellationToken)
        {
            var lines = tested.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
                .SelectMany(p => p.Value.Count == 0 ? new[] { p.Key + "\t" } : p.Value.Select(patch => p.Key + "\t" + patch));
            var chunks = RolloutRecord.Chunks(lines, '\n', ParameterStoreLimits.StandardValueLength).Select((text, chunk) => (Name: RolloutRecord.TestedName(rolloutId, chunk), Text: text));
            await OrderedFanOut.ForEachAsync(chunks, (chunk, ct) => PutOnceAsync(chunk.Name, chunk.Text, $"AwsPatch rollout {rolloutId}: tested patches", ct), ParameterStoreLimits.CallsInFlight, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The rollout's record; null when it has none in this region.</summary>
        public async Task<RolloutRecord?> LoadAsync(string rolloutId, CancellationToken cancellationToken)
        {
            var parameters = await ReadAsync(RolloutRecord.PathOf(rolloutId), cancellationToken).ConfigureAwait(false);
            return RolloutRecord.Parse(rolloutId, parameters);
        }

        /// <summary>Every rollout recorded in the session's region, newest first.</summary>
        public async Task<IReadOnlyList<RolloutRecord>> ListAsync(CancellationToken cancellationToken)
        {
            var parameters = await ReadAsync(RolloutRecord.Root, cancellationToken).ConfigureAwait(false);
            var ids = parameters.Keys.Select(k => k.Substring(RolloutRecord.Root.Length)).Select(rest => rest.Split('/')[0]).Distinct(StringComparer.Ordinal).ToList();
            return ids.Select(id => RolloutRecord.Parse(id, parameters)).Where(r => r != null).Select(r => r!)
                .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.RolloutId, StringComparer.Ordinal).ToList();
        }

        private async Task<Dictionary<string, string>> ReadAsync(string path, CancellationToken cancellationToken)
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var pair in Pages.AllAsync(token => _parameters.GetByPathAsync(path, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                parameters[pair.Key] = pair.Value;
            return parameters;
        }

        private async Task PutOnceAsync(string name, string value, string description, CancellationToken cancellationToken)
        {
            try
            {
                await _parameters.PutAsync(name, value, description, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsCallException ex) when (ex.ErrorCode == "ParameterAlreadyExists")
            {
                // Written by an earlier process of the same rollout (resume): the first value stands.
            }
        }
    }
}
