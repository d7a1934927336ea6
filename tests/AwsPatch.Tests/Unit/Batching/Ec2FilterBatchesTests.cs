using AwsPatch.Aws;

namespace AwsPatch.Tests.Unit.Batching;

public class Ec2FilterBatchesTests
{
    private static IReadOnlyList<string> Values(string prefix, int count) => Enumerable.Range(1, count).Select(n => $"{prefix}{n}").ToList();

    private static Dictionary<string, IReadOnlyList<string>> Filters(params (string Name, int Count)[] filters) =>
        filters.ToDictionary(f => f.Name, f => Values(f.Name + "-", f.Count));

    [Fact]
    public void Filters_within_the_limit_are_one_call_as_they_are()
    {
        var filters = Filters(("instance-id", 199), ("tag-key", 1));

        var call = Assert.Single(Ec2FilterBatches.Split(filters));

        Assert.Same(filters, call);
    }

    [Fact]
    public void Ids_beside_another_filter_go_in_batches_that_leave_room_for_its_values()
    {
        var others = Filters(("tag:AwsPatch:RunId", 2));

        var calls = Ec2FilterBatches.Calls(others, "tag:AwsPatch:InstanceId", Values("i-", 250)).ToList();

        Assert.Equal(new[] { 198, 52 }, calls.Select(c => c["tag:AwsPatch:InstanceId"].Count));
        Assert.All(calls, c => Assert.InRange(Ec2FilterBatches.CountValues(c), 1, Ec2FilterBatches.MaxValuesPerCall));
        Assert.All(calls, c => Assert.Equal(others["tag:AwsPatch:RunId"], c["tag:AwsPatch:RunId"]));
        Assert.Equal(Values("i-", 250), calls.SelectMany(c => c["tag:AwsPatch:InstanceId"]));
        Assert.Equal(198, Ec2FilterBatches.Room(others));
    }

    [Fact]
    public void Ids_alone_go_200_a_call()
    {
        var calls = Ec2FilterBatches.Calls(new Dictionary<string, IReadOnlyList<string>>(), "instance-id", Values("i-", 450)).ToList();

        Assert.Equal(new[] { 200, 200, 50 }, calls.Select(c => c["instance-id"].Count));
    }

    [Fact]
    public void Two_long_lists_are_both_cut_and_every_pair_of_values_is_still_asked_for()
    {
        var filters = Filters(("tag:Environment", 300), ("tag:Role", 250), ("tag-key", 1));

        var calls = Ec2FilterBatches.Split(filters);

        Assert.All(calls, c => Assert.InRange(Ec2FilterBatches.CountValues(c), 1, Ec2FilterBatches.MaxValuesPerCall));
        Assert.All(calls, c => Assert.Equal(3, c.Count));
        // EC2 ANDs the filters and ORs their values: the calls together must cover every combination exactly as one call would.
        var pairs = calls.SelectMany(c => c["tag:Environment"].SelectMany(e => c["tag:Role"].Select(r => (e, r)))).ToList();
        Assert.Equal(300 * 250, pairs.Distinct().Count());
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
    }

    [Fact]
    public void More_filters_than_values_a_call_takes_cannot_be_split()
    {
        var filters = Enumerable.Range(1, 201).ToDictionary(n => $"tag:k{n}", n => (IReadOnlyList<string>)new[] { "v" });

        Assert.Throws<ArgumentException>(() => Ec2FilterBatches.Split(filters));
    }
}
