using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace AwsPatch.Sandbox.Protocol;

/// <summary>
/// The parameters of an EC2 query-protocol request (form body and query string), with the protocol's
/// flattened lists: <c>InstanceId.1</c>, <c>Filter.1.Name</c>, <c>Filter.1.Value.1</c>.
/// </summary>
internal sealed class QueryParameters
{
    private readonly Dictionary<string, string> _values;

    private QueryParameters(Dictionary<string, string> values) => _values = values;

    public static async Task<QueryParameters> ReadAsync(HttpRequest request)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query) values[key] = value.ToString();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            foreach (var (key, value) in form) values[key] = value.ToString();
        }

        return new QueryParameters(values);
    }

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    /// <summary>Every parameter name the request carries.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>Values of <c>prefix.1</c>, <c>prefix.2</c> … in index order.</summary>
    public IReadOnlyList<string> GetList(string prefix) => Indexed(prefix + ".")
        .Where(p => p.Tail.Length == 0)
        .OrderBy(p => p.Index)
        .Select(p => p.Value)
        .ToList();

    /// <summary>The <c>Filter.N</c> parameters; more than EC2's 200 values in all is <c>FilterLimitExceeded</c>, as on every EC2 action.</summary>
    public IReadOnlyList<Ec2Filter> GetFilters()
    {
        var filters = new SortedDictionary<int, (string? Name, SortedDictionary<int, string> Values)>();
        foreach (var (index, rest, value) in Indexed("Filter."))
        {
            if (!filters.TryGetValue(index, out var filter)) filter = (null, new SortedDictionary<int, string>());
            if (rest == "Name") filter.Name = value;
            else if (rest.StartsWith("Value.", StringComparison.Ordinal) && int.TryParse(rest[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                filter.Values[v] = value;
            filters[index] = filter;
        }

        return Ec2Filter.WithinLimit(filters.Values.Select(f => f.Name is null
                ? throw new AwsApiException("MissingParameter", "The request must contain the parameter Filter.Name")
                : new Ec2Filter(f.Name, f.Values.Values.ToList()))
            .ToList());
    }

    public int? GetInt(string name, string wireName)
    {
        var raw = Get(name);
        if (raw is null) return null;
        return int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new AwsApiException("InvalidParameterValue", $"Invalid value '{raw}' for {wireName}");
    }

    public bool GetBool(string name) => string.Equals(Get(name), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A canonical rendering of everything but the paging parameters (the NextToken fingerprint).</summary>
    public string Fingerprint(string region) => region + "|" + string.Join("&", _values
        .Where(p => p.Key is not ("NextToken" or "MaxResults" or "Action" or "Version"))
        .OrderBy(p => p.Key, StringComparer.Ordinal)
        .Select(p => p.Key + "=" + p.Value));

    private IEnumerable<(int Index, string Tail, string Value)> Indexed(string prefix)
    {
        foreach (var (key, value) in _values)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var tail = key[prefix.Length..];
            var dot = tail.IndexOf('.');
            var number = dot < 0 ? tail : tail[..dot];
            if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                yield return (index, dot < 0 ? "" : tail[(dot + 1)..], value);
        }
    }
}
