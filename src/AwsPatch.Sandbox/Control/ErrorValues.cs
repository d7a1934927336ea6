namespace AwsPatch.Sandbox.Control;

/// <summary>An injected error in the control API's JSON: <c>{"status":401,"code":"AuthFailure","message":"…"}</c>; no code = a load balancer's HTML page.</summary>
internal sealed class ErrorValues
{
    public int Status { get; set; }
    public string? Code { get; set; }
    public string? Message { get; set; }

    public static ErrorValues? From(InjectedError? error) =>
        error is null ? null : new ErrorValues { Status = error.Status, Code = error.Code, Message = error.Message };

    /// <exception cref="ArgumentOutOfRangeException">The status is not 4xx/5xx, or the code is empty.</exception>
    public InjectedError ToInjectedError() => new(Status, Code, Message);
}
