using AwsPatch.Sandbox;
using AwsPatch.Sandbox.Protocol;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Assumed-role credentials expire where AWS judges it, on the service's clock: a sandbox clock that jumps close to
/// the expiry makes the module assume the role again before it (no call refused), and one that jumps past it makes the
/// refused call (EC2's RequestExpired, SSM's ExpiredTokenException) assume again and go through once more. The machine's
/// clock does not move in either.
/// </summary>
public sealed class RoleExpiryTests : IAsyncLifetime
{
    private const string Second = SandboxAccounts.SecondAccountId;
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);   // AssumeRole's default DurationSeconds
    private readonly ResponseRecorder _answers = new();
    private SandboxServer _sandbox = null!;
    private PowerShellHost _ps = null!;

    // A sandbox per test: a new endpoint, so the process's role cache holds nothing for it yet.
    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, ResponseRecorder = _answers });
        _ps = SandboxShell.Create(_sandbox);
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _sandbox.DisposeAsync();
    }

    private static string List(string region) => $"Get-PatchInstance @awsNoRegion -Region {region} -RoleArn arn:aws:iam::{Second}:role/AwsPatch";

    private List<string> Expected(string region) => [.. _sandbox.Accounts[Second].InstancesIn(region).Select(i => i.InstanceId).Order()];

    private static List<string> Listed(PowerShellResult result) => [.. result.OutputOf<PatchInstance>().Select(i => i.InstanceId).Order()];

    /// <summary>The answers since the last <see cref="ResponseRecorder.Clear"/> that refused a call as expired.</summary>
    private List<string> Refused() => [.. _answers.Responses
        .Select(r => (r.Service, Text: System.Text.Encoding.UTF8.GetString(r.Body)))
        .Where(r => r.Text.Contains("RequestExpired") || r.Text.Contains("ExpiredToken"))
        .Select(r => r.Service)];

    /// <summary>Lists once (the role assumed at the clock's time now) and forgets the answers.</summary>
    private void Assumed(string region)
    {
        var result = _ps.Invoke(List(region));
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        Assert.Equal(1, _sandbox.Counters["sts:AssumeRole"]);
        _sandbox.Counters.Reset();
        _answers.Clear();
    }

    [Fact]
    public void A_clock_jump_past_the_expiry_assumes_the_role_again_and_the_refused_call_goes_through()
    {
        Assumed("us-east-1");

        _sandbox.Clock.Advance(Lifetime + TimeSpan.FromMinutes(1));
        var result = _ps.Invoke(List("us-east-1"));

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        Assert.Equal(Expected("us-east-1"), Listed(result));
        Assert.Equal(1, _sandbox.Counters["sts:AssumeRole"]);
        Assert.Equal(["ec2"], Refused());   // EC2's RequestExpired, once; the call made again was answered
        Assert.Equal(1, _sandbox.Counters["ec2:DescribeInstances"]);

        // The new credentials hold: the next command assumes nothing.
        _sandbox.Counters.Reset();
        Assert.Equal(Expected("us-east-1"), Listed(_ps.Invoke(List("us-east-1"))));
        Assert.Equal(0, _sandbox.Counters["sts:AssumeRole"]);
        Assert.Equal(1, _sandbox.Counters["ec2:DescribeInstances"]);
    }

    [Fact]
    public void A_clock_jump_to_just_before_the_expiry_assumes_the_role_again_before_any_call_is_refused()
    {
        Assumed("eu-west-1");

        _sandbox.Clock.Advance(Lifetime - TimeSpan.FromMinutes(2));
        var result = _ps.Invoke(List("eu-west-1"));

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        Assert.Equal(Expected("eu-west-1"), Listed(result));
        // EC2's answer (credentials two minutes from expiry, still good) told the module AWS's time; the SSM call
        // after it was signed with the role assumed again, and nothing was refused or sent twice.
        Assert.Equal(1, _sandbox.Counters["sts:AssumeRole"]);
        Assert.Empty(Refused());
        Assert.Equal(1, _sandbox.Counters["ec2:DescribeInstances"]);
    }
}
