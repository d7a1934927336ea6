using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Common;
using AwsPatch.Findings;

namespace AwsPatch.Commands
{
    /// <summary>Lists Amazon Inspector vulnerability findings, filtered server-side, streaming as pages arrive.</summary>
    [Cmdlet(VerbsCommon.Get, "PatchFinding", SupportsPaging = true)]
    [OutputType(typeof(PatchFinding))]
    public sealed class GetPatchFindingCommand : AsyncAwsCmdlet
    {
        /// <summary>Ids gathered from the pipeline before one service call: 20 queries of 10 ids.</summary>
        private const int FlushAt = 20 * FindingFilter.MaxValues;

        private readonly SessionBatches<string> _pending = new SessionBatches<string>();
        private PagedWriter? _pages;

        /// <summary>Resource ids (EC2 instance ids by default); from the pipeline as strings or by property name.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "ResourceId")]
        [ValidateNotNullOrEmpty]
        public string[]? InstanceId { get; set; }

        [Parameter]
        [ValidateSet("Critical", "High", "Medium", "Low", "Informational", "Untriaged")]
        public string[]? Severity { get; set; }

        /// <summary>Finding status; Active unless given.</summary>
        [Parameter]
        [ValidateSet("Active", "Suppressed", "Closed")]
        public string[]? Status { get; set; }

        [Parameter]
        public SwitchParameter FixAvailable { get; set; }

        [Parameter]
        public SwitchParameter ExploitAvailable { get; set; }

        /// <summary>Lowest Inspector score (0–10) to include.</summary>
        [Parameter]
        [ValidateRange(0.0, 10.0)]
        public double? MinimumScore { get; set; }

        /// <summary>Lowest EPSS score (0–1) to include.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double? MinimumEpss { get; set; }

        [Parameter]
        [ValidateCount(1, FindingFilter.MaxValues)]
        [ValidateVulnerabilityId]
        [Alias("Cve")]
        public string[]? VulnerabilityId { get; set; }

        [Parameter]
        [ValidateCount(1, FindingFilter.MaxValues)]
        [ValidateNotNullOrEmpty]
        public string[]? PackageName { get; set; }

        [Parameter]
        [ValidateSet("Ec2Instance", "EcrImage", "EcrRepository", "Lambda")]
        public string[]? ResourceType { get; set; }

        protected override Task BeginProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            _pages = new PagedWriter(PagingParameters);
            return Task.CompletedTask;
        }

        /// <summary>A listing, and a lookup by id, runs in every region and account given (-Region, -RoleArn, -AccountId/-RoleName).</summary>
        protected override bool SupportsFanOut => true;

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            if (InstanceId == null || Sessions.Count > 1)
            {
                // Inspector finds nothing for a resource another account or region has, so each id shows where it lives
                // (and a malformed id is one error, not one per account and region).
                var ids = InstanceId == null ? Array.Empty<string>() : InstanceId.Where(id => id != null).Select(id => id.Trim()).ToArray();
                if (ids.Length == 0)
                {
                    await ListAsync(pipe, ids, (query, token) => InEverySession((session, t) => Services.Findings.GetAsync(session, query, pipe, t), token), cancellationToken).ConfigureAwait(false);
                    return;
                }
                // Every target but an instance's own says Inspector does not scan it: only an id found nowhere keeps that warning.
                var warnings = new HeldWarnings(pipe);
                await ListAsync(pipe, ids, (query, token) => WhereEachLives(ids, (session, t) => Services.Findings.GetAsync(session, query, warnings, t), f => f.InstanceId, token), cancellationToken).ConfigureAwait(false);
                warnings.Release(new HashSet<string>(ids.Select(FindingService.NotCovered), StringComparer.Ordinal), Sessions.Count);
                return;
            }
            if (_pending.Add(Session!, InstanceId.Where(id => id != null).Select(id => id.Trim()), FlushAt) is { } batch)
                await ListAsync(pipe, batch.Session, batch.Items, cancellationToken).ConfigureAwait(false);
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _pending.Drain())
                await ListAsync(pipe, batch.Session, batch.Items, cancellationToken).ConfigureAwait(false);
            await _pages!.WriteTotalAsync(pipe).ConfigureAwait(false);
        }

        private Task ListAsync(AsyncPipeline pipe, AwsSession session, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
            ListAsync(pipe, ids, (query, token) => Services.Findings.GetAsync(session, query, pipe, token), cancellationToken);

        private async Task ListAsync(AsyncPipeline pipe, IReadOnlyList<string> ids, Func<FindingQuery, CancellationToken, IAsyncEnumerable<Outcome<PatchFinding>>> list, CancellationToken cancellationToken)
        {
            if (_pages!.IsFull)
                return;
            var query = new FindingQuery
            {
                ResourceIds = ids,
                ResourceTypes = ResourceType ?? Array.Empty<string>(),
                Severities = Severity ?? Array.Empty<string>(),
                Statuses = Status ?? Array.Empty<string>(),
                FixAvailable = FixAvailable.IsPresent,
                ExploitAvailable = ExploitAvailable.IsPresent,
                MinimumScore = MinimumScore,
                MinimumEpss = MinimumEpss,
                VulnerabilityIds = VulnerabilityId ?? Array.Empty<string>(),
                PackageNames = PackageName ?? Array.Empty<string>(),
                First = _pages.StillWanted,
            };
            await foreach (var outcome in list(query, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Failure != null)
                {
                    await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure)).ConfigureAwait(false);
                    continue;
                }
                if (!await _pages.WriteAsync(pipe, outcome.Value!).ConfigureAwait(false))
                    break;
            }
        }
    }
}
