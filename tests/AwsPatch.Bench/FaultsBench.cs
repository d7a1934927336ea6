using System.Globalization;
using System.Management.Automation;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace AwsPatch.Bench;

/// <summary>
/// Issue 11's fault case: Invoke-PatchRun -Operation Install -SnapshotFirst -Wait over generated managed instances
/// with every operation answering 30 % throttling and 10 % 5xx. Prints instances in, results out, errors out,
/// duplicates sent (instances that got more than one Install command: must be 0), lost (instances in neither the
/// output nor an error: must be 0) and wall time.
/// </summary>
internal static class FaultsBench
{
    private const double PollSeconds = 0.3;

    public static async Task RunAsync(int instances, double throttleRate, double serverErrorRate)
    {
        var (generated, fleet) = BenchFleet.Running(instances, managedOnline: true);
        await using var sandbox = await SandboxProcess.StartAsync("--instances", generated.ToString(CultureInfo.InvariantCulture), "--regions", "us-east-1",
            "--seconds-per-request", "30");
        using var host = new BenchHost(sandbox.Endpoint);
        var ids = fleet.Select(i => i.InstanceId).ToArray();
        host.SetVariable("ids", ids);
        host.Run("Get-PatchInstance @aws -InstanceId $ids[0..9]");   // warm-up that sends no command
        await sandbox.SetDefaultFaultsAsync(throttleRate, serverErrorRate);
        await sandbox.ResetCountersAsync();

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(string? id)
        {
            if (id != null) seen[id] = seen.GetValueOrDefault(id) + 1;
        }
        long results = 0, errors = 0, succeeded = 0;
        string? terminating = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            host.Run($"$ids | Invoke-PatchRun @aws -Operation Install -SnapshotFirst -Force -Wait -PollIntervalSeconds {PollSeconds.ToString(CultureInfo.InvariantCulture)}",
                o =>
                {
                    results++;
                    if (o.Properties["Status"]?.Value as string == "Success") succeeded++;
                    Count(o.Properties["InstanceId"]?.Value as string);
                },
                observeError: e => { errors++; Count(TargetId(e)); });
        }
        catch (RuntimeException ex)
        {
            terminating = ex.Message;
        }
        clock.Stop();
        var counts = await sandbox.CountersAsync();
        await sandbox.SetDefaultFaultsAsync(0, 0);
        var sends = await InstallsPerInstanceAsync(sandbox.Endpoint);

        Console.WriteLine($"Invoke-PatchRun -Operation Install -SnapshotFirst -Wait: {instances:N0} managed instances in us-east-1, "
            + $"{throttleRate:P0} throttling and {serverErrorRate:P0} 5xx on every operation");
        Console.WriteLine($"  instances in       {instances:N0}");
        Console.WriteLine($"  results out        {results:N0} ({succeeded:N0} Success)");
        Console.WriteLine($"  errors out         {errors:N0}{(terminating is null ? "" : $" (and a terminating error: {terminating})")}");
        Console.WriteLine($"  duplicates sent    {sends.Count(p => p.Value > 1):N0} (must be 0)");
        Console.WriteLine($"  lost               {ids.Count(id => !seen.ContainsKey(id)):N0} (must be 0); reported twice {seen.Count(p => p.Value > 1):N0}");
        Console.WriteLine($"  calls              {counts.Operations.Values.Sum():N0} ({counts.TotalThrottled:N0} throttled answers)");
        Console.WriteLine($"  wall time          {clock.Elapsed.TotalSeconds:N1} s");
    }

    private static string? TargetId(ErrorRecord error) => error.TargetObject switch
    {
        string id => id,
        null => null,
        var other => PSObject.AsPSObject(other).Properties["InstanceId"]?.Value as string ?? other.ToString(),
    };

    /// <summary>Run Command invocations per instance, read back from the sandbox once the faults are off.</summary>
    private static async Task<Dictionary<string, int>> InstallsPerInstanceAsync(Uri endpoint)
    {
        using var ssm = new AmazonSimpleSystemsManagementClient(new BasicAWSCredentials("AKIASANDBOXEXAMPLE", "sandbox-secret"),
            new AmazonSimpleSystemsManagementConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        var perInstance = new Dictionary<string, int>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await ssm.ListCommandInvocationsAsync(new ListCommandInvocationsRequest { MaxResults = 50, NextToken = token });
            foreach (var invocation in page.CommandInvocations ?? [])
                perInstance[invocation.InstanceId] = perInstance.GetValueOrDefault(invocation.InstanceId) + 1;
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
        return perInstance;
    }
}
