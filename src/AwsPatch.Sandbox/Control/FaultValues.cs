namespace AwsPatch.Sandbox.Control;

/// <summary>One operation's faults in the control API's JSON (<c>{"latencyMs":20,"throttleRate":0.5,"serverErrorRate":0,"count":10,"error":{"status":400,"code":"ExpiredTokenException"}}</c>).</summary>
internal sealed class FaultValues
{
    public int? LatencyMs { get; set; }
    public double? ThrottleRate { get; set; }
    public double? ServerErrorRate { get; set; }
    public bool? Denied { get; set; }
    public ErrorValues? Error { get; set; }

    /// <summary>The faults answer only this many more requests (see <see cref="OperationFaults.Count"/>).</summary>
    public int? Count { get; set; }

    public static FaultValues From(OperationFaults faults) => new()
    {
        LatencyMs = faults.LatencyMs,
        ThrottleRate = faults.ThrottleRate,
        ServerErrorRate = faults.ServerErrorRate,
        Denied = faults.Denied,
        Error = ErrorValues.From(faults.Error),
        Count = faults.Count,
    };

    public void ApplyTo(OperationFaults faults)
    {
        faults.LatencyMs = LatencyMs;
        faults.ThrottleRate = ThrottleRate;
        faults.ServerErrorRate = ServerErrorRate;
        faults.Denied = Denied;
        faults.Error = Error?.ToInjectedError();
        faults.Count = Count;
    }
}
