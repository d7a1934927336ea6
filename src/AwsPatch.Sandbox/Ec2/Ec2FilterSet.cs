using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>
/// The filters one EC2 Describe* action understands: each name maps to the values an item has for it.
/// <c>tag:&lt;key&gt;</c>, <c>tag-key</c> and <c>tag-value</c> come with every set that has tags.
/// A filter matches when any of the item's values matches any filter value (with * and ? wildcards).
/// </summary>
internal sealed class Ec2FilterSet<T>(Func<T, IReadOnlyDictionary<string, string>>? tags)
{
    private readonly Dictionary<string, Func<T, IEnumerable<string?>>> _attributes = new(StringComparer.Ordinal);

    public Ec2FilterSet<T> Add(string name, Func<T, string?> value)
    {
        _attributes[name] = item => [value(item)];
        return this;
    }

    public Ec2FilterSet<T> AddMany(string name, Func<T, IEnumerable<string?>> values)
    {
        _attributes[name] = values;
        return this;
    }

    /// <summary>Throws EC2's <c>InvalidParameterValue</c> for a filter name this action does not know.</summary>
    public void Validate(IEnumerable<Ec2Filter> filters)
    {
        foreach (var filter in filters)
        {
            if (Resolve(filter.Name) is null)
                throw new AwsApiException("InvalidParameterValue", $"The filter '{filter.Name}' is invalid");
        }
    }

    public bool Matches(T item, IReadOnlyList<Ec2Filter> filters)
    {
        foreach (var filter in filters)
        {
            var values = Resolve(filter.Name)!(item);
            if (!values.Any(v => filter.Values.Any(pattern => GlobPattern.IsMatch(pattern, v)))) return false;
        }

        return true;
    }

    private Func<T, IEnumerable<string?>>? Resolve(string name)
    {
        if (_attributes.TryGetValue(name, out var values)) return values;
        if (tags is null) return null;
        if (name.StartsWith("tag:", StringComparison.Ordinal) && name.Length > 4)
        {
            var key = name[4..];
            return item => tags(item).TryGetValue(key, out var v) ? [v] : [];
        }

        return name switch
        {
            "tag-key" => item => tags(item).Keys,
            "tag-value" => item => tags(item).Values,
            _ => null,
        };
    }
}
