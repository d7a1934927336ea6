using AwsPatch.Aws;

namespace AwsPatch.Tests.Unit.Instances;

/// <summary>
/// DescribeInstanceInformation by id, both ways Systems Manager may treat an id it does not manage: refusing the whole
/// call with InvalidInstanceId (its API reference) or leaving the id out. Either way the managed ones are found.
/// </summary>
public sealed class SsmInstanceLookupTests
{
    private static readonly List<string> Ids = Enumerable.Range(0, 50).Select(i => $"i-{i:x17}").ToList();

    private static FakeSsm Ssm()
    {
        var ssm = new FakeSsm();
        foreach (var id in Ids.Where((_, i) => i != 17 && i != 40))
            ssm.Managed[id] = new SsmInstanceRecord { InstanceId = id, PingStatus = "Online", PlatformType = "Linux" };
        return ssm;
    }

    [Fact]
    public async Task Unmanaged_ids_refused_with_InvalidInstanceId_are_found_by_halving_not_one_call_per_id()
    {
        var ssm = Ssm();
        ssm.Failure = new AwsCallException("ssm:DescribeInstanceInformation", AwsErrorKind.InvalidInput, "InvalidInstanceId", "Instance Id is not valid.");
        ssm.FailFor = ids => ids.Contains(Ids[17]) || ids.Contains(Ids[40]);

        var found = await SsmInstanceLookup.ManagedAsync(ssm, Ids, 50, CancellationToken.None);

        Assert.Equal(Ids.Where((_, i) => i != 17 && i != 40), found.Select(r => r.InstanceId).Order());
        Assert.InRange(ssm.Calls.Count, 3, 1 + 2 * 2 * 6);   // two refused ids among 50: about 2·log2(50) calls each, not 51
    }

    [Fact]
    public async Task Unmanaged_ids_left_out_cost_one_call()
    {
        var ssm = Ssm();

        var found = await SsmInstanceLookup.ManagedAsync(ssm, Ids, 50, CancellationToken.None);

        Assert.Equal(48, found.Count);
        Assert.Single(ssm.Calls);
    }
}
