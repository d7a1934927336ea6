using AwsPatch.Sandbox;

namespace AwsPatch.Tests;

/// <summary>
/// One in-process sandbox per test class (<c>IClassFixture&lt;SandboxFixture&gt;</c>): faults, clock and
/// fleet changes made by one class never reach another. Tests inside a class run one after the other.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private SandboxServer? _server;

    public SandboxServer Server => _server ?? throw new InvalidOperationException("The sandbox has not started.");

    public async Task InitializeAsync() => _server = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All });

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
