using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>The default fleet's shape and the benchmark generator's determinism.</summary>
public sealed class FleetTests
{
    [Fact]
    public void DefaultFleetIsTheRealisticMixTheModuleNeeds()
    {
        var fleet = FleetLoader.LoadDefault();
        var instances = fleet.Instances;

        Assert.Equal("123456789012", fleet.AccountId);
        Assert.InRange(instances.Count, 20, 30);
        Assert.InRange(instances.Count(i => i.Region == "eu-west-1"), 3, 6);
        Assert.Contains(instances, i => i.IsWindows);
        Assert.Contains(instances, i => i.State == "stopped");
        Assert.Contains(instances, i => i.Ssm is null);
        Assert.Contains(instances, i => i.Ssm?.PingStatus == "ConnectionLost");
        Assert.All(instances, i => Assert.InRange(i.Volumes.Count, 1, 3));
        Assert.All(instances, i => Assert.Contains(i.Tags["Environment"], new[] { "staging", "production" }));
        Assert.Equal(instances.Count, instances.Select(i => i.InstanceId).Distinct().Count());
        // Both patch-group tag keys Patch Manager accepts, and one group (db-prod) that mixes them.
        Assert.Contains(instances, i => i.Tags.ContainsKey("Patch Group"));
        Assert.Contains(instances, i => i.Tags.ContainsKey("PatchGroup"));
        var dbProd = instances.Where(i => i.Region == "us-east-1" && i.PatchGroup == "db-prod").ToList();
        Assert.Contains(dbProd, i => i.Tags.ContainsKey("Patch Group"));
        Assert.Contains(dbProd, i => i.Tags.ContainsKey("PatchGroup"));
        Assert.Equal(instances.Sum(i => i.Volumes.Count), instances.SelectMany(i => i.Volumes).Select(v => v.VolumeId).Distinct().Count());
    }

    [Fact]
    public void GeneratorIsDeterministicPerSeed()
    {
        var a = FleetGenerator.Generate(3000, seed: 7).Instances;
        var b = FleetGenerator.Generate(3000, seed: 7).Instances;
        var c = FleetGenerator.Generate(3000, seed: 8).Instances;

        Assert.Equal(3000, a.Count);
        Assert.Equal(a.Select(i => i.InstanceId), b.Select(i => i.InstanceId));
        Assert.NotEqual(a.Select(i => i.InstanceId), c.Select(i => i.InstanceId));
        Assert.Equal(3000, a.Select(i => i.InstanceId).Distinct().Count());
        Assert.Contains(a, i => i.Region == "eu-west-1");
        Assert.Contains(a, i => i.Ssm is null);
        Assert.Contains(a, i => i.Tags.ContainsKey("Patch Group"));
        Assert.Contains(a, i => i.Tags.ContainsKey("PatchGroup"));
        Assert.All(a, i => Assert.NotNull(i.PatchGroup));
    }

    [Fact]
    public void ClockMovesOnlyWhenAdvanced()
    {
        var clock = new SandboxClock();
        var start = clock.UtcNow;

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(start.AddMinutes(5), clock.UtcNow);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
    }
}
