using AwsPatch.Sandbox;

namespace AwsPatch.Bench;

/// <summary>
/// Get-PatchInstance over a generated fleet: calls against the minimum (one DescribeInstances page per 1,000
/// instances plus one DescribeInstanceInformation per 50), wall time under added latency, peak managed memory.
/// </summary>
internal static class InstancesBench
{
    public static async Task RunAsync(int instances, int latencyMs)
    {
        // The sandbox runs in its own process, so the heap figure is the module's alone; the same deterministic
        // fleet generated here says what it serves.
        await using var sandbox = await SandboxProcess.StartAsync("--instances", instances.ToString());
        var inRegion = FleetGenerator.Generate(instances).Instances.Where(i => i.Region == "us-east-1").ToList();
        var managed = inRegion.Count(i => i.Ssm != null);
        var pages = (inRegion.Count + 999) / 1000;
        // SSM is asked per EC2 page, 50 ids a call.
        var minimumSsm = Enumerable.Range(0, pages).Sum(p => (Math.Min(1000, inRegion.Count - p * 1000) + 49) / 50);

        using var host = new BenchHost(sandbox.Endpoint);
        host.Run("Get-PatchInstance @aws -InstanceId i-0123456789abcdef0 -ErrorAction SilentlyContinue");  // warm-up: JIT, SDK start-up
        await SdkFloor.InstancesAsync(sandbox.Endpoint);  // warm-up of the floor itself
        await sandbox.SetLatencyAsync(latencyMs);
        await sandbox.ResetCountersAsync();
        var m = host.Run("Get-PatchInstance @aws");
        var ec2 = await sandbox.CountAsync("ec2:DescribeInstances");
        var ssm = await sandbox.CountAsync("ssm:DescribeInstanceInformation");

        Console.WriteLine($"Get-PatchInstance: {instances:N0} generated instances, {inRegion.Count:N0} in us-east-1 ({managed:N0} SSM-managed), {latencyMs} ms added latency per call");
        Console.WriteLine($"  objects            {m.Objects:N0} (errors {m.Errors})");
        Console.WriteLine($"  ec2 calls          {ec2} (minimum {pages})");
        Console.WriteLine($"  ssm calls          {ssm} (minimum {minimumSsm})");
        Console.WriteLine($"  wall time          {m.Elapsed.TotalMilliseconds:N0} ms; first object after {m.FirstObject?.TotalMilliseconds:N0} ms");
        Console.WriteLine($"  throughput         {m.PerSecond:N0} instances/s");
        Console.WriteLine($"  peak managed heap  {m.PeakMiB} above baseline");
        var floor = await SdkFloor.InstancesAsync(sandbox.Endpoint);
        Console.WriteLine($"  ratio to floor     {m.Elapsed / floor:0.00}x");

        // An id list in one -InstanceId, as a rollout's checks ask for a 900-instance wave: five batches of 200.
        var ids = inRegion.Take(900).Select(i => i.InstanceId).ToList();
        await sandbox.ResetCountersAsync();
        var byId = host.Run("Get-PatchInstance @aws -InstanceId " + string.Join(",", ids));
        Console.WriteLine($"  by id              {ids.Count:N0} ids in one -InstanceId: {byId.Elapsed.TotalMilliseconds:N0} ms for {byId.Objects:N0} objects (errors {byId.Errors}); "
            + $"ec2 calls {await sandbox.CountAsync("ec2:DescribeInstances")}, ssm calls {await sandbox.CountAsync("ssm:DescribeInstanceInformation")}");
    }
}
