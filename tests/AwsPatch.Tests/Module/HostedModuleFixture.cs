using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Module;

/// <summary>One hosted engine with AwsPatch imported, shared by the tests of one class (they run one after another).</summary>
public sealed class HostedModuleFixture : IDisposable
{
    public PowerShellHost Host { get; } = PowerShellHost.Create();

    public void Dispose() => Host.Dispose();
}
