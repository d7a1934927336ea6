namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// A completed snapshot set says when it completed, in New-PatchSnapshot -Wait and in Get-PatchSnapshot alike: EC2's
/// completionTime of the set's last snapshot (issue 12: Get-PatchSnapshot showed a blank CompletedTime).
/// </summary>
public sealed class SnapshotCompletedTimeTests(SandboxFixture fixture) : SnapshotCmdletTestBase(fixture), IClassFixture<SandboxFixture>
{
    [Fact]
    public void Completed_sets_carry_the_completion_time_of_their_last_snapshot()
    {
        var id = UsEast.First(i => i.Volumes.Count > 1 && i.State == "running").InstanceId;
        Server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(30);
        try
        {
            var created = Assert.Single(Run($"New-PatchSnapshot @s -InstanceId {id} -Wait -PollIntervalSeconds 0.1").OutputOf<PatchSnapshot>());
            var listed = Assert.Single(Run($"Get-PatchSnapshot @s -InstanceId {id} -RunId {created.RunId}").OutputOf<PatchSnapshot>());

            var last = Server.State.Snapshots.Where(s => s.InstanceId == id).Max(s => s.CompletionTime);
            Assert.NotNull(last);
            Assert.Equal("completed", listed.State);
            Assert.Equal(last, listed.CompletedTime);
            Assert.Equal(last, created.CompletedTime);
            Assert.Equal(DateTimeKind.Utc, listed.CompletedTime!.Value.Kind);
        }
        finally
        {
            Server.Clock.AdvancePerRequest = TimeSpan.Zero;
        }
    }
}
