using Microsoft.Extensions.Hosting;

namespace AwsPatch.Sandbox;

/// <summary>
/// Replaces the console lifetime: the sandbox runs inside test processes, where it must not take over
/// Ctrl+C/SIGTERM. Its owner (a test fixture or Program.cs) decides when it stops.
/// </summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
