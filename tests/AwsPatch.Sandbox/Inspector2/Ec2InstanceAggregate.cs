namespace AwsPatch.Sandbox.Inspector2;

/// <summary>One instance's active-finding counts, as ListFindingAggregations(AWS_EC2_INSTANCE) reports them.</summary>
internal sealed record Ec2InstanceAggregate(
    string InstanceId,
    string AccountId,
    string? Ami,
    string? OperatingSystem,
    IReadOnlyDictionary<string, string> Tags,
    long All,
    long Critical,
    long High,
    long Medium,
    long NetworkFindings)
{
    public static Ec2InstanceAggregate[] From(IEnumerable<Inspector2Finding> findings) => findings
        .Where(f => f.Status == "ACTIVE" && f.ResourceType == "AWS_EC2_INSTANCE")
        .GroupBy(f => f.ResourceId, StringComparer.Ordinal)
        .Select(g =>
        {
            var first = g.First();
            return new Ec2InstanceAggregate(g.Key, first.AwsAccountId, first.ImageId, first.Platform, first.ResourceTags,
                g.Count(), g.Count(f => f.Severity == "CRITICAL"), g.Count(f => f.Severity == "HIGH"), g.Count(f => f.Severity == "MEDIUM"),
                g.Count(f => f.Type == "NETWORK_REACHABILITY"));
        })
        .OrderBy(a => a.InstanceId, StringComparer.Ordinal)
        .ToArray();
}
