namespace AwsPatch.Sandbox.Faults;

/// <summary>What the sandbox does to one request before (or instead of) handling it.</summary>
internal readonly record struct FaultDecision(int LatencyMs, FaultKind Kind);

internal enum FaultKind
{
    None,
    Throttle,
    ServerError,
    AccessDenied,
}
