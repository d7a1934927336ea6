using AwsPatch.Planning;

namespace AwsPatch.Tests.Unit.Planning;

/// <summary>Window target registrations stay inside the model's TargetValues limit (50 values a target), however many groups or ids.</summary>
public sealed class PatchWindowTargetsTests
{
    [Fact]
    public void Sixty_patch_groups_take_two_registrations_per_tag_key_none_over_fifty_values()
    {
        var groups = Enumerable.Range(0, 60).Select(i => $"group-{i}").ToList();

        var registrations = PatchWindowService.PatchGroupTargets(groups);

        Assert.All(registrations, r => Assert.True(Assert.Single(r).Value.Count <= PatchWindowService.ValuesPerTarget));
        foreach (var byKey in registrations.Select(r => r[0]).GroupBy(p => p.Key))
            Assert.Equal(groups, byKey.SelectMany(p => p.Value));
        Assert.Equal(2 * registrations.Select(r => r[0].Key).Distinct().Count(), registrations.Count);
    }

    [Fact]
    public void Instance_ids_are_registered_fifty_at_a_time()
    {
        var ids = Enumerable.Range(0, 101).Select(i => $"i-{i:x17}").ToList();

        var registrations = PatchWindowService.Registrations("InstanceIds", ids);

        Assert.Equal([50, 50, 1], registrations.Select(r => r[0].Value.Count));
        Assert.Equal(ids, registrations.SelectMany(r => r[0].Value));
    }
}
