using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// What the many-accounts tests share: a hosted shell (<see cref="SandboxShell"/>: <c>$aws</c>, <c>$awsNoRegion</c>) over
/// the class's own sandbox (its two accounts, role AwsPatch in each), reset before every test and its faults cleared after,
/// and the sandbox's view of where instances live. Each derived class keeps its own <see cref="SandboxFixture"/>, so the
/// classes still run in parallel with each other.
/// </summary>
public abstract class FleetTestBase : IDisposable
{
    protected const string First = SandboxFleet.DefaultAccountId;
    protected const string Second = SandboxAccounts.SecondAccountId;

    protected FleetTestBase(SandboxFixture fixture)
    {
        Sandbox = fixture.Server;
        Sandbox.Reset();
        Ps = SandboxShell.Create(Sandbox);
    }

    protected SandboxServer Sandbox { get; }

    protected PowerShellHost Ps { get; }

    public void Dispose()
    {
        Sandbox.Faults.Clear();
        Ps.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Every instance of <paramref name="account"/> in <paramref name="regions"/>, as the sandbox holds them.</summary>
    protected IEnumerable<(string Account, string Region, string Id)> Fleet(string account, params string[] regions) =>
        regions.SelectMany(r => Sandbox.Accounts[account].InstancesIn(r).Select(i => (account, r, i.InstanceId)));

    /// <summary>A running instance of <paramref name="account"/> in <paramref name="region"/> with an SSM agent.</summary>
    protected string Managed(string account, string region) =>
        Sandbox.Accounts[account].InstancesIn(region).First(i => i.Ssm is not null && i.State == "running").InstanceId;
}
