using AwsPatch.Commands.Common;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;
using AwsPatch.Tests.Unit;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// A hosted PowerShell for the run cmdlets over a sandbox reset for every test. Every AWS request moves the sandbox
/// clock 10 s and the cmdlets poll every 0.1 s, so runs progress poll by poll without waiting for real time.
/// </summary>
public abstract class PatchRunTestBase : IDisposable
{
    protected const string Session = "-EndpointUrl $endpoint -AccessKey AKIDSANDBOX -SecretKey sandbox-secret-value -Region us-east-1";

    protected PatchRunTestBase(SandboxFixture fixture)
    {
        Server = fixture.Server;
        Server.Reset();
        Server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(10);
        Host = PowerShellHost.Create();
        Host.SetVariable("endpoint", Server.Endpoint.ToString());
    }

    protected SandboxServer Server { get; }

    protected PowerShellHost Host { get; }

    /// <summary>
    /// Makes the module wait on a clock that never sleeps and moves the sandbox clock by each delay; requests no longer
    /// move it, so simulated time passes only while the module waits (deadlines of minutes take no real time).
    /// <paramref name="afterEachDelay"/> runs after each wait has moved the clock: a test's way to act at a point of
    /// simulated time (an alarm that fires mid-install).
    /// </summary>
    private protected FakeWaitClock WaitOnSandboxClock(Action? afterEachDelay = null)
    {
        Server.Clock.AdvancePerRequest = TimeSpan.Zero;
        var clock = new FakeWaitClock(onDelay: by =>
        {
            Server.Clock.Advance(by);
            afterEachDelay?.Invoke();
        });
        ModuleServices.UseWaitClock(Host.Runspace, clock);
        return clock;
    }

    public void Dispose()
    {
        Host.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The us-east-1 instances of an Environment tag value a rollout can patch (running, agent Online), in id order;
    /// outside staging only those on a platform staging also runs, since a rollout refuses a later wave's instance on a
    /// platform no earlier wave tested (PatchRolloutPlatformTests covers those).
    /// </summary>
    protected List<string> Patchable(string environment)
    {
        var ready = Server.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running").ToList();
        var staging = ready.Where(i => i.Tags.GetValueOrDefault("Environment") == "staging").Select(PlatformOf).ToHashSet(StringComparer.Ordinal);
        return ready.Where(i => i.Tags.GetValueOrDefault("Environment") == environment && (environment == "staging" || staging.Contains(PlatformOf(i))))
            .Select(i => i.InstanceId).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The platform a rollout keeps its tested set per: the SSM agent's platform name and version.</summary>
    protected static string PlatformOf(SandboxInstance instance) => $"{instance.Ssm!.PlatformName} {instance.Ssm.PlatformVersion}";

    /// <summary>The us-east-1 instances of a patch group (either tag key) whose agent is Online, in id order.</summary>
    protected List<string> Online(string group) => Server.State.InstancesIn("us-east-1")
        .Where(i => i.Ssm is { PingStatus: "Online" } && i.PatchGroup == group).Select(i => i.InstanceId).Order().ToList();

    /// <summary>
    /// Runs <paramref name="script"/> (given <c>$ids</c>) in another engine until it sends its first command (or its
    /// <paramref name="sends"/>th), then freezes the sandbox clock (what was sent stays in flight) and stops that engine,
    /// as a killed process; returns its host text. The caller moves the clock on and resumes from a new engine.
    /// </summary>
    protected string KilledAfterFirstSend(string script, string[] ids, int sends = 1)
    {
        var sentBefore = Server.Counters["ssm:SendCommand"];
        using var first = PowerShellHost.Create();
        first.SetVariable("endpoint", Server.Endpoint.ToString());
        first.SetVariable("ids", ids);
        using var shell = first.CreateShell(script);
        var running = shell.BeginInvoke();
        Assert.True(SpinWait.SpinUntil(() => Server.Counters["ssm:SendCommand"] >= sentBefore + sends, TimeSpan.FromSeconds(120)));
        Server.Clock.AdvancePerRequest = TimeSpan.Zero;
        shell.Stop();
        Assert.True(running.IsCompleted);
        Assert.Equal(System.Management.Automation.PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        return first.HostText;
    }

    /// <summary>
    /// After <see cref="KilledAfterFirstSend"/>: <paramref name="minutes"/> simulated minutes later (30: what was in flight
    /// has ended), with requests moving the clock again, runs <paramref name="script"/> in a new engine, as another process would.
    /// </summary>
    protected PowerShellResult LaterInAnotherProcess(string script, int minutes = 30)
    {
        Server.Clock.Advance(TimeSpan.FromMinutes(minutes));
        Server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(10);
        using var second = PowerShellHost.Create();
        second.SetVariable("endpoint", Server.Endpoint.ToString());
        return second.Invoke(script);
    }

    /// <summary>Runs a script with the variables set and fails on a terminating error.</summary>
    protected PowerShellResult Run(string script, params (string Name, object Value)[] variables)
    {
        foreach (var (name, value) in variables) Host.SetVariable(name, value);
        var result = Host.Invoke(script);
        Assert.Null(result.Terminating);
        return result;
    }
}
