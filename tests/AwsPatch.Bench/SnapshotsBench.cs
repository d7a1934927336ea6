using System.Globalization;
using AwsPatch.Sandbox;
using AwsPatch.Snapshots;

namespace AwsPatch.Bench;

/// <summary>
/// New-PatchSnapshot -Wait over generated running instances: CreateSnapshots and DescribeSnapshots calls against the
/// minimum (one create per instance, one filtered describe page per poll cycle), pre-check calls, wall time under
/// added latency with the service's bounded concurrency, first-object time, peak managed heap.
/// </summary>
internal static class SnapshotsBench
{
    /// <summary>Simulated seconds each AWS request moves the sandbox clock: snapshots take 30 s + 1 s/GiB to complete.</summary>
    private const int SecondsPerRequest = 5;
    private const double PollSeconds = 0.1;

    public static async Task RunAsync(int instances, int latencyMs)
    {
        var (generated, fleet) = BenchFleet.Running(instances, managedOnline: false);
        var snapshots = fleet.Sum(i => i.Volumes.Count);
        await using var sandbox = await SandboxProcess.StartAsync("--instances", generated.ToString(CultureInfo.InvariantCulture), "--regions", "us-east-1",
            "--seconds-per-request", SecondsPerRequest.ToString(CultureInfo.InvariantCulture));
        using var host = new BenchHost(sandbox.Endpoint);
        host.SetVariable("ids", fleet.Select(i => i.InstanceId).ToArray());
        host.Run("$ids[0..9] | New-PatchSnapshot @aws -Wait -PollIntervalSeconds 0.1");   // warm-up: JIT, SDK start-up (another run id)
        await sandbox.SetLatencyAsync(latencyMs);

        await sandbox.ResetCountersAsync();
        var m = host.Run($"$ids | New-PatchSnapshot @aws -Wait -PollIntervalSeconds {PollSeconds.ToString(CultureInfo.InvariantCulture)}");
        var counts = await sandbox.CountersAsync();
        var creates = counts.Calls("ec2:CreateSnapshots");
        var describes = counts.Calls("ec2:DescribeSnapshots");
        var lookups = counts.Calls("ec2:DescribeInstances");
        var others = counts.Operations.Where(p => p.Key is not ("ec2:CreateSnapshots" or "ec2:DescribeSnapshots" or "ec2:DescribeInstances")).Sum(p => p.Value);
        // Every snapshot of the run exists before the first poll and the filter is the run tag, so each cycle lists the
        // same number of pages: cycles = describe calls / pages per cycle (a remainder would mean an extra page somewhere).
        var pagesPerCycle = (snapshots + SnapshotService.SnapshotPageSize - 1) / SnapshotService.SnapshotPageSize;
        var cycles = describes / pagesPerCycle;
        var minimumLookups = (instances + AwsPatch.Aws.Ec2FilterBatches.MaxValuesPerCall - 1) / AwsPatch.Aws.Ec2FilterBatches.MaxValuesPerCall;
        var floor = TimeSpan.FromMilliseconds(latencyMs * (minimumLookups + Math.Ceiling(instances / (double)SnapshotService.CreatesInFlight) + describes) + cycles * PollSeconds * 1000);

        Console.WriteLine($"New-PatchSnapshot -Wait: {instances:N0} running instances ({snapshots:N0} EBS volumes) in us-east-1, {latencyMs} ms added latency per call, "
            + $"{SnapshotService.CreatesInFlight} creates in flight, poll every {PollSeconds} s, sandbox clock +{SecondsPerRequest} s per request");
        Console.WriteLine($"  objects            {m.Objects:N0} snapshot sets (errors {m.Errors})");
        Console.WriteLine($"  CreateSnapshots    {creates:N0} (minimum {instances:N0}: one per instance)");
        Console.WriteLine($"  DescribeSnapshots  {describes:N0} (minimum {cycles * pagesPerCycle:N0} = {cycles} poll cycles x {pagesPerCycle} page(s) of {SnapshotService.SnapshotPageSize:N0}"
            + (describes % pagesPerCycle == 0 ? "" : $"; {describes % pagesPerCycle} call(s) not in a whole cycle") + ")");
        Console.WriteLine($"  create + poll      {creates + describes:N0} (minimum {instances + cycles * pagesPerCycle:N0})");
        Console.WriteLine($"  pre-check          ec2:DescribeInstances {lookups} (minimum {minimumLookups}: 200 ids a filter); other calls {others}");
        Console.WriteLine($"  naive, computed    {snapshots + snapshots * cycles:N0} calls = one CreateSnapshot per volume ({snapshots:N0}) + one DescribeSnapshots per snapshot per cycle ({snapshots:N0} x {cycles})");
        Console.WriteLine($"  wall time          {m.Elapsed.TotalMilliseconds:N0} ms (latency + poll-sleep floor {floor.TotalMilliseconds:N0} ms); first object after {m.FirstObject?.TotalMilliseconds:N0} ms");
        Console.WriteLine($"  peak managed heap  {m.PeakMiB} above baseline");
    }

    /// <summary>
    /// New-PatchSnapshot -Wait over <paramref name="instances"/> on EC2's documented CreateSnapshots bucket (sandbox
    /// <c>--ec2-buckets</c>: 100 at once, then 5 a second, on real time; every signature verified, <c>--strict-auth</c>,
    /// as the sandbox clock jumps): results, errors, throttled answers and wall time against the bucket's floor.
    /// </summary>
    public static async Task RunBucketAsync(int instances)
    {
        var (generated, fleet) = BenchFleet.Running(instances, managedOnline: false);
        await using var sandbox = await SandboxProcess.StartAsync("--instances", generated.ToString(CultureInfo.InvariantCulture), "--regions", "us-east-1",
            "--seconds-per-request", SecondsPerRequest.ToString(CultureInfo.InvariantCulture), "--ec2-buckets", "--strict-auth");
        using var host = new BenchHost(sandbox.Endpoint);
        host.SetVariable("ids", fleet.Select(i => i.InstanceId).ToArray());
        host.Run("Get-PatchInstance @aws -InstanceId $ids[0..9]");   // warm-up without touching the CreateSnapshots bucket
        await sandbox.ResetCountersAsync();
        var m = host.Run($"$ids | New-PatchSnapshot @aws -Wait -PollIntervalSeconds {PollSeconds.ToString(CultureInfo.InvariantCulture)}");
        var counts = await sandbox.CountersAsync();
        var floor = TimeSpan.FromSeconds(Math.Max(0, instances - 100) / 5.0);
        Console.WriteLine($"New-PatchSnapshot -Wait on EC2's documented CreateSnapshots bucket (100 burst, 5 a second, real time): {instances:N0} running instances in us-east-1, "
            + $"{SnapshotService.CreatesInFlight} creates in flight");
        Console.WriteLine($"  instances in       {instances:N0}");
        Console.WriteLine($"  results            {m.Objects:N0} snapshot sets");
        Console.WriteLine($"  errors             {m.Errors}");
        Console.WriteLine($"  CreateSnapshots    {counts.Calls("ec2:CreateSnapshots"):N0} calls, {counts.Throttled("ec2:CreateSnapshots"):N0} throttled answers (retried, not surfaced); all throttled {counts.TotalThrottled:N0}");
        Console.WriteLine($"  wall time          {m.Elapsed.TotalSeconds:N1} s (bucket floor {floor.TotalSeconds:N0} s: 100 at once, then 5 a second)");
    }
}
