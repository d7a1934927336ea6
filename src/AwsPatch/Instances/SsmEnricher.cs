using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Instances
{
    /// <summary>
    /// Looks up SSM agent records for a page of instance ids, 50 ids a call, a few calls at once. If Systems Manager
    /// fails, it warns once and answers "nothing known" from then on, unless the caller asked for managed instances
    /// only, which cannot be honoured without SSM: then the failure propagates.
    /// </summary>
    internal sealed class SsmEnricher
    {
        private static readonly IReadOnlyDictionary<string, SsmInstanceRecord> Nothing = new Dictionary<string, SsmInstanceRecord>();

        private readonly ISsmGateway _ssm;
        private readonly string _region;
        private readonly IOperationReporter _reporter;
        private int _unavailable;

        public SsmEnricher(ISsmGateway ssm, string region, bool managedOnly, IOperationReporter reporter)
        {
            _ssm = ssm;
            _region = region;
            ManagedOnly = managedOnly;
            _reporter = reporter;
        }

        public bool ManagedOnly { get; }

        public async Task<IReadOnlyDictionary<string, SsmInstanceRecord>> DescribeAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            if (instanceIds.Count == 0 || Volatile.Read(ref _unavailable) == 1)
                return Nothing;

            var found = new ConcurrentDictionary<string, SsmInstanceRecord>(StringComparer.Ordinal);
            using var gate = new SemaphoreSlim(InstanceService.SsmParallelism);
            var chunks = Enumerable.Range(0, (instanceIds.Count + InstanceService.IdsPerSsmCall - 1) / InstanceService.IdsPerSsmCall)
                .Select(i => instanceIds.Skip(i * InstanceService.IdsPerSsmCall).Take(InstanceService.IdsPerSsmCall).ToList());
            try
            {
                await Task.WhenAll(chunks.Select(async chunk =>
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        string? token = null;
                        do
                        {
                            var page = await _ssm.DescribeInstanceInformationAsync(chunk, InstanceService.IdsPerSsmCall, token, cancellationToken).ConfigureAwait(false);
                            foreach (var record in page.Items)
                                found[record.InstanceId] = record;
                            token = page.NextToken;
                        }
                        while (token != null);
                    }
                    finally
                    {
                        gate.Release();
                    }
                })).ConfigureAwait(false);
            }
            catch (AwsCallException ex) when (!ManagedOnly)
            {
                if (Interlocked.Exchange(ref _unavailable, 1) == 0)
                {
                    _reporter.Warning(
                        $"Systems Manager details are unavailable in {_region} ({ex.Message.TrimEnd('.')}). " +
                        "Instances are listed without their SSM fields (SsmPingStatus, AgentVersion, PlatformName); " +
                        "grant ssm:DescribeInstanceInformation to see them.");
                }
                return Nothing;
            }
            return found;
        }
    }
}
