namespace AwsPatch
{
    /// <summary>What Systems Manager said about an instance's agent.</summary>
    public enum SsmAgentState
    {
        /// <summary>Systems Manager could not be asked (the call failed: an outage, no permission); the agent may well be there.</summary>
        Unknown,

        /// <summary>Systems Manager answered and has no agent record for the instance.</summary>
        NotManaged,

        /// <summary>Systems Manager manages the instance; <see cref="PatchInstance.SsmPingStatus"/> says whether the agent is Online.</summary>
        Managed,
    }
}
