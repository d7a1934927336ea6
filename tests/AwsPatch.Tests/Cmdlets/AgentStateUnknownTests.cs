using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// When Systems Manager cannot say whether it manages an instance (DescribeInstanceInformation fails after the SDK's
/// retries, or is denied), the agent is Unknown, and a state-changing cmdlet says it could not confirm the agent,
/// sends nothing, and never tells the user to install an agent that may well be there.
/// </summary>
public sealed class AgentStateUnknownTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxServer _sandbox = fixture.Server;
    private readonly PowerShellHost _ps = SandboxShell.Create(fixture.Server);

    public void Dispose()
    {
        _sandbox.Faults.Clear();
        _ps.Dispose();
    }

    private string[] OnlineIds() => _sandbox.State.InstancesIn("us-east-1")
        .Where(i => i.State == "running" && i.Ssm is { PingStatus: "Online" }).Select(i => i.InstanceId).Take(3).ToArray();

    public static TheoryData<string> Outages => new() { "ServerError", "Denied" };

    [Theory]
    [MemberData(nameof(Outages))]
    public void Invoke_PatchRun_says_it_could_not_confirm_the_agent_and_sends_nothing(string outage)
    {
        var ids = OnlineIds();
        Assert.Equal(3, ids.Length);
        var faults = _sandbox.Faults.For("ssm:DescribeInstanceInformation");
        if (outage == "Denied") faults.Denied = true;
        else faults.ServerErrorRate = 1;
        _sandbox.Counters.Reset();
        _ps.SetVariable("ids", ids);

        var result = _ps.Invoke("Invoke-PatchRun @aws -InstanceId $ids -Operation Install -Force");

        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        Assert.Equal(0, _sandbox.Counters["ssm:SendCommand"]);
        Assert.Equal(0, _sandbox.Counters.Writes);
        Assert.Equal(ids.Order(), result.Errors.Select(e => (string)e.TargetObject).Order());
        Assert.All(result.Errors, error =>
        {
            Assert.StartsWith("AgentStateUnknown,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
            Assert.Contains("Could not confirm the SSM agent of instance", error.Exception.Message);
            Assert.Contains("Nothing was sent to it", error.Exception.Message);
            Assert.Contains("Get-PatchInstance -InstanceId", error.ErrorDetails.RecommendedAction);
        });
        Assert.DoesNotContain("Install and register the SSM agent", result.AllText);
        Assert.DoesNotContain("is not managed by Systems Manager", result.AllText);
        var warning = Assert.Single(result.Warnings, w => w.Message.Contains("ssm:DescribeInstanceInformation"));
        Assert.Contains(outage == "Denied" ? "AccessDeniedException (HTTP 400" : "InternalServerError (HTTP 500", warning.Message);
    }

    [Fact]
    public void When_ssm_answers_an_unmanaged_instance_is_still_called_unmanaged()
    {
        var unmanaged = _sandbox.State.InstancesIn("us-east-1").First(i => i.Ssm == null).InstanceId;
        _ps.SetVariable("id", unmanaged);

        var result = _ps.Invoke("Invoke-PatchRun @aws -InstanceId $id -Operation Scan");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("InstanceNotManaged,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("Install and register the SSM agent", error.ErrorDetails.RecommendedAction);
    }
}
