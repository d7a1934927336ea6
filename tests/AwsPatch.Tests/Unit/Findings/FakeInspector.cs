using System.Collections.Concurrent;
using AwsPatch.Aws;

namespace AwsPatch.Tests.Unit;

/// <summary>A fake Inspector gateway that filters and pages like ListFindings/ListCoverage, and records every call.</summary>
internal sealed class FakeInspector : IInspectorGateway
{
    public List<PatchFinding> Findings { get; } = new();
    public Dictionary<string, CoverageRecord> Coverage { get; } = new();
    public ConcurrentQueue<(FindingFilter Filter, int MaxResults, string? Token)> FindingCalls { get; } = new();
    public ConcurrentQueue<IReadOnlyList<string>> CoverageCalls { get; } = new();
    /// <summary>Finding ARN → its CISA KEV entry (BatchGetFindingDetails); ARNs listed in <see cref="DetailErrors"/> answer with that error code.</summary>
    public Dictionary<string, KevRecord> Kev { get; } = new();
    public Dictionary<string, string> DetailErrors { get; } = new();
    public ConcurrentQueue<IReadOnlyList<string>> DetailCalls { get; } = new();
    /// <summary>Fail the ListFindings call with this number (1-based), once.</summary>
    public int? FailCall { get; set; }
    public AwsCallException? Failure { get; set; }

    public Task<Page<PatchFinding>> ListFindingsAsync(FindingFilter filter, int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        FindingCalls.Enqueue((filter, maxResults, nextToken));
        Assert.InRange(maxResults, 1, 100);
        Assert.InRange(filter.ResourceIds.Count + filter.ResourceIdPrefixes.Count, 0, FindingFilter.MaxValues);
        if (FailCall == FindingCalls.Count)
            throw Failure ?? new AwsCallException("inspector2:ListFindings", AwsErrorKind.Throttled, "ThrottlingException", "Rate exceeded.");
        var matching = Findings.Where(f => Matches(filter, f)).ToList();
        var start = nextToken == null ? 0 : int.Parse(nextToken);
        var page = matching.Skip(start).Take(maxResults).ToList();
        var next = start + maxResults < matching.Count ? (start + maxResults).ToString() : null;
        return Task.FromResult(new Page<PatchFinding>(page, next));
    }

    public Task<Page<CoverageRecord>> ListCoverageAsync(IReadOnlyList<string> resourceIds, string? nextToken, CancellationToken cancellationToken)
    {
        CoverageCalls.Enqueue(resourceIds);
        Assert.InRange(resourceIds.Count, 1, FindingFilter.MaxValues);
        return Task.FromResult(new Page<CoverageRecord>(resourceIds.Where(Coverage.ContainsKey).Select(id => Coverage[id]).ToList(), null));
    }

    public Task<FindingDetailsBatch> GetFindingDetailsAsync(IReadOnlyList<string> findingArns, CancellationToken cancellationToken)
    {
        DetailCalls.Enqueue(findingArns);
        Assert.InRange(findingArns.Count, 1, 10);
        return Task.FromResult(new FindingDetailsBatch
        {
            Kev = findingArns.Where(Kev.ContainsKey).Select(a => Kev[a]).ToList(),
            Errors = findingArns.Where(DetailErrors.ContainsKey)
                .Select(a => new FindingDetailsErrorRecord { FindingArn = a, ErrorCode = DetailErrors[a], ErrorMessage = "Finding details could not be read." }).ToList(),
        });
    }

    private static bool Matches(FindingFilter f, PatchFinding x) =>
        (f.ResourceIds.Count + f.ResourceIdPrefixes.Count == 0 || f.ResourceIds.Contains(x.ResourceId)
            || f.ResourceIdPrefixes.Any(p => x.ResourceId.StartsWith(p, StringComparison.Ordinal)))
        && (f.Severities.Count == 0 || f.Severities.Contains(x.Severity.ToUpperInvariant()))
        && (f.Statuses.Count == 0 || f.Statuses.Contains(x.Status.ToUpperInvariant()))
        && (f.FixAvailable.Count == 0 || f.FixAvailable.Contains(x.FixAvailable.ToUpperInvariant()))
        && (f.ExploitAvailable.Count == 0 || f.ExploitAvailable.Contains(x.ExploitAvailable ? "YES" : "NO"))
        && (f.MinimumInspectorScore == null || x.InspectorScore >= f.MinimumInspectorScore)
        && (f.MinimumEpssScore == null || x.EpssScore >= f.MinimumEpssScore);
}
