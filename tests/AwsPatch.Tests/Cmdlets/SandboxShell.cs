using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// A hosted PowerShell wired to an in-process sandbox: <c>$aws</c> splats the endpoint, dummy keys and
/// us-east-1; <c>$awsNoRegion</c> leaves the region to the pipeline or the shell variables.
/// </summary>
internal static class SandboxShell
{
    public const string AccessKey = TestKeys.ShellAccessKey;
    public const string SecretKey = TestKeys.ShellSecret;

    public static PowerShellHost Create(SandboxServer server)
    {
        var host = PowerShellHost.Create();
        host.SetVariable("endpoint", server.Endpoint.ToString());
        host.SetVariable("ak", AccessKey);
        host.SetVariable("sk", SecretKey);
        host.Invoke("""
            $aws = @{ EndpointUrl = $endpoint; AccessKey = $ak; SecretKey = $sk; Region = 'us-east-1' }
            $awsNoRegion = @{ EndpointUrl = $endpoint; AccessKey = $ak; SecretKey = $sk }
            """);
        return host;
    }
}
