using AwsPatch.Snapshots;

namespace AwsPatch.Tests.Unit.Snapshots;

public class RetentionTests
{
    private static readonly DateTime Now = new(2026, 1, 31, 0, 0, 0, DateTimeKind.Utc);

    private static PatchSnapshot Set(string instance, int daysAgo, string state = "completed") =>
        new() { InstanceId = instance, RunId = $"run-{daysAgo}", State = state, StartTime = Now.AddDays(-daysAgo), SnapshotIds = [$"snap-{daysAgo}"] };

    [Fact]
    public void KeepLast_keeps_the_newest_completed_sets_per_instance_and_never_pending_ones()
    {
        var sets = new[] { Set("a", 1, "pending"), Set("a", 2), Set("a", 3, "error"), Set("a", 4), Set("a", 5), Set("b", 9) };

        var removed = SnapshotService.SelectForRemoval(sets, null, 2, Now);

        Assert.Equal(new[] { "a run-3", "a run-5" }, removed.Select(s => $"{s.InstanceId} {s.RunId}").Order());
    }

    [Fact]
    public void OlderThan_and_KeepLast_together_remove_only_sets_that_are_both_old_and_not_kept()
    {
        var sets = new[] { Set("a", 10), Set("a", 40), Set("a", 50), Set("b", 60) };

        var removed = SnapshotService.SelectForRemoval(sets, TimeSpan.FromDays(30), 1, Now);

        Assert.Equal(new[] { "a run-40", "a run-50" }, removed.Select(s => $"{s.InstanceId} {s.RunId}").Order());
        Assert.Equal(3, SnapshotService.SelectForRemoval(sets, TimeSpan.FromDays(30), null, Now).Count);
    }
}
