using AwsPatch.Aws;
using AwsPatch.Instances;
using AwsPatch.Runs;

namespace AwsPatch.Tests.Unit.Instances;

/// <summary>
/// DescribeInstanceInformation's API reference says Systems Manager lists no stopped or terminated instance: for those,
/// no SSM record means the agent state is not known, never "not managed", and a run says the instance is stopped.
/// </summary>
public sealed class StoppedInstanceAgentStateTests
{
    private static Ec2InstanceRecord Ec2(string state) => new() { InstanceId = "i-0123456789abcdef0", State = state, InstanceType = "t3.micro" };

    private static readonly SsmInstanceRecord Agent = new() { InstanceId = "i-0123456789abcdef0", PingStatus = "ConnectionLost", PlatformType = "Linux" };

    [Theory]
    [InlineData("running", false, SsmAgentState.NotManaged)]
    [InlineData("stopped", false, SsmAgentState.Unknown)]
    [InlineData("terminated", false, SsmAgentState.Unknown)]
    [InlineData("stopped", true, SsmAgentState.Managed)]
    [InlineData("running", true, SsmAgentState.Managed)]
    public void An_instance_SSM_answered_for_is_not_managed_only_when_SSM_would_have_listed_it(string state, bool listed, SsmAgentState expected)
    {
        var instance = InstanceMapper.Map(Ec2(state), listed ? Agent : null, ssmAnswered: true, "us-east-1");

        Assert.Equal(expected, instance.AgentState);
    }

    [Fact]
    public void A_run_refuses_a_stopped_instance_SSM_does_not_list_saying_it_is_stopped()
    {
        var check = new InstanceCheck();

        check.Admit(InstanceMapper.Map(Ec2("stopped"), null, ssmAnswered: true, "us-east-1"));

        var failure = Assert.Single(check.Failures);
        Assert.Equal("InstanceNotRunning", failure.ErrorId);
        Assert.Contains("it is stopped in us-east-1", failure.Message);
        Assert.Contains("Start the instance", failure.RecommendedAction);
        Assert.Empty(check.Ready);
    }
}
