using Microsoft.AspNetCore.Http;

namespace AwsPatch.Sandbox.Protocol;

/// <summary>One routed, authenticated AWS call: the region from the signing scope, the operation, the sandbox as the signer's account sees it.</summary>
internal sealed class AwsCallContext(HttpContext http, SandboxServices sandbox, string region, string operation, string requestId)
{
    public HttpContext Http { get; } = http;
    public SandboxServices Sandbox { get; } = sandbox;
    public string Region { get; } = region;
    public string Operation { get; } = operation;
    public string RequestId { get; } = requestId;

    /// <summary>Who signed the call (the account <see cref="Sandbox"/>'s state belongs to).</summary>
    public SandboxPrincipal Principal { get; init; } = new(SandboxFleet.DefaultAccountId, SandboxCredentials.DefaultUserArn);
    public CancellationToken Aborted => Http.RequestAborted;
}
