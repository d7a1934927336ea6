namespace AwsPatch.Sandbox.Faults;

/// <summary>What the sandbox does to one request before (or instead of) handling it.</summary>
internal readonly record struct FaultDecision(int LatencyMs, FaultKind Kind, InjectedError? Error = null);

internal enum FaultKind
{
    None,
    Throttle,
    ServerError,
    AccessDenied,

    /// <summary>Answer with <see cref="FaultDecision.Error"/>.</summary>
    Error,
}
