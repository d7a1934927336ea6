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

    /// <summary>The CPU time the sandbox process has used so far, on all cores (read from /proc on Linux).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<SandboxProcess> StartAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "AwsPatch.Sandbox.dll"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        // Measurements need the deterministic clock of before (the fleet's start, moved only per request or when told);
        // the standalone default runs it at 20x from the real time. The caller's own options come after and win.
        foreach (var a in new[] { "--freeze-clock", "--clock-start", "fleet" }) start.ArgumentList.Add(a);
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

    /// <summary>Replaces every fault: <paramref name="latencyMs"/> for all operations, plus a throttle rate (0..1) per operation key.</summary>
    public async Task SetFaultsAsync(int latencyMs, IReadOnlyDictionary<string, double> throttleRates) =>
        (await _control.PostAsJsonAsync("faults", new
        {
            @default = new { latencyMs },
            operations = throttleRates.ToDictionary(p => p.Key, p => new { throttleRate = p.Value }),
        })).EnsureSuccessStatusCode();

    /// <summary>Replaces every fault: a throttle rate and a 5xx rate (0..1) for every operation.</summary>
    public async Task SetDefaultFaultsAsync(double throttleRate, double serverErrorRate) =>
        (await _control.PostAsJsonAsync("faults", new { @default = new { throttleRate, serverErrorRate } })).EnsureSuccessStatusCode();

    /// <summary>The sandbox's simulated time now.</summary>
    public async Task<DateTime> ClockAsync()
    {
        using var json = JsonDocument.Parse(await _control.GetStringAsync("clock"));
        return json.RootElement.GetProperty("utcNow").GetDateTime().ToUniversalTime();
    }

    public async Task ResetCountersAsync() => (await _control.PostAsync("counters/reset", null)).EnsureSuccessStatusCode();

    public async Task<long> CountAsync(string operation) => (await CountersAsync()).Calls(operation);

    /// <summary>Every counter at once: requests per operation and, of those, the throttled answers.</summary>
    public async Task<SandboxCounts> CountersAsync()
    {
        using var json = JsonDocument.Parse(await _control.GetStringAsync("counters"));
        static Dictionary<string, long> Read(JsonElement map) =>
            map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
        var root = json.RootElement;
        return new SandboxCounts(Read(root.GetProperty("operations")), Read(root.GetProperty("throttled")));
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>The sandbox's request counters at one moment (operation keys like <c>ssm:SendCommand</c>).</summary>
internal sealed record SandboxCounts(IReadOnlyDictionary<string, long> Operations, IReadOnlyDictionary<string, long> ThrottledAnswers)
{
    public long Calls(string operation) => Operations.GetValueOrDefault(operation);

    public long Throttled(string operation) => ThrottledAnswers.GetValueOrDefault(operation);

    public long TotalThrottled => ThrottledAnswers.Values.Sum();
}
