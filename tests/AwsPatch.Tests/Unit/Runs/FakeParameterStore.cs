using AwsPatch.Aws;

namespace AwsPatch.Tests.Unit.Runs;

/// <summary>Parameter Store in memory: no overwrite, recursive path listing in name order, 10 a page, like the service.</summary>
internal sealed class FakeParameterStore : IParameterStoreGateway
{
    public SortedDictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public int Puts { get; private set; }

    public Task PutAsync(string name, string value, string description, CancellationToken cancellationToken)
    {
        if (value.Length > ParameterStoreLimits.StandardValueLength)
            throw new AwsCallException("ssm:PutParameter", AwsErrorKind.InvalidInput, "ValidationException", "value too long");
        lock (Values)
        {
            if (!Values.TryAdd(name, value))
                throw new AwsCallException("ssm:PutParameter", AwsErrorKind.InvalidInput, "ParameterAlreadyExists", "exists");
            Puts++;
        }
        return Task.CompletedTask;
    }

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        lock (Values) return Task.FromResult(Values.TryGetValue(name, out var v) ? v : null);
    }

    public Task<Page<KeyValuePair<string, string>>> GetByPathAsync(string path, string? nextToken, CancellationToken cancellationToken)
    {
        lock (Values)
        {
            var prefix = path.TrimEnd('/') + "/";
            var matching = Values.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && (nextToken == null || string.CompareOrdinal(p.Key, nextToken) > 0)).ToList();
            var page = matching.Take(ParameterStoreLimits.PageSize).ToList();
            return Task.FromResult(new Page<KeyValuePair<string, string>>(page, matching.Count > page.Count ? page[^1].Key : null));
        }
    }

    public Task DeleteAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        lock (Values)
            foreach (var name in names) Values.Remove(name);
        return Task.CompletedTask;
    }
}
