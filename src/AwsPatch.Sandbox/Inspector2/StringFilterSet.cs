using System.Text.Json;

namespace AwsPatch.Sandbox.Inspector2;

/// <summary>
/// One field's list of string filters. EQUALS and PREFIX entries are alternatives (any may match); every
/// NOT_EQUALS entry must hold. A field with several values (a package list) matches when any value matches
/// the alternatives and no value equals a NOT_EQUALS entry. Comparisons are case-sensitive.
/// </summary>
internal sealed class StringFilterSet
{
    private readonly List<string> _equals = [], _prefixes = [], _notEquals = [];

    public static StringFilterSet Parse(JsonElement list, string path, IReadOnlyCollection<string> comparisons)
    {
        var set = new StringFilterSet();
        var index = 0;
        foreach (var item in Inspector2Json.List(list, path))
        {
            index++;
            set.Add(item, $"{path}.{index}.member", comparisons);
        }

        return set;
    }

    /// <summary>A single StringFilter structure (PackageFilter's members).</summary>
    public static StringFilterSet ParseOne(JsonElement item, string path)
    {
        var set = new StringFilterSet();
        set.Add(item, path, ["EQUALS", "PREFIX", "NOT_EQUALS"]);
        return set;
    }

    /// <summary>Only EQUALS entries: the values an index can look up directly; null otherwise.</summary>
    public IReadOnlyList<string>? EqualsOnly => _prefixes.Count == 0 && _notEquals.Count == 0 ? _equals : null;

    public bool Matches(string? value)
    {
        if (_equals.Count + _prefixes.Count > 0
            && (value is null || (!_equals.Contains(value) && !_prefixes.Exists(p => value.StartsWith(p, StringComparison.Ordinal)))))
            return false;
        return value is null || !_notEquals.Contains(value);
    }

    public bool MatchesAny(IEnumerable<string> values)
    {
        var list = values as IReadOnlyCollection<string> ?? values.ToList();
        if (_equals.Count + _prefixes.Count > 0
            && !list.Any(v => _equals.Contains(v) || _prefixes.Exists(p => v.StartsWith(p, StringComparison.Ordinal))))
            return false;
        return !list.Any(_notEquals.Contains);
    }

    private void Add(JsonElement item, string path, IReadOnlyCollection<string> comparisons)
    {
        Inspector2Json.RequireObject(item, path, ["comparison", "value"]);
        var comparison = Inspector2Json.RequiredEnum(item, "comparison", path + ".comparison", comparisons);
        var value = Inspector2Json.RequiredString(item, "value", path + ".value", 1, 1024);
        (comparison switch { "EQUALS" => _equals, "PREFIX" => _prefixes, _ => _notEquals }).Add(value);
    }
}
