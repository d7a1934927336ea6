using System.Collections.Concurrent;

namespace AwsPatch.Sandbox.Inspector2;

/// <summary>
/// An immutable set of one region's findings with the indexes requests need: ARN order (the default page
/// order), by ARN, by resource id, and sorted orders built on first use.
/// </summary>
internal sealed class RegionFindings
{
    public static readonly RegionFindings Empty = new([]);

    private readonly ConcurrentDictionary<(string Field, bool Descending), Inspector2Finding[]> _sorted = new();

    public RegionFindings(IEnumerable<Inspector2Finding> findings)
    {
        ByArn = findings.OrderBy(f => f.FindingArn, StringComparer.Ordinal).ToArray();
        ByArnLookup = ByArn.ToDictionary(f => f.FindingArn, StringComparer.Ordinal);
        ByResource = ByArn.GroupBy(f => f.ResourceId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public Inspector2Finding[] ByArn { get; }

    public IReadOnlyDictionary<string, Inspector2Finding> ByArnLookup { get; }

    public IReadOnlyDictionary<string, Inspector2Finding[]> ByResource { get; }

    public Inspector2Finding[] Sorted(FindingOrder order) =>
        order.IsDefault ? ByArn : _sorted.GetOrAdd((order.Field, order.Descending), _ => order.Sort(ByArn));
}
