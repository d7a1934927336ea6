using System.Globalization;
using System.Management.Automation;
using AwsPatch.Aws;

namespace AwsPatch.Bench;

/// <summary>
/// Invoke-PatchRun -Operation Install -Wait over generated managed instances with added latency and injected SSM
/// throttling: SendCommand and ListCommandInvocations calls against the minimum, pre-check calls, throttled answers
/// the SDK retried, whether every instance reached a terminal status, wall time beyond the poll sleeps, peak heap.
/// Optionally again with -SnapshotFirst, to see what the snapshot gate adds.
/// </summary>
internal static class RunsBench
{
    private const double PollSeconds = 0.3;   // above the progress writer's 250 ms throttle: one parent record per poll cycle
    private const int ProgressId = 0x5A71;    // Invoke-PatchRun's activity id

    private static readonly string[] ThrottledOperations =
        ["ssm:SendCommand", "ssm:ListCommandInvocations", "ssm:DescribeInstanceInformation", "ssm:ListCommands"];

    /// <param name="instances">Managed, running, agent-Online instances to patch.</param>
    /// <param name="latencyMs">Added latency per call.</param>
    /// <param name="throttleRate">Share of calls (0..1) to each SSM operation answered with ThrottlingException.</param>
    /// <param name="snapshotFirst">Add -SnapshotFirst.</param>
    /// <param name="secondsPerRequest">Simulated seconds each AWS request moves the sandbox clock (an install runs 2 s + 90 s).</param>
    public static async Task RunAsync(int instances, int latencyMs, double throttleRate, bool snapshotFirst, int secondsPerRequest)
    {
        var (generated, fleet) = BenchFleet.Running(instances, managedOnline: true);
        await using var sandbox = await SandboxProcess.StartAsync("--instances", generated.ToString(CultureInfo.InvariantCulture), "--regions", "us-east-1",
            "--seconds-per-request", secondsPerRequest.ToString(CultureInfo.InvariantCulture));
        using var host = new BenchHost(sandbox.Endpoint);
        host.SetVariable("ids", fleet.Select(i => i.InstanceId).ToArray());
        var options = (snapshotFirst ? "-SnapshotFirst " : "") + $"-PollIntervalSeconds {PollSeconds.ToString(CultureInfo.InvariantCulture)}";
        host.Run($"$ids[0..9] | Invoke-PatchRun @aws -Operation Install -Wait -Force {options}");   // warm-up: JIT, SDK start-up
        await sandbox.SetFaultsAsync(latencyMs, ThrottledOperations.ToDictionary(o => o, _ => throttleRate));

        await sandbox.ResetCountersAsync();
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        var terminal = 0;
        void Observe(PSObject result)
        {
            var status = result.Properties["Status"]?.Value as string ?? "(none)";
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (result.Properties["IsComplete"]?.Value is true) terminal++;
        }
        static bool IsPollCycle(ProgressRecord r) =>
            r.ActivityId == ProgressId && r.ParentActivityId < 0 && r.RecordType == ProgressRecordType.Processing
            && r.Activity.StartsWith("Invoke-PatchRun run-", StringComparison.Ordinal);
        var m = host.Run($"$ids | Invoke-PatchRun @aws -Operation Install -Wait -Force {options}", Observe, IsPollCycle);
        var counts = await sandbox.CountersAsync();

        var cycles = m.CountedProgress;
        var sends = counts.Calls("ssm:SendCommand");
        var lists = counts.Calls("ssm:ListCommandInvocations");
        var listsAnswered = lists - counts.Throttled("ssm:ListCommandInvocations");
        var minimumSends = (instances + RunCommandLimits.InstanceIdsPerSend - 1) / RunCommandLimits.InstanceIdsPerSend;
        var sleeping = TimeSpan.FromSeconds(cycles * PollSeconds);

        Console.WriteLine($"Invoke-PatchRun -Operation Install -Wait{(snapshotFirst ? " -SnapshotFirst" : "")}: {instances:N0} managed instances in us-east-1, {latencyMs} ms added latency per call, "
            + $"{throttleRate:P0} throttling on {string.Join(", ", ThrottledOperations)}, poll every {PollSeconds} s, sandbox clock +{secondsPerRequest} s per request");
        Console.WriteLine($"  objects            {m.Objects:N0} results, {terminal:N0} terminal ({string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:N0}"))}); errors {m.Errors}");
        Console.WriteLine($"  SendCommand        {sends} calls, {sends - counts.Throttled("ssm:SendCommand")} answered (minimum {minimumSends} = ceil({instances:N0} / {RunCommandLimits.InstanceIdsPerSend}))");
        Console.WriteLine($"  ListCommandInvoc.  {lists} calls, {listsAnswered} answered over {cycles} poll cycles (counted from the run's per-cycle progress record): "
            + $"{(cycles == 0 ? 0 : listsAnswered / (double)cycles):0.0} per cycle; at most {minimumSends} per cycle = one page of {RunCommandLimits.PageSize} per unfinished command");
        Console.WriteLine($"  pre-check          ec2:DescribeInstances {counts.Calls("ec2:DescribeInstances")}, ssm:DescribeInstanceInformation {counts.Calls("ssm:DescribeInstanceInformation")} "
            + $"({counts.Throttled("ssm:DescribeInstanceInformation")} throttled); minimum {(instances + 199) / 200} and {minimumSends} (200 ids a filter, 50 ids an SSM call)");
        if (snapshotFirst)
            Console.WriteLine($"  snapshot gate      ec2:CreateSnapshots {counts.Calls("ec2:CreateSnapshots")} (minimum {instances:N0}), ec2:DescribeSnapshots {counts.Calls("ec2:DescribeSnapshots")}");
        Console.WriteLine($"  throttled          {counts.TotalThrottled} answers ({string.Join(", ", counts.ThrottledAnswers.Select(p => $"{p.Key} {p.Value}"))}), "
            + $"{(m.Errors == 0 ? "all retried by the SDK" : "see the errors above")}");
        Console.WriteLine($"  all calls          {counts.Operations.Values.Sum():N0} ({string.Join(", ", counts.Operations.Select(p => $"{p.Key} {p.Value}"))})");
        // A snapshot wait sleeps once per poll cycle, and a cycle makes one DescribeSnapshots call per 1,000 snapshots of the run
        // so far: the describe count bounds those sleeps from above.
        var snapshotSleeps = TimeSpan.FromSeconds(counts.Calls("ec2:DescribeSnapshots") * PollSeconds);
        Console.WriteLine($"  wall time          {m.Elapsed.TotalMilliseconds:N0} ms, of which {sleeping.TotalMilliseconds:N0} ms run poll sleeps"
            + (snapshotFirst ? $" and at most {snapshotSleeps.TotalMilliseconds:N0} ms snapshot poll sleeps: orchestration at least {(m.Elapsed - sleeping - snapshotSleeps).TotalMilliseconds:N0} ms; "
                : $": orchestration {(m.Elapsed - sleeping).TotalMilliseconds:N0} ms; ")
            + $"first object after {m.FirstObject?.TotalMilliseconds:N0} ms");
        Console.WriteLine($"  peak managed heap  {m.PeakMiB} above baseline");
    }
}
