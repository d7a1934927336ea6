using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Cmdlets over 250 instances against a sandbox that enforces EC2's 200-filter-values limit: every call fits (the ids
/// go in batches that leave room for the other filters' values), every instance comes back, in the fewest calls.
/// </summary>
public sealed class Ec2FilterLimitCmdletTests : IAsyncLifetime
{
    private const string TagEnvironment = "limit-test";
    private const string PatchGroup = "limit-pg";
    private const string RunA = "run-20250530T120000Z-00000a";
    private const string RunB = "run-20250531T120000Z-00000b";
    private SandboxServer _server = null!;
    private PowerShellHost _ps = null!;
    private List<string> _ids = null!;

    public async Task InitializeAsync()
    {
        _server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, GeneratedInstances = 300, GeneratedRegions = ["us-east-1"] });
        _ids = _server.State.InstancesIn("us-east-1").Take(250).Select(i => i.InstanceId).ToList();
        _server.State.Update(_ =>
        {
            foreach (var instance in _server.State.InstancesIn("us-east-1").Where(i => _ids.Contains(i.InstanceId)))
            {
                instance.Tags["Environment"] = TagEnvironment;
                instance.Tags["Patch Group"] = PatchGroup;
            }
        });
        _ps = SandboxShell.Create(_server);
        _ps.SetVariable("ids", _ids.ToArray());
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _server.DisposeAsync();
    }

    private PowerShellResult Run(string script)
    {
        _server.Counters.Reset();
        var result = _ps.Invoke(script);
        Assert.True(result.Terminating is null, result.ToString());
        Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Errors.Select(e => e.ToString())));
        return result;
    }

    [Theory]
    [InlineData("Get-PatchInstance @aws -InstanceId $ids -Tag @{ Environment = 'limit-test' }")]
    [InlineData("$ids | Get-PatchInstance @aws -Tag @{ Environment = 'limit-test' }")]
    public void Get_PatchInstance_of_250_ids_with_a_tag_filter_returns_every_instance_in_two_calls(string script)
    {
        var result = Run(script);

        Assert.Equal(_ids.Order(), result.OutputOf<PatchInstance>().Select(i => i.InstanceId).Order());
        Assert.Equal(2, _server.Counters["ec2:DescribeInstances"]);   // 199 ids + 1 tag value, then 51 + 1
    }

    [Fact]
    public void Get_PatchInstance_of_250_ids_in_a_patch_group_returns_every_instance()
    {
        var result = Run("Get-PatchInstance @aws -InstanceId $ids -PatchGroup 'limit-pg'");

        Assert.Equal(_ids.Order(), result.OutputOf<PatchInstance>().Select(i => i.InstanceId).Order());
        Assert.All(result.OutputOf<PatchInstance>(), i => Assert.Equal(PatchGroup, i.PatchGroup));
        // Two id batches (199 + 51) per patch-group tag key.
        Assert.InRange(_server.Counters["ec2:DescribeInstances"], 2, 4);
    }

    [Theory]
    [InlineData("Get-PatchSnapshot @aws -InstanceId $ids", 2)]
    [InlineData("$ids | Get-PatchSnapshot @aws", 2)]
    [InlineData("Get-PatchSnapshot @aws -InstanceId $ids -RunId $runs", 2)]
    public void Get_PatchSnapshot_over_250_instances_returns_every_set_in_the_fewest_calls(string script, int describeSnapshots)
    {
        SnapshotCmdletTestBase.AddSnapshotSets(_server, RunA, _server.Clock.UtcNow.AddDays(-2), _ids);
        SnapshotCmdletTestBase.AddSnapshotSets(_server, RunB, _server.Clock.UtcNow.AddDays(-1), _ids);
        _ps.SetVariable("runs", new[] { RunA, RunB });

        var result = Run(script);

        var sets = result.OutputOf<PatchSnapshot>();
        Assert.Equal(500, sets.Count);
        Assert.Equal(_ids.Order(), sets.Select(s => s.InstanceId).Distinct().Order());
        Assert.Equal(describeSnapshots, _server.Counters["ec2:DescribeSnapshots"]);   // 199 (198) instance values beside the run filter, then the rest
        Assert.Equal(2, _server.Counters["ec2:DescribeInstances"]);                   // the sets' instances: 200 + 50
    }
}
