using AwsPatch.Aws;

namespace AwsPatch.Tests.Unit.Runs;

/// <summary>
/// Parameter Store whose writes (PutParameter, DeleteParameters) are each held until the test releases them, then
/// answered by <paramref name="inner"/>; reads answer at once. Calls are recorded as <c>put NAME</c> or <c>delete NAME …</c>.
/// </summary>
internal sealed class HeldParameterStore(FakeParameterStore inner) : IParameterStoreGateway
{
    public HeldCalls<string> Held { get; } = new();

    /// <summary>When set, a put of a name it is true for fails (after its release) with a throttling error.</summary>
    public Func<string, bool>? FailPut { get; set; }

    public Task PutAsync(string name, string value, string description, CancellationToken cancellationToken) =>
        Held.Hold("put " + name, () => FailPut?.Invoke(name) == true
            ? throw new AwsCallException("ssm:PutParameter", AwsErrorKind.Throttled, "ThrottlingException", "Rate exceeded")
            : inner.PutAsync(name, value, description, cancellationToken), cancellationToken);

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken) => inner.GetAsync(name, cancellationToken);

    public Task<Page<KeyValuePair<string, string>>> GetByPathAsync(string path, string? nextToken, CancellationToken cancellationToken) =>
        inner.GetByPathAsync(path, nextToken, cancellationToken);

    public Task DeleteAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        Held.Hold("delete " + string.Join(" ", names), () => inner.DeleteAsync(names, cancellationToken), cancellationToken);
}
