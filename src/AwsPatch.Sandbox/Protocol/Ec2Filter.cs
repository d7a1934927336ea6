namespace AwsPatch.Sandbox.Protocol;

/// <summary>One EC2 <c>Filter.N</c>: a name and its values (OR within a filter, AND across filters).</summary>
internal sealed record Ec2Filter(string Name, IReadOnlyList<string> Values)
{
    /// <summary>Filter values EC2 takes in one call, counted over all its filters (id lists such as <c>InstanceId.N</c> do not count).</summary>
    public const int MaxValuesPerCall = 200;

    /// <summary>Throws EC2's <c>FilterLimitExceeded</c> (HTTP 400) when the filters of one call carry more than <see cref="MaxValuesPerCall"/> values.</summary>
    public static IReadOnlyList<Ec2Filter> WithinLimit(IReadOnlyList<Ec2Filter> filters) =>
        filters.Sum(f => f.Values.Count) <= MaxValuesPerCall
            ? filters
            : throw new AwsApiException("FilterLimitExceeded", $"The maximum number of filter values specified on a single call is {MaxValuesPerCall}");
}
