namespace AwsPatch.Sandbox;

/// <summary>What the sandbox makes one instance's Run Command invocations do (set per instance by tests).</summary>
public enum CommandFault
{
    /// <summary>Runs normally: Success.</summary>
    None,

    /// <summary>The document runs and fails (Failed, response code 1); counts against MaxErrors.</summary>
    Fail,

    /// <summary>The document runs past its execution timeout (TimedOut, "Execution Timed Out"); counts against MaxErrors.</summary>
    Timeout,

    /// <summary>The agent cannot be reached (Failed, "Undeliverable"); like a ConnectionLost agent. Does not count against MaxErrors.</summary>
    Undeliverable,
}
