using System;
using System.Collections.Generic;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Runs
{
    /// <summary>Instances split into those that can be sent a command and those that cannot, with why.</summary>
    public sealed class InstanceCheck
    {
        public List<string> Ready { get; } = new List<string>();

        public Dictionary<string, IReadOnlyList<string>> SnapshotIds { get; } = new Dictionary<string, IReadOnlyList<string>>();

        public List<ItemFailure> Failures { get; } = new List<ItemFailure>();

        /// <summary>
        /// Ready when Systems Manager manages the instance and its agent is Online. Otherwise a failure that says which:
        /// not managed, managed but not Online, or not confirmed because Systems Manager could not be asked.
        /// </summary>
        public void Admit(PatchInstance instance)
        {
            if (instance.AgentState == SsmAgentState.Managed && string.Equals(instance.SsmPingStatus, "Online", StringComparison.Ordinal))
                Ready.Add(instance.InstanceId);
            else if (instance.AgentState != SsmAgentState.Managed && IsStopped(instance.State))
                Failures.Add(NotRunning(instance));
            else
                Failures.Add(instance.AgentState == SsmAgentState.Unknown ? AgentStateUnknown(instance) : NotManaged(instance));
        }

        /// <summary>Stopped or going away: Systems Manager does not list such an instance, so its agent state is not known.</summary>
        private static bool IsStopped(string? state) => state is "stopped" or "stopping" or "terminated" or "shutting-down";

        private static ItemFailure NotRunning(PatchInstance instance) => new ItemFailure(
            instance.InstanceId,
            "InstanceNotRunning",
            AwsErrorKind.InvalidInput,
            $"Instance {instance.InstanceId} cannot be patched now: it is {instance.State} in {instance.Region}, and Systems Manager lists no stopped instance. Nothing was sent to it.",
            "Start the instance, wait until Get-PatchInstance shows its SSM agent Online, then run again.");

        private static ItemFailure NotManaged(PatchInstance instance) => new ItemFailure(
            instance.InstanceId,
            "InstanceNotManaged",
            AwsErrorKind.InvalidInput,
            instance.AgentState == SsmAgentState.Managed
                ? $"Instance {instance.InstanceId} cannot be patched now: its SSM agent is {instance.SsmPingStatus ?? "not reporting"} in {instance.Region}, not Online. Nothing was sent to it."
                : $"Instance {instance.InstanceId} is not managed by Systems Manager in {instance.Region}, so Patch Manager cannot patch it. Nothing was sent to it.",
            instance.AgentState == SsmAgentState.Managed
                ? "Start the instance or restore its network path to Systems Manager, check that the SSM agent runs, and run again."
                : "Install and register the SSM agent and attach an instance profile with AmazonSSMManagedInstanceCore, then run again.");

        private static ItemFailure AgentStateUnknown(PatchInstance instance) => new ItemFailure(
            instance.InstanceId,
            "AgentStateUnknown",
            AwsErrorKind.Unavailable,
            $"Could not confirm the SSM agent of instance {instance.InstanceId} in {instance.Region}: Systems Manager did not answer " +
            "ssm:DescribeInstanceInformation (the warning names the failure), so it is not known whether the agent is registered and Online. Nothing was sent to it.",
            "Fix what the warning names (permission for ssm:DescribeInstanceInformation, credentials, or wait until Systems Manager answers), " +
            "check the agent with Get-PatchInstance -InstanceId, then run again.");
    }
}
