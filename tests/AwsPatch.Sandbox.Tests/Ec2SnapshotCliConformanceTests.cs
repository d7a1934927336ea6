namespace AwsPatch.Tests.Sandbox;

/// <summary>The AWS CLI (botocore validates every response against the official model) on the snapshot operations.</summary>
public sealed class Ec2SnapshotCliConformanceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [SkippableFact]
    public async Task CreateSnapshotsThenDescribeSnapshotsByRunTag()
    {
        AwsCli.Require();
        fixture.Server.Reset();

        var created = (await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            "ec2", "create-snapshots",
            "--instance-specification", "InstanceId=i-09b8d3fb38a9eb848",
            "--description", "AwsPatch pre-patch snapshot (cli test)",
            "--copy-tags-from-source", "volume",
            "--tag-specifications", "ResourceType=snapshot,Tags=[{Key=AwsPatch:RunId,Value=run-cli}]")).Json();
        var snapshots = created.GetProperty("Snapshots").EnumerateArray().ToList();
        Assert.Equal(2, snapshots.Count);
        Assert.All(snapshots, s => Assert.Equal("pending", s.GetProperty("State").GetString()));

        fixture.Server.Clock.Advance(TimeSpan.FromMinutes(10));
        var described = (await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            "ec2", "describe-snapshots", "--owner-ids", "self", "--filters", "Name=tag:AwsPatch:RunId,Values=run-cli")).Json();
        var found = described.GetProperty("Snapshots").EnumerateArray().ToList();

        Assert.Equal(snapshots.Select(s => s.GetProperty("SnapshotId").GetString()).Order(), found.Select(s => s.GetProperty("SnapshotId").GetString()).Order());
        Assert.All(found, s => Assert.Equal("completed", s.GetProperty("State").GetString()));
        Assert.All(found, s => Assert.Equal("100%", s.GetProperty("Progress").GetString()));
        Assert.All(found, s => Assert.True(s.TryGetProperty("StartTime", out _)));
    }
}
