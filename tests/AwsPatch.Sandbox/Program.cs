using System.Globalization;
using System.Runtime.InteropServices;
using AwsPatch.Sandbox;

// The lifecycle demo: dotnet run --project tests/AwsPatch.Sandbox -- demo [report.html]
if (args.Length > 0 && args[0] == "demo")
{
    var report = args.Length > 1 ? Path.GetFullPath(args[1]) : Path.Combine(Environment.CurrentDirectory, "out", "demo", "report.html");
    return await AwsPatch.Sandbox.Demo.DemoRunner.RunAsync(Console.Out, report, terminal: !Console.IsOutputRedirected);
}

// Standalone: dotnet run --project tests/AwsPatch.Sandbox -- --port 4566 [--fleet path] [--instances N [--regions a,b]] [--findings N] [--latency-ms N] [--scanned] [--clock-start ISO|now]
int port = 4566, latencyMs = 0, secondsPerRequest = 0;
int? instances = null, findings = null;
var scanned = false;
DateTime? clockStart = null;
string? fleet = null;
string[]? regions = null;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--port": port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--fleet": fleet = Next(); break;
        case "--instances": instances = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--regions": regions = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
        case "--findings": findings = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--latency-ms": latencyMs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--seconds-per-request": secondsPerRequest = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--scanned": scanned = true; break;
        case "--clock-start":
            var start = Next();
            clockStart = start == "now" ? DateTime.UtcNow
                : DateTime.Parse(start, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            break;
        case "-h" or "--help":
            Console.WriteLine("Usage: AwsPatch.Sandbox [--port 4566] [--fleet fleet.json] [--instances N [--regions us-east-1,eu-west-1]] [--findings N] [--latency-ms N] [--seconds-per-request N] [--scanned] [--clock-start 2025-06-01T12:00:00Z|now]");
            Console.WriteLine("       AwsPatch.Sandbox demo [report.html]   (the lifecycle demo, sandbox included)");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Try --help.");
            return 2;
    }
}

await using var server = await SandboxServer.StartAsync(new SandboxOptions { Port = port, FleetPath = fleet, GeneratedInstances = instances, GeneratedRegions = regions, GeneratedFindings = findings, PatchScanned = scanned, ClockStart = clockStart });
if (latencyMs > 0) server.Faults.Default.LatencyMs = latencyMs;
// Snapshots and commands progress with simulated time: let every request move it, so polling clients see progress.
if (secondsPerRequest > 0) server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(secondsPerRequest);

var endpoint = server.Endpoint.ToString().TrimEnd('/');
Console.WriteLine($"AwsPatch sandbox listening on {endpoint} ({server.State.Instances.Count} instances in {string.Join(", ", server.State.Regions)}, {server.Inspector2.Findings.Count} Inspector findings; EC2, SSM and Inspector2).");
Console.WriteLine();
Console.WriteLine("In PowerShell:");
Console.WriteLine($"  $env:AWS_ENDPOINT_URL = '{endpoint}'");
Console.WriteLine("  $env:AWS_ACCESS_KEY_ID = 'AKIASANDBOXEXAMPLE'; $env:AWS_SECRET_ACCESS_KEY = 'sandbox-secret'");
Console.WriteLine("  $env:AWS_REGION = 'us-east-1'");
Console.WriteLine("  Import-Module ./out/AwsPatch/AwsPatch.psd1; Get-PatchInstance");
Console.WriteLine();
Console.WriteLine("In a POSIX shell:");
Console.WriteLine($"  export AWS_ENDPOINT_URL={endpoint} AWS_ACCESS_KEY_ID=AKIASANDBOXEXAMPLE AWS_SECRET_ACCESS_KEY=sandbox-secret AWS_REGION=us-east-1");
Console.WriteLine();
Console.WriteLine($"Control API: {endpoint}/_sandbox/counters, /_sandbox/faults, POST /_sandbox/reset, POST /_sandbox/clock/advance?seconds=N");
Console.WriteLine("Press Ctrl+C to stop.");

var stop = new TaskCompletionSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await stop.Task;
Console.WriteLine("Sandbox stopped.");
return 0;
