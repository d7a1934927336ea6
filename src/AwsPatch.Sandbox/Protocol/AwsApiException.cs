namespace AwsPatch.Sandbox.Protocol;

/// <summary>An AWS error a handler answers with; each protocol renders it in its own wire shape.</summary>
internal sealed class AwsApiException(string code, string message, int statusCode = 400) : Exception(message)
{
    public string Code { get; } = code;
    public int StatusCode { get; } = statusCode;
}
