using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace AwsPatch.Bench;

/// <summary>
/// The sandbox in its own process, so its state and work stay out of the measured process's heap and threads.
/// Driven through its control API (/_sandbox/...).
/// </summary>
internal sealed class SandboxProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _control;

    private SandboxProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
        _control = new HttpClient { BaseAddress = new Uri(endpoint, "_sandbox/") };
    }

    public Uri Endpoint { get; }

    public static async Task<SandboxProcess> StartAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "AwsPatch.Sandbox.dll"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        foreach (var a in arguments) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the sandbox.");
        const string marker = "listening on ";
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) continue;
            var url = line[(at + marker.Length)..].Split(' ')[0];
            _ = process.StandardOutput.ReadToEndAsync();   // keep draining
            return new SandboxProcess(process, new Uri(url.TrimEnd('/') + "/"));
        }
        throw new InvalidOperationException("The sandbox exited: " + await process.StandardError.ReadToEndAsync());
    }

    public async Task SetLatencyAsync(int milliseconds) =>
        (await _control.PostAsJsonAsync("faults", new { @default = new { latencyMs = milliseconds } })).EnsureSuccessStatusCode();

    public async Task ResetCountersAsync() => (await _control.PostAsync("counters/reset", null)).EnsureSuccessStatusCode();

    public async Task<long> CountAsync(string operation)
    {
        using var json = JsonDocument.Parse(await _control.GetStringAsync("counters"));
        return json.RootElement.GetProperty("operations").TryGetProperty(operation, out var n) ? n.GetInt64() : 0;
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
