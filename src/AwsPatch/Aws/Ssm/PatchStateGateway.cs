using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace AwsPatch.Aws
{
    /// <summary><see cref="IPatchStateGateway"/> over the AWS SDK's Systems Manager client.</summary>
    internal sealed class PatchStateGateway : IPatchStateGateway
    {
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        private readonly IAmazonSimpleSystemsManagement _client;
        private readonly string _region;

        public PatchStateGateway(IAmazonSimpleSystemsManagement client, string region)
        {
            _client = client;
            _region = region;
        }

        public async Task<Page<PatchCompliance>> DescribeInstancePatchStatesAsync(IReadOnlyList<string> instanceIds, int maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new DescribeInstancePatchStatesRequest { InstanceIds = instanceIds.ToList(), MaxResults = maxResults, NextToken = nextToken };
            var response = await AwsErrors.CallAsync("ssm:DescribeInstancePatchStates", () => _client.DescribeInstancePatchStatesAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new Page<PatchCompliance>(Map(response.InstancePatchStates), response.NextToken);
        }

        public async Task<Page<PatchCompliance>> DescribeInstancePatchStatesForPatchGroupAsync(string patchGroup, int maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new DescribeInstancePatchStatesForPatchGroupRequest { PatchGroup = patchGroup, MaxResults = maxResults, NextToken = nextToken };
            var response = await AwsErrors.CallAsync("ssm:DescribeInstancePatchStatesForPatchGroup", () => _client.DescribeInstancePatchStatesForPatchGroupAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new Page<PatchCompliance>(Map(response.InstancePatchStates), response.NextToken);
        }

        public async Task<Page<PatchMissing>> DescribeInstancePatchesAsync(string instanceId, IReadOnlyList<string> states, IReadOnlyList<string> severities, int maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            var filters = new List<PatchOrchestratorFilter>();
            if (states.Count > 0)
                filters.Add(new PatchOrchestratorFilter { Key = "State", Values = states.ToList() });
            if (severities.Count > 0)
                filters.Add(new PatchOrchestratorFilter { Key = "Severity", Values = severities.ToList() });
            var request = new DescribeInstancePatchesRequest
            {
                InstanceId = instanceId,
                Filters = filters.Count > 0 ? filters : null,
                MaxResults = maxResults,
                NextToken = nextToken,
            };
            var response = await AwsErrors.CallAsync("ssm:DescribeInstancePatches", () => _client.DescribeInstancePatchesAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            var items = (response.Patches ?? new List<PatchComplianceData>())
                .Select(p => new PatchMissing
                {
                    InstanceId = instanceId,
                    Title = SafeText.Text(p.Title),
                    KBId = SafeText.Of(p.KBId),
                    Classification = SafeText.Of(p.Classification),
                    Severity = SafeText.Of(p.Severity),
                    State = PatchStateName(p.State?.Value),
                    InstalledTime = p.InstalledTime is { } at && at.ToUniversalTime() > Epoch ? at.ToUniversalTime() : (DateTime?)null,
                    CVEIds = string.IsNullOrEmpty(p.CVEIds)
                        ? Array.Empty<string>()
                        : p.CVEIds.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()).ToArray(),
                    Region = _region,
                })
                .ToList();
            return new Page<PatchMissing>(items, response.NextToken);
        }

        public async Task<PatchBaselineRecord> GetPatchBaselineAsync(string baselineId, CancellationToken cancellationToken)
        {
            var request = new GetPatchBaselineRequest { BaselineId = baselineId };
            var response = await AwsErrors.CallAsync("ssm:GetPatchBaseline", () => _client.GetPatchBaselineAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new PatchBaselineRecord
            {
                BaselineId = response.BaselineId ?? baselineId,
                Name = SafeText.Of(response.Name) ?? baselineId,
                OperatingSystem = response.OperatingSystem?.Value ?? string.Empty,
                GlobalFilters = Filters(response.GlobalFilters),
                Rules = (response.ApprovalRules?.PatchRules ?? new List<PatchRule>())
                    .Select(r => new PatchBaselineRule { Filters = Filters(r.PatchFilterGroup), ApproveAfterDays = r.ApproveAfterDays })
                    .ToList(),
                ApprovedPatches = SafeText.List(response.ApprovedPatches ?? new List<string>()),
                RejectedPatches = SafeText.List(response.RejectedPatches ?? new List<string>()),
            };
        }

        private static List<KeyValuePair<string, IReadOnlyList<string>>> Filters(PatchFilterGroup? group) =>
            (group?.PatchFilters ?? new List<PatchFilter>())
                .Select(f => new KeyValuePair<string, IReadOnlyList<string>>(f.Key?.Value ?? string.Empty, (f.Values ?? new List<string>()).ToList()))
                .ToList();

        /// <summary>The model's enum form (INSTALLED_PENDING_REBOOT) as the State filter and users name it (InstalledPendingReboot).</summary>
        private static string? PatchStateName(string? wire)
        {
            if (wire == null || wire.Any(char.IsLower))
                return wire;
            return string.Concat(wire.Split('_').Where(w => w.Length > 0).Select(w => w.Substring(0, 1) + w.Substring(1).ToLowerInvariant()));
        }

        private List<PatchCompliance> Map(List<InstancePatchState>? states) =>
            (states ?? new List<InstancePatchState>())
                .Select(s => new PatchCompliance
                {
                    InstanceId = s.InstanceId,
                    PatchGroup = string.IsNullOrEmpty(s.PatchGroup) ? null : SafeText.Of(s.PatchGroup),
                    BaselineId = s.BaselineId,
                    Operation = s.Operation?.Value,
                    OperationStartTime = s.OperationStartTime?.ToUniversalTime(),
                    OperationEndTime = s.OperationEndTime?.ToUniversalTime(),
                    InstalledCount = s.InstalledCount ?? 0,
                    InstalledOtherCount = s.InstalledOtherCount ?? 0,
                    InstalledPendingRebootCount = s.InstalledPendingRebootCount ?? 0,
                    InstalledRejectedCount = s.InstalledRejectedCount ?? 0,
                    MissingCount = s.MissingCount ?? 0,
                    FailedCount = s.FailedCount ?? 0,
                    NotApplicableCount = s.NotApplicableCount ?? 0,
                    CriticalNonCompliantCount = s.CriticalNonCompliantCount ?? 0,
                    SecurityNonCompliantCount = s.SecurityNonCompliantCount ?? 0,
                    OtherNonCompliantCount = s.OtherNonCompliantCount ?? 0,
                    RebootOption = s.RebootOption?.Value,
                    Region = _region,
                })
                .ToList();
    }
}
