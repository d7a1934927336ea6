using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Commands.Common;
using AwsPatch.Common;
using AwsPatch.Remediation;

namespace AwsPatch.Commands
{
    /// <summary>
    /// For patched instances (piped run results, compliance, instances or ids), what became of each Inspector finding
    /// that was open before the last install: Closed, StillOpen with the reason, or New.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PatchRemediation")]
    [OutputType(typeof(PatchRemediation))]
    public sealed class GetPatchRemediationCommand : AsyncAwsCmdlet
    {
        /// <summary>Instances assessed per batch of calls.</summary>
        private const int BatchSize = 50;

        private readonly SessionBatches<string> _pending = new SessionBatches<string>(StringComparer.Ordinal);

        /// <summary>Instance ids; from the pipeline as strings or as objects with an <c>InstanceId</c> property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        /// <summary>
        /// When the instance's install ended, for instances whose last patch operation since was a Scan (a rollout's
        /// gate Scan): findings are measured against it instead of the patch state's last Install.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime? InstalledAt { get; set; }

        private readonly Dictionary<string, DateTime> _installedAt = new Dictionary<string, DateTime>(StringComparer.Ordinal);

        /// <summary>Only findings with these outcomes.</summary>
        [Parameter]
        [ValidateSet(RemediationOutcomes.Closed, RemediationOutcomes.StillOpen, RemediationOutcomes.New)]
        public string[]? Outcome { get; set; }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var ids = InstanceId.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).ToList();
            if (InstalledAt is DateTime installed)
                foreach (var id in ids) _installedAt[id] = installed.ToUniversalTime();
            if (_pending.Add(Session!, ids, BatchSize) is { } batch)
                await WriteAsync(pipe, batch.Session, batch.Items, cancellationToken).ConfigureAwait(false);
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _pending.Drain())
                await WriteAsync(pipe, batch.Session, batch.Items, cancellationToken).ConfigureAwait(false);
        }

        private Task WriteAsync(AsyncPipeline pipe, Aws.AwsSession session, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
            WriteOutcomesAsync(pipe, Filtered(Services.Remediation.AssessAsync(session, ids, cancellationToken,
                _installedAt.Count == 0 ? null : ids.Where(_installedAt.ContainsKey).ToDictionary(id => id, id => _installedAt[id], StringComparer.Ordinal), findRuns: true)));

        private async IAsyncEnumerable<Outcome<PatchRemediation>> Filtered(IAsyncEnumerable<Outcome<PatchRemediation>> outcomes)
        {
            await foreach (var outcome in outcomes.ConfigureAwait(false))
            {
                if (outcome.Value == null || Outcome == null || Outcome.Contains(outcome.Value.Outcome, StringComparer.OrdinalIgnoreCase))
                    yield return outcome;
            }
        }
    }
}
