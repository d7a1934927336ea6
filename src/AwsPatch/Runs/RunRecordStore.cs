using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Runs
{
    /// <summary>
    /// One run's <see cref="RunRecord"/> in one session's Parameter Store: writes the plan once and appends the
    /// instances not recorded yet (never overwriting a parameter), reads the record back for resume, and removes it
    /// once every recorded instance reached Success. Also remembers the successes seen, to know when that is.
    /// </summary>
    internal sealed class RunRecordStore
    {
        private readonly IParameterStoreGateway _parameters;
        private readonly string _runId;
        private readonly CallRetry _retry;
        private readonly HashSet<string> _recorded = new HashSet<string>(StringComparer.Ordinal);
        private int _nextChunk;

        /// <param name="retry">The run's retry policy for every Parameter Store call. A write retried after an ambiguous
        /// failure that had in fact been carried out meets ParameterAlreadyExists, which the store already reads as "there".</param>
        public RunRecordStore(IParameterStoreGateway parameters, string runId, CallRetry? retry = null)
        {
            _retry = retry ?? CallRetry.Listing(SystemWaitClock.Instance);
            _parameters = parameters;
            _runId = runId;
        }

        /// <summary>The plan parameter exists (written or read by this store).</summary>
        public bool Exists { get; private set; }

        /// <summary>Recorded instances seen reaching Success.</summary>
        public HashSet<string> Succeeded { get; } = new HashSet<string>(StringComparer.Ordinal);

        public bool AllSucceeded => Exists && _recorded.Count > 0 && _recorded.All(Succeeded.Contains);

        /// <summary>Reads the run's record; null when the run has none (it predates records, or they were removed).</summary>
        public async Task<RunRecord?> LoadAsync(CancellationToken cancellationToken)
        {
            var plan = await _retry.RunAsync<string?>(() => _parameters.GetAsync(RunRecord.PlanName(_runId), cancellationToken), cancellationToken).ConfigureAwait(false);
            if (plan == null)
                return null;
            var chunks = await ChunksAsync(cancellationToken).ConfigureAwait(false);
            var record = RunRecord.Parse(plan, chunks);
            Exists = true;
            _nextChunk = chunks.Count;
            _recorded.UnionWith(record.InstanceIds);
            return record;
        }

        /// <summary>
        /// Records <paramref name="instanceIds"/> (those not recorded yet) under the run, writing the plan first if this
        /// store has none. A plan already there with other parameters (the RunId is in use by another run) throws
        /// <see cref="RunIdInUseException"/>; nothing is overwritten.
        /// </summary>
        public async Task RecordAsync(RunRecord plan, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            if (!Exists)
            {
                var text = plan.FormatPlan();
                try
                {
                    await _retry.RunAsync(() => _parameters.PutAsync(RunRecord.PlanName(_runId), text, $"AwsPatch run {_runId}: document parameters", cancellationToken), cancellationToken).ConfigureAwait(false);
                    Exists = true;
                }
                catch (AwsCallException ex) when (ex.ErrorCode == "ParameterAlreadyExists")
                {
                    var existing = await _retry.RunAsync<string?>(() => _parameters.GetAsync(RunRecord.PlanName(_runId), cancellationToken), cancellationToken).ConfigureAwait(false);
                    if (existing != text)
                        throw new RunIdInUseException(_runId);
                    await LoadAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            // The plan is there (it claims the RunId and is read first); the chunks are independent, CallsInFlight at once.
            var fresh = instanceIds.Where(_recorded.Add).ToList();
            await OrderedFanOut.ForEachAsync(RunRecord.Chunks(fresh, ParameterStoreLimits.StandardValueLength), PutChunkAsync, ParameterStoreLimits.CallsInFlight, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Writes one chunk of instance ids under the next free chunk number.</summary>
        private async Task PutChunkAsync(string chunk, CancellationToken cancellationToken)
        {
            while (true)
            {
                var number = Interlocked.Increment(ref _nextChunk) - 1;
                try
                {
                    var name = RunRecord.ChunkName(_runId, number);
                    await _retry.RunAsync(() => _parameters.PutAsync(name, chunk, $"AwsPatch run {_runId}: intended instances", cancellationToken), cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (AwsCallException ex) when (ex.ErrorCode == "ParameterAlreadyExists" && number < 9999)
                {
                    // Another session of the same run recorded a chunk under this number: take the next.
                }
            }
        }

        /// <summary>Removes every parameter of the run's record (DeleteParameters, 10 names a call, <see cref="ParameterStoreLimits.CallsInFlight"/> calls at once).</summary>
        public async Task DeleteAsync(CancellationToken cancellationToken)
        {
            var names = new List<string> { RunRecord.PlanName(_runId) };
            await foreach (var parameter in Pages.AllAsync(token => _retry.RunAsync(() => _parameters.GetByPathAsync(RunRecord.PathOf(_runId), token, cancellationToken), cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                if (parameter.Key != names[0])
                    names.Add(parameter.Key);
            }
            var calls = Enumerable.Range(0, (names.Count + ParameterStoreLimits.NamesPerDelete - 1) / ParameterStoreLimits.NamesPerDelete)
                .Select(n => (IReadOnlyList<string>)names.Skip(n * ParameterStoreLimits.NamesPerDelete).Take(ParameterStoreLimits.NamesPerDelete).ToList()).ToList();

            // The call with the plan goes alone and first: a process killed after it leaves no record a resume would read as
            // missing some of its instances. The leftover chunks then go CallsInFlight at once.
            await _retry.RunAsync(() => _parameters.DeleteAsync(calls[0], cancellationToken), cancellationToken).ConfigureAwait(false);
            await OrderedFanOut.ForEachAsync(calls.Skip(1), (batch, ct) => _retry.RunAsync(() => _parameters.DeleteAsync(batch, ct), ct), ParameterStoreLimits.CallsInFlight, cancellationToken).ConfigureAwait(false);
            Exists = false;
        }

        private async Task<List<string>> ChunksAsync(CancellationToken cancellationToken)
        {
            var prefix = RunRecord.PathOf(_runId) + "instances/";
            var chunks = new List<KeyValuePair<string, string>>();
            await foreach (var chunk in Pages.AllAsync(token => _retry.RunAsync(() => _parameters.GetByPathAsync(prefix, token, cancellationToken), cancellationToken), cancellationToken).ConfigureAwait(false))
                chunks.Add(chunk);
            return chunks.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value).ToList();
        }
    }
}
