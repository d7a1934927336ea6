using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Get-PatchInstance hands its output to the pipeline thread in batches (what the listing has ready, up to
/// <c>AsyncAwsCmdlet.StreamBatch</c>): over two EC2 pages and 24 SSM chunks every instance still comes out once, in the
/// listing's order, and a stop while they stream out ends the listing without an error (Select-Object -First, which the
/// engine here lacks, is the Pester suite's).
/// </summary>
public sealed class GetPatchInstanceStreamingTests : IAsyncLifetime
{
    private const int Instances = 1_200;
    private SandboxServer _server = null!;
    private PowerShellHost _ps = null!;

    public async Task InitializeAsync()
    {
        _server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, GeneratedInstances = Instances, GeneratedRegions = ["us-east-1"] });
        _ps = SandboxShell.Create(_server);
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _server.DisposeAsync();
    }

    private List<string> Fleet() => [.. _server.State.InstancesIn("us-east-1").Select(i => i.InstanceId).Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_instance_of_two_pages_comes_out_once_in_the_order_ec2_lists_them()
    {
        var result = _ps.Invoke("Get-PatchInstance @aws");

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        Assert.Equal(Fleet(), result.OutputOf<PatchInstance>().Select(i => i.InstanceId).ToList());
        Assert.Equal(2, _server.Counters["ec2:DescribeInstances"]);
        Assert.Equal(24, _server.Counters["ssm:DescribeInstanceInformation"]);
    }

    [Fact]
    public void A_stop_while_objects_stream_out_ends_the_listing_without_an_error()
    {
        // Slow SSM answers: the stop lands while the listing still reads ahead of what was written.
        _server.Faults.For("ssm:DescribeInstanceInformation").LatencyMs = 200;
        using var shell = _ps.CreateShell("Get-PatchInstance @aws");
        var output = new PSDataCollection<PSObject>();
        var running = shell.BeginInvoke<PSObject, PSObject>(null, output);

        Assert.True(SpinWait.SpinUntil(() => output.Count > 0, TimeSpan.FromSeconds(60)));
        shell.Stop();

        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.True(running.IsCompleted);
        Assert.Empty(shell.Streams.Error);
        Assert.InRange(output.Count, 1, Instances - 1);
        Assert.Equal(Fleet().Take(output.Count), output.Select(o => ((PatchInstance)o.BaseObject).InstanceId));
    }

    [Fact]
    public void Objects_and_errors_keep_their_order_when_they_go_in_one_batch()
    {
        var ids = Fleet().Take(120).ToList();
        _ps.SetVariable("ids", ids.Append("i-0000000000000dead").Append("not-an-id").ToArray());

        var result = _ps.Invoke("Get-PatchInstance @aws -InstanceId $ids");

        Assert.Null(result.Terminating);
        Assert.Equal(ids, result.OutputOf<PatchInstance>().Select(i => i.InstanceId).ToList());
        Assert.Equal(["not-an-id", "i-0000000000000dead"], result.Errors.Select(e => e.TargetObject?.ToString()).ToList());
    }
}
