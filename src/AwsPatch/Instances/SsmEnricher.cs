using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Instances
{
    /// <summary>
    /// Looks up SSM agent records 50 ids a call (one full page), at most <see cref="InstanceService.SsmParallelism"/>
    /// calls in flight for the whole listing. If Systems Manager fails, it warns once (naming the operation, HTTP
    /// status and error code) and answers null, "not known", for that call: the agents are Unknown, never "not
    /// managed". Each call follows the listing's <see cref="CallRetry"/> first. A transient failure (throttling, a 5xx, the network, <see cref="WaitRetry.IsTransient"/>) costs that
    /// call's 50 instances only; any other (AccessDenied …) would fail every call, so it stops asking. If the caller
    /// asked for managed instances only, which cannot be honoured without SSM, the failure propagates instead.
    /// </summary>
    internal sealed class SsmEnricher
    {
        private readonly ISsmGateway _ssm;
        private readonly string _region;
        private readonly IOperationReporter _reporter;
        private readonly CallRetry _retry;
        // Never disposed: it holds no wait handle, and an abandoned prefetch may still release it.
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(InstanceService.SsmParallelism);
        private int _unavailable;
        private int _warned;

        public SsmEnricher(ISsmGateway ssm, string region, bool managedOnly, IOperationReporter reporter, CallRetry retry)
        {
            _retry = retry;
            _ssm = ssm;
            _region = region;
            ManagedOnly = managedOnly;
            _reporter = reporter;
        }

        public bool ManagedOnly { get; }

        /// <summary>Starts the lookups for a page's ids: one task per chunk of 50, in order.</summary>
        public IReadOnlyList<Task<IReadOnlyDictionary<string, SsmInstanceRecord>?>> Start(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            var tasks = new List<Task<IReadOnlyDictionary<string, SsmInstanceRecord>?>>();
            for (var start = 0; start < instanceIds.Count; start += InstanceService.IdsPerSsmCall)
            {
                var chunk = instanceIds.Skip(start).Take(InstanceService.IdsPerSsmCall).ToList();
                tasks.Add(DescribeAsync(chunk, cancellationToken));
            }
            return tasks;
        }

        private async Task<IReadOnlyDictionary<string, SsmInstanceRecord>?> DescribeAsync(IReadOnlyList<string> chunk, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Volatile.Read(ref _unavailable) == 1)
                    return null;
                var found = new Dictionary<string, SsmInstanceRecord>(StringComparer.Ordinal);
                foreach (var record in await _retry.RunAsync(() => SsmInstanceLookup.ManagedAsync(_ssm, chunk, InstanceService.IdsPerSsmCall, cancellationToken), cancellationToken).ConfigureAwait(false))
                    found[record.InstanceId] = record;
                return found;
            }
            catch (AwsCallException ex) when (!ManagedOnly)
            {
                if (!WaitRetry.IsTransient(ex))
                    Volatile.Write(ref _unavailable, 1);
                if (Interlocked.Exchange(ref _warned, 1) == 0)
                {
                    _reporter.Warning(
                        $"Could not read the SSM agent state in {_region}: {ex.Message} " +
                        "The instances it did not answer for are listed with AgentState Unknown (IsManaged, SsmPingStatus, AgentVersion and PlatformName empty). " +
                        (AwsErrors.ActionFor(ex) ?? "Run the command again when Systems Manager answers."));
                }
                return null;
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
