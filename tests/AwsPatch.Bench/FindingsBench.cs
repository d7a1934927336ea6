using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AwsPatch.Bench;

/// <summary>
/// Get-PatchFinding over generated findings: time to first object, findings/s, peak heap, calls against the
/// minimum (ceil(N / 100)), beside the AWS CLI and a bare HTTP loop (no SDK, no PowerShell: the floor).
/// </summary>
internal static class FindingsBench
{
    private const string Filter = """{"resourceType":[{"comparison":"EQUALS","value":"AWS_EC2_INSTANCE"}],"findingStatus":[{"comparison":"EQUALS","value":"ACTIVE"}]}""";

    public static async Task RunAsync(int instances, IReadOnlyList<int> findingCounts, int latencyMs, bool withCli)
    {
        foreach (var total in findingCounts)
        {
            // One region, so every generated finding is in the listing; the sandbox runs in its own process.
            await using var sandbox = await SandboxProcess.StartAsync("--instances", instances.ToString(), "--regions", "us-east-1", "--findings", total.ToString());
            using var host = new BenchHost(sandbox.Endpoint);
            host.Run("Get-PatchFinding @aws -First 3000");   // warm-up: JIT (tiered) of the whole path, SDK start-up
            var (_, pages) = await BareLoopAsync(sandbox.Endpoint, maxPages: int.MaxValue);   // warm-up of the sandbox's own caches
            await sandbox.SetLatencyAsync(latencyMs);
            var pageRoundTrip = (await BareLoopAsync(sandbox.Endpoint, maxPages: 3)).Elapsed / 3;

            await sandbox.ResetCountersAsync();
            var m = host.Run("Get-PatchFinding @aws");
            var calls = await sandbox.CountAsync("inspector2:ListFindings");
            var (floor, _) = await BareLoopAsync(sandbox.Endpoint, maxPages: int.MaxValue);
            var minimum = pages;

            Console.WriteLine($"Get-PatchFinding: {total:N0} generated findings over {instances:N0} instances, {latencyMs} ms added latency per call");
            Console.WriteLine($"  objects            {m.Objects:N0} (errors {m.Errors})");
            Console.WriteLine($"  ListFindings calls {calls:N0} (minimum {minimum:N0} = pages of 100 the serial bare loop needed; {AwsPatch.Findings.FindingService.ListParallelism} prefix lanes may add {AwsPatch.Findings.FindingService.ListParallelism - 1})");
            Console.WriteLine($"  first object       {m.FirstObject?.TotalMilliseconds:N0} ms ({m.FirstObject / pageRoundTrip:0.0} page round-trips of {pageRoundTrip.TotalMilliseconds:N0} ms)");
            Console.WriteLine($"  wall time          {m.Elapsed.TotalMilliseconds:N0} ms, {m.PerSecond:N0} findings/s");
            Console.WriteLine($"  peak managed heap  {m.PeakMiB} above baseline");
            Console.WriteLine($"  bare HTTP loop     {floor.TotalMilliseconds:N0} ms (AwsPatch / floor = {m.Elapsed / floor:0.00}x)");
            if (withCli)
            {
                var cli = await CliAsync(sandbox.Endpoint);
                if (cli is { } c)
                    Console.WriteLine($"  AWS CLI            {c.TotalMilliseconds:N0} ms (AwsPatch is {c / m.Elapsed:0.0}x faster)");
            }
        }
    }

    /// <summary>The floor: POST /findings/list page after page with a hand-made SigV4 scope, reading only nextToken.</summary>
    private static async Task<(TimeSpan Elapsed, int Pages)> BareLoopAsync(Uri endpoint, int maxPages)
    {
        using var http = new HttpClient { BaseAddress = endpoint };
        var clock = Stopwatch.StartNew();
        string? token = null;
        var pages = 0;
        do
        {
            var body = token == null
                ? $$"""{"maxResults":100,"filterCriteria":{{Filter}}}"""
                : $$"""{"maxResults":100,"nextToken":{{JsonSerializer.Serialize(token)}},"filterCriteria":{{Filter}}}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, "findings/list") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIDBENCH0000000001/{DateTime.UtcNow:yyyyMMdd}/us-east-1/inspector2/aws4_request, SignedHeaders=host, Signature=0");
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            token = json.RootElement.TryGetProperty("nextToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (++pages < maxPages && token != null);
        return (clock.Elapsed, pages);
    }

    private static async Task<TimeSpan?> CliAsync(Uri endpoint)
    {
        var clock = Stopwatch.StartNew();
        if (await AwsCliProcess.RunAsync(endpoint, ["inspector2", "list-findings", "--filter-criteria", Filter, "--query", "length(findings)"]) is not { } run)
            return null;
        if (run.ExitCode != 0)
        {
            Console.WriteLine($"  AWS CLI failed ({run.ExitCode}): {run.Error.Trim()}");
            return null;
        }
        Console.WriteLine($"  AWS CLI listed     {run.Output.Trim()} findings");
        return clock.Elapsed;
    }
}
