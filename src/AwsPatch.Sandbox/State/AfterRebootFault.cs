namespace AwsPatch.Sandbox;

/// <summary>How an instance comes back from the reboot an install does (per-instance fault <c>afterReboot</c>).</summary>
public enum AfterRebootFault
{
    /// <summary>The agent is Online again and the status checks pass.</summary>
    None,

    /// <summary>The agent never reconnects (ConnectionLost): the invocation cannot report and ends Delivery Timed Out when the command expires.</summary>
    AgentOffline,

    /// <summary>The agent reports (the invocation succeeds) but the EC2 instance status check stays <c>impaired</c>.</summary>
    StatusImpaired,
}
