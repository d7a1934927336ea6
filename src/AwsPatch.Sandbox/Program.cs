using System.Runtime.InteropServices;
using AwsPatch.Sandbox;

// Standalone: dotnet run --project src/AwsPatch.Sandbox -- --port 4566 [...] (see SandboxCommandLine.Usage)
SandboxCommandLine commandLine;
try
{
    commandLine = SandboxCommandLine.Parse(args, DateTime.UtcNow);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}
if (commandLine.ShowHelp)
{
    Console.WriteLine(SandboxCommandLine.Usage);
    return 0;
}

await using var server = await SandboxServer.StartAsync(commandLine.Options);
if (commandLine.LatencyMs > 0) server.Faults.Default.LatencyMs = commandLine.LatencyMs;
// Snapshots and commands progress with simulated time: the rate moves it by itself; this step also moves it on every request.
if (commandLine.SecondsPerRequest > 0) server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(commandLine.SecondsPerRequest);

var endpoint = server.Endpoint.ToString().TrimEnd('/');
Console.WriteLine($"AwsPatch sandbox listening on {endpoint} ({server.State.Instances.Count} instances in {string.Join(", ", server.State.Regions)}, {server.Inspector2.Findings.Count} Inspector findings; EC2, SSM, Inspector2 and STS; accounts {string.Join(", ", server.Accounts.Ids)}, each with a role {SandboxAccounts.DefaultRoleName}).");
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
Console.WriteLine(commandLine.ClockDescription(server.State.ClockStart));
Console.WriteLine(server.Credentials.Strict
    ? "Authentication is strict: SigV4 signatures are verified (key AKIASANDBOXEXAMPLE / sandbox-secret, 15-minute clock window)."
    : "Authentication is permissive: any signed request is accepted, whatever its key (--strict-auth verifies signatures as AWS does).");
if (server.Consistency.Enabled)
    Console.WriteLine($"Eventual consistency: new commands, snapshots and restore tasks are invisible for {server.Consistency.InvisiblePolls} read(s); list pages are short.");
Console.WriteLine(commandLine.Options.PatchScanned
    ? "Patch states: every managed instance starts scanned (--scanned)."
    : "Patch states: none yet; run Invoke-PatchRun -Operation Scan -Wait first, or restart with --scanned.");
Console.WriteLine();
Console.WriteLine($"Control API: {endpoint}/_sandbox/counters, /_sandbox/faults, POST /_sandbox/reset, GET /_sandbox/clock,");
Console.WriteLine("  POST /_sandbox/clock/advance?seconds=N, POST /_sandbox/clock/rate?value=N (0 freezes the clock)");
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
