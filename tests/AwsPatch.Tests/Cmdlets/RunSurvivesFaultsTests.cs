using AwsPatch.Commands.Common;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Unit;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Issue 11: a run's calls besides its polls survive a failure the SDK's retries did not cover. Each case answers one
/// operation's next 5 requests with a 5xx or throttling error (exactly one SDK call with its 5 attempts) during
/// <c>Invoke-PatchRun -SnapshotFirst -Wait</c>; on main that one failure cost every instance it covered. The cmdlets'
/// waits and back-offs run on an injected clock that moves the sandbox's clock with them: only the SDK's own retries sleep.
/// </summary>
public sealed class RunSurvivesFaultsTests : PatchRunTestBase, IClassFixture<SandboxFixture>
{
    private const int OneSdkCall = 5;   // AwsClientFactory.MaxErrorRetry + 1 attempts

    public RunSurvivesFaultsTests(SandboxFixture fixture) : base(fixture)
    {
        WaitOnSandboxClock();
        Host.Invoke("$s = @{ EndpointUrl = $endpoint; AccessKey = 'AKIDSANDBOX'; SecretKey = 'sandbox-secret-value'; Region = 'us-east-1' }");
    }

    [Theory]
    [InlineData("ec2:DescribeInstances", "5xx")]            // the pre-check and the snapshot service's instance read
    [InlineData("ssm:DescribeInstanceInformation", "5xx")]  // the pre-check's agent state (AgentStateUnknown on main)
    [InlineData("ssm:PutParameter", "throttle")]            // the run's record (RunRecordFailed for every instance on main)
    [InlineData("ec2:CreateSnapshots", "5xx")]              // a snapshot set (SnapshotNotCompleted on main)
    [InlineData("ssm:SendCommand", "5xx")]                  // a batch (SendCommandFailed on main)
    public void One_failed_call_of_a_run_is_tried_again_and_every_instance_is_patched_once(string operation, string kind)
    {
        // Creates run several at once, and 5 faulted requests spread over them the SDK retries through: one instance.
        var ids = operation == "ec2:CreateSnapshots" ? Online("web-prod").Take(1).ToList() : Online("web-prod");
        var faults = Server.Faults.For(operation);
        if (kind == "throttle") faults.ThrottleRate = 1;
        else faults.ServerErrorRate = 1;
        faults.Count = OneSdkCall;

        var result = Run("Invoke-PatchRun @s -InstanceId $ids -Operation Install -SnapshotFirst -Wait -PollIntervalSeconds 10 -Force", ("ids", ids.ToArray()));

        Assert.True(result.Errors.Count == 0, result.ToString());
        var results = result.OutputOf<PatchRunResult>();
        Assert.Equal(ids.Order(), results.Select(r => r.InstanceId).Order());
        Assert.All(results, r => Assert.Equal("Success", r.Status));
        Assert.Equal(0, faults.Count);   // the whole burst was answered: the SDK gave up once, the module did not
        var warning = Assert.Single(result.Warnings, w => w.Message.Contains(operation));
        Assert.Contains("answered when tried again", warning.Message);
        var installs = Server.State.Commands.Where(c => c.Parameters.GetValueOrDefault("Operation")?.FirstOrDefault() == "Install");
        Assert.Equal(ids.Order(), installs.SelectMany(c => c.InstanceIds).Order());   // Install sent once to each
    }
}
