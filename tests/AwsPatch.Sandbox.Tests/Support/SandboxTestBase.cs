using System.Text.Json;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// A test class against the shared in-process sandbox, reset for each test: raw protocol requests (<see cref="Http"/>),
/// the control API (<see cref="Control"/>) and the fleet's Online instances.
/// </summary>
public abstract class SandboxTestBase : IClassFixture<SandboxFixture>, IDisposable
{
    protected SandboxTestBase(SandboxFixture fixture)
    {
        Server = fixture.Server;
        Server.Reset();
        Http = new SandboxHttp(Server.Endpoint);
        Control = new HttpClient { BaseAddress = Server.Endpoint };
    }

    protected SandboxServer Server { get; }

    internal SandboxHttp Http { get; }

    protected HttpClient Control { get; }

    public void Dispose()
    {
        Http.Dispose();
        Control.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The first <paramref name="count"/> running us-east-1 instances whose agent is Online.</summary>
    protected List<string> Online(int count) => Server.State.InstancesIn("us-east-1")
        .Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running").Select(i => i.InstanceId).Take(count).ToList();

    /// <summary>Every patch DescribeInstancePatches lists for the instance, through all pages of 100.</summary>
    protected async Task<List<JsonElement>> AllPatchesAsync(string instanceId)
    {
        var patches = new List<JsonElement>();
        string? token = null;
        do
        {
            var (status, json) = await Http.SsmAsync("DescribeInstancePatches",
                new Dictionary<string, object?> { ["InstanceId"] = instanceId, ["MaxResults"] = 100, ["NextToken"] = token }.Where(p => p.Value is not null).ToDictionary());
            Assert.Equal(200, status);
            patches.AddRange(json.GetProperty("Patches").EnumerateArray());
            token = json.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        return patches;
    }
}
