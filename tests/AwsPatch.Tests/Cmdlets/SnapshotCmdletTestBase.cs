using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>A hosted PowerShell with <c>$s</c> splatting the sandbox session, over a sandbox reset for every test.</summary>
public abstract class SnapshotCmdletTestBase : IDisposable
{
    protected const string Secret = TestKeys.SnapshotSecret;

    protected SnapshotCmdletTestBase(SandboxFixture fixture)
    {
        Server = fixture.Server;
        Server.Reset();
        Host = PowerShellHost.Create();
        Host.SetVariable("endpoint", Server.Endpoint.ToString());
        Host.SetVariable("secret", Secret);
        Host.Invoke("$s = @{ EndpointUrl = $endpoint; AccessKey = 'AKIDSANDBOXSNAP01'; SecretKey = $secret; Region = 'us-east-1' }");
    }

    protected SandboxServer Server { get; }

    protected PowerShellHost Host { get; }

    protected IReadOnlyList<SandboxInstance> UsEast => Server.State.InstancesIn("us-east-1");

    /// <summary>Runs a script and fails on a terminating error, printing every stream's errors.</summary>
    protected PowerShellResult Run(string script)
    {
        var result = Host.Invoke(script);
        Assert.True(result.Terminating is null, result.ToString());
        Assert.DoesNotContain(Secret, result.AllText, StringComparison.Ordinal);
        return result;
    }

    /// <summary>Takes completed snapshots of <paramref name="instanceIds"/> under <paramref name="runId"/>, straight in the sandbox.</summary>
    protected void Snapshot(string runId, DateTime start, params string[] instanceIds) => AddSnapshotSets(Server, runId, start, instanceIds);

    /// <summary>Completed AwsPatch snapshot sets (every volume) of <paramref name="instanceIds"/> under <paramref name="runId"/> in <paramref name="server"/>.</summary>
    internal static void AddSnapshotSets(SandboxServer server, string runId, DateTime start, IEnumerable<string> instanceIds)
    {
        foreach (var id in instanceIds)
        {
            var instance = server.State.FindInstance(id)!;
            foreach (var volume in instance.Volumes)
            {
                server.State.AddSnapshot(new SandboxSnapshot
                {
                    SnapshotId = server.State.NewId("snap"),
                    VolumeId = volume.VolumeId,
                    Region = instance.Region,
                    InstanceId = id,
                    StartTime = start,
                    VolumeSizeGiB = volume.SizeGiB,
                    Tags = new(StringComparer.Ordinal) { ["AwsPatch:RunId"] = runId, ["AwsPatch:InstanceId"] = id, ["AwsPatch:CreatedBy"] = "AwsPatch 0.1.0" },
                });
            }
        }
    }

    public void Dispose()
    {
        Host.Dispose();
        GC.SuppressFinalize(this);
    }
}
