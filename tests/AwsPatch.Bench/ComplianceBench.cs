using System.Diagnostics;
using System.Text.Json;

namespace AwsPatch.Bench;

/// <summary>
/// Get-PatchCompliance over a whole region of generated, scanned instances: calls against the minimum
/// (DescribeInstanceInformation pages of 50 + ceil(managed / 50) DescribeInstancePatchStates), wall time, time to
/// first object and peak heap, beside the AWS CLI doing the same as a script would: one describe-instance-patch-states
/// per 50 ids.
/// </summary>
internal static class ComplianceBench
{
    private const int IdsPerCall = 50;

    public static async Task RunAsync(int instances, int latencyMs, bool withCli)
    {
        // One region, every managed instance scanned; the sandbox runs in its own process.
        await using var sandbox = await SandboxProcess.StartAsync("--instances", instances.ToString(), "--regions", "us-east-1", "--scanned", "--clock-start", "now");
        using var host = new BenchHost(sandbox.Endpoint);
        host.Run("Get-PatchCompliance @aws -State Compliant");   // warm-up: JIT of the whole path, SDK start-up
        await sandbox.SetLatencyAsync(latencyMs);

        await sandbox.ResetCountersAsync();
        var m = host.Run("Get-PatchCompliance @aws");
        var stateCalls = await sandbox.CountAsync("ssm:DescribeInstancePatchStates");
        var infoCalls = await sandbox.CountAsync("ssm:DescribeInstanceInformation");
        var managed = m.Objects;
        var minimumStates = (managed + IdsPerCall - 1) / IdsPerCall;
        var minimumInfo = Math.Max(1, (managed + IdsPerCall - 1) / IdsPerCall);

        Console.WriteLine($"Get-PatchCompliance: whole region, {instances:N0} generated instances ({managed:N0} managed, all scanned), {latencyMs} ms added latency per call");
        Console.WriteLine($"  objects                          {m.Objects:N0} (errors {m.Errors})");
        Console.WriteLine($"  DescribeInstancePatchStates      {stateCalls:N0} (minimum ceil({managed:N0}/50) = {minimumStates:N0})");
        Console.WriteLine($"  DescribeInstanceInformation      {infoCalls:N0} (minimum {minimumInfo:N0} pages of 50)");
        Console.WriteLine($"  first object                     {m.FirstObject?.TotalMilliseconds:N0} ms");
        Console.WriteLine($"  wall time                        {m.Elapsed.TotalMilliseconds:N0} ms, {m.PerSecond:N0} instances/s");
        Console.WriteLine($"  peak managed heap                {m.PeakMiB} above baseline");
        if (withCli)
        {
            var cli = await CliAsync(sandbox.Endpoint);
            if (cli is { } c)
                Console.WriteLine($"  AWS CLI                          {c.Elapsed.TotalMilliseconds:N0} ms for {c.States:N0} states in {c.Invocations:N0} invocations (AwsPatch is {c.Elapsed / m.Elapsed:0.0}x faster)");
        }
    }

    /// <summary>As a script would: list the managed ids once, then describe-instance-patch-states 50 ids per invocation.</summary>
    private static async Task<(TimeSpan Elapsed, int States, int Invocations)?> CliAsync(Uri endpoint)
    {
        var clock = Stopwatch.StartNew();
        var listed = await AwsAsync(endpoint, "ssm", "describe-instance-information", "--query", "InstanceInformationList[].InstanceId");
        if (listed is null) return null;
        var ids = JsonSerializer.Deserialize<List<string>>(listed)!;
        var states = 0;
        var invocations = 1;
        foreach (var chunk in ids.Chunk(IdsPerCall))
        {
            var output = await AwsAsync(endpoint, ["ssm", "describe-instance-patch-states", "--query", "length(InstancePatchStates)", "--instance-ids", .. chunk]);
            if (output is null) return null;
            states += int.Parse(output.Trim());
            invocations++;
        }
        return (clock.Elapsed, states, invocations);
    }

    private static async Task<string?> AwsAsync(Uri endpoint, params string[] arguments)
    {
        if (await AwsCliProcess.RunAsync(endpoint, arguments) is not { } run)
            return null;
        if (run.ExitCode == 0)
            return run.Output;
        Console.WriteLine($"  AWS CLI failed ({run.ExitCode}): {run.Error.Trim()}");
        return null;
    }
}
