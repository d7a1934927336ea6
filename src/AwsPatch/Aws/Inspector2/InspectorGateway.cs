using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws.Inspector2;

namespace AwsPatch.Aws
{
    /// <summary><see cref="IInspectorGateway"/> over our Inspector2 client; the only place its types are seen.</summary>
    internal sealed class InspectorGateway : IInspectorGateway
    {
        private readonly AmazonInspector2Client _client;
        private readonly string _region;

        public InspectorGateway(AmazonInspector2Client client, string region)
        {
            _client = client;
            _region = region;
        }

        public async Task<Page<PatchFinding>> ListFindingsAsync(FindingFilter filter, int maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new ListFindingsRequest
            {
                FilterCriteria = Criteria(filter),
                MaxResults = maxResults,
                NextToken = nextToken,
            };
            var response = await CallAsync("inspector2:ListFindings", () => _client.ListFindingsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new Page<PatchFinding>((response.Findings ?? new List<Finding>()).Select(Map).ToList(), response.NextToken);
        }

        public async Task<Page<CoverageRecord>> ListCoverageAsync(IReadOnlyList<string> resourceIds, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new ListCoverageRequest
            {
                FilterCriteria = new CoverageFilterCriteria { ResourceId = resourceIds.Select(StringFilter.EqualTo).ToList() },
                MaxResults = Inspector2Limits.ListCoverageMaxResults,
                NextToken = nextToken,
            };
            var response = await CallAsync("inspector2:ListCoverage", () => _client.ListCoverageAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            var items = (response.CoveredResources ?? new List<CoveredResource>())
                .Select(r => new CoverageRecord { ResourceId = r.ResourceId, ScanStatus = r.ScanStatus?.StatusCode ?? string.Empty, Reason = r.ScanStatus?.Reason, LastScannedAt = r.LastScannedAt })
                .ToList();
            return new Page<CoverageRecord>(items, response.NextToken);
        }

        public async Task<FindingDetailsBatch> GetFindingDetailsAsync(IReadOnlyList<string> findingArns, CancellationToken cancellationToken)
        {
            var request = new BatchGetFindingDetailsRequest { FindingArns = findingArns.ToList() };
            var response = await CallAsync("inspector2:BatchGetFindingDetails", () => _client.BatchGetFindingDetailsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new FindingDetailsBatch
            {
                Kev = (response.FindingDetails ?? new List<FindingDetail>())
                    .Where(d => d.CisaData != null && d.FindingArn != null)
                    .Select(d => new KevRecord { FindingArn = d.FindingArn!, DateAdded = d.CisaData!.DateAdded, DateDue = d.CisaData.DateDue, Action = d.CisaData.Action })
                    .ToList(),
                Errors = (response.Errors ?? new List<FindingDetailsError>())
                    .Select(e => new FindingDetailsErrorRecord { FindingArn = e.FindingArn, ErrorCode = e.ErrorCode, ErrorMessage = e.ErrorMessage })
                    .ToList(),
            };
        }

        /// <summary>
        /// Like every gateway call, but an access denial that says the account is not enabled (Inspector answers
        /// AccessDeniedException either way) becomes <see cref="AwsErrorKind.NotEnabled"/>, which is a different fix.
        /// </summary>
        private async Task<T> CallAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
        {
            try
            {
                return await AwsErrors.CallAsync(operation, call, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsCallException ex) when (ex.Kind == AwsErrorKind.AccessDenied && SaysNotEnabled(ex.InnerException?.Message ?? ex.Message))
            {
                throw new AwsCallException(operation, AwsErrorKind.NotEnabled, ex.ErrorCode,
                    $"Amazon Inspector is not enabled for this account in {_region}, so it has no findings to list ({ex.Message.TrimEnd('.')}).", ex.InnerException)
                {
                    HttpStatus = ex.HttpStatus,
                    RequestId = ex.RequestId,
                };
            }
        }

        private static bool SaysNotEnabled(string message) =>
            message.IndexOf("not enabled", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("not been enabled", StringComparison.OrdinalIgnoreCase) >= 0;

        private static FilterCriteria Criteria(FindingFilter f) => new FilterCriteria
        {
            ResourceId = f.ResourceIds.Count + f.ResourceIdPrefixes.Count == 0 ? null
                : f.ResourceIds.Select(StringFilter.EqualTo).Concat(f.ResourceIdPrefixes.Select(StringFilter.Prefix)).ToList(),
            ResourceType = Equal(f.ResourceTypes),
            Severity = Equal(f.Severities),
            FindingStatus = Equal(f.Statuses),
            FixAvailable = Equal(f.FixAvailable),
            ExploitAvailable = Equal(f.ExploitAvailable),
            InspectorScore = f.MinimumInspectorScore == null ? null : new List<NumberFilter> { NumberFilter.AtLeast(f.MinimumInspectorScore.Value) },
            EpssScore = f.MinimumEpssScore == null ? null : new List<NumberFilter> { NumberFilter.AtLeast(f.MinimumEpssScore.Value) },
            VulnerabilityId = Equal(f.VulnerabilityIds),
            VulnerablePackages = f.PackageNames.Count == 0 ? null : f.PackageNames.Select(n => new PackageFilter { Name = StringFilter.EqualTo(n) }).ToList(),
        };

        private static List<StringFilter>? Equal(IReadOnlyList<string> values) =>
            values.Count == 0 ? null : values.Select(StringFilter.EqualTo).ToList();

        private PatchFinding Map(Finding f)
        {
            var resource = f.Resources?.FirstOrDefault();
            var resourceType = FindingNames.ResourceTypeFromApi(resource?.Type);
            var packages = f.PackageVulnerabilityDetails?.VulnerablePackages ?? new List<VulnerablePackage>();
            var first = packages.FirstOrDefault();
            return new PatchFinding
            {
                FindingArn = f.FindingArn,
                ResourceId = resource?.Id ?? string.Empty,
                InstanceId = resourceType == "Ec2Instance" ? resource?.Id : null,
                ResourceType = resourceType,
                Region = resource?.Region ?? _region,
                AccountId = f.AwsAccountId,
                Severity = FindingNames.FromApiEnum(f.Severity),
                InspectorScore = f.InspectorScore,
                EpssScore = f.Epss?.Score,
                ExploitAvailable = string.Equals(f.ExploitAvailable, "YES", StringComparison.Ordinal),
                FixAvailable = FindingNames.FromApiEnum(f.FixAvailable),
                VulnerabilityId = f.PackageVulnerabilityDetails?.VulnerabilityId,
                VendorSeverity = SafeText.Of(f.PackageVulnerabilityDetails?.VendorSeverity),
                FindingType = FindingNames.FromApiEnum(f.Type),
                Title = SafeText.Text(f.Title ?? string.Empty),
                PackageName = SafeText.Of(first?.Name),
                InstalledVersion = first == null ? null : SafeText.Of(VersionOf(first)),
                FixedInVersion = SafeText.Of(first?.FixedInVersion),
                PackageNames = SafeText.List(packages.Select(p => p.Name)),
                Remediation = SafeText.Of(f.Remediation?.Recommendation?.Text ?? first?.Remediation),
                FirstObservedAt = f.FirstObservedAt,
                LastObservedAt = f.LastObservedAt,
                UpdatedAt = f.UpdatedAt,
                Status = FindingNames.FromApiEnum(f.Status),
                ResourceTags = SafeText.Tags(resource?.Tags ?? new Dictionary<string, string>()),
            };
        }

        /// <summary>epoch:version-release, the way package managers print it (epoch only when non-zero).</summary>
        private static string VersionOf(VulnerablePackage p)
        {
            var version = string.IsNullOrEmpty(p.Release) ? p.Version : $"{p.Version}-{p.Release}";
            return p.Epoch is int epoch && epoch != 0 ? $"{epoch}:{version}" : version;
        }
    }
}
