using System.Globalization;
using System.Management.Automation;
using AwsPatch.Aws;
using AwsPatch.Compliance;
using AwsPatch.Rollouts;

namespace AwsPatch.Bench;

/// <summary>
/// Issue 14's measured rollout: canary → staging → production with pre-patch snapshots, on a sandbox clock that runs
/// at a set rate of real time (so commands, reboots and snapshots take their simulated time while the module polls on
/// real time). Figures: API calls against the minimum per phase; wall time against the simulated time AWS was busy
/// (snapshot sets pending, invocations from send to end, reboots included), whose difference is the orchestration;
/// the time from a wave's last result to the next wave's first send; peak heap. Simulated times come from the
/// sandbox's own timestamps (snapshot StartTime/CompletedTime, invocation RequestedDateTime/ResponseFinishDateTime),
/// mapped to real time through the clock rate. The same for a single run, to compare with the issue's figures.
/// </summary>
internal static class RolloutBench
{
    /// <param name="waves">Instances per wave, canary first.</param>
    /// <param name="clockRate">Simulated seconds per real second.</param>
    /// <param name="pollSeconds">The poll interval in simulated seconds (what -PollIntervalSeconds would be on AWS); the module gets it divided by the rate.</param>
    /// <param name="latencyMs">Added latency per call.</param>
    /// <param name="buckets">Start the sandbox with <c>--aws-buckets</c>: EC2's documented request buckets and its assumed SSM ones (40 burst, 20 a second for reads).</param>
    /// <param name="snapshotFirst">Pre-patch snapshots (false: <c>-SkipSnapshot</c>, the orchestration alone in a fraction of the time).</param>
    public static async Task RunAsync(int[] waves, double clockRate, double pollSeconds, int latencyMs, bool buckets = false, bool snapshotFirst = true)
    {
        var total = waves.Sum();
        var (generated, fleet) = BenchFleet.Running(total + 10, managedOnline: true);
        await using var sandbox = await StartAsync(generated, clockRate, buckets);
        using var host = new BenchHost(sandbox.Endpoint);
        var ids = fleet.Take(total).Select(i => i.InstanceId).ToArray();
        var poll = Poll(pollSeconds, clockRate);
        host.SetVariable("warm", fleet.Skip(total).Select(i => i.InstanceId).ToArray());
        host.Run($"$warm | Invoke-PatchRun @aws -Operation Install -Wait -Force -PollIntervalSeconds {poll}");   // warm-up: JIT, SDK start-up
        await sandbox.SetLatencyAsync(latencyMs);

        var names = new[] { WavePlanner.CanaryName, "staging", "production" };
        var plan = new PatchRolloutPlan
        {
            Region = "us-east-1",
            Waves = waves.Select((n, i) => new PatchRolloutWave
            {
                Wave = i + 1,
                Name = i < names.Length ? names[i] : $"wave{i + 1}",
                InstanceIds = ids.Skip(waves.Take(i).Sum()).Take(n).ToArray(),
            }).ToArray(),
        };
        host.SetVariable("plan", plan);
        await sandbox.ResetCountersAsync();

        var lastResult = new Dictionary<int, TimeSpan>();
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        string? rolloutId = null;
        void Observe(PSObject result)
        {
            if (result.BaseObject is not PatchRolloutResult r) return;
            rolloutId ??= r.RolloutId;
            lastResult[r.Wave] = host.Clock.Elapsed;
            statuses[r.Status] = statuses.GetValueOrDefault(r.Status) + 1;
        }
        var m = host.Run($"$plan | Invoke-PatchRollout @aws -Force -PollIntervalSeconds {poll}{(snapshotFirst ? string.Empty : " -SkipSnapshot")}", Observe);
        var wall = m.Elapsed;
        var simulatedEnd = await sandbox.ClockAsync();
        var counts = await sandbox.CountersAsync();
        TimeSpan RealOf(DateTime simulated) => wall - TimeSpan.FromSeconds((simulatedEnd - simulated).TotalSeconds / clockRate);

        Console.WriteLine($"Invoke-PatchRollout: {string.Join(" -> ", plan.Waves.Select(w => $"{w.Name} {w.InstanceCount:N0}"))} ({total:N0} instances in us-east-1), {(snapshotFirst ? "pre-patch snapshots" : "no snapshots (-SkipSnapshot)")}, "
            + $"RebootIfNeeded{(buckets ? "; AWS request buckets on (--aws-buckets)" : string.Empty)}; sandbox clock at {clockRate:0.#}x real time, poll every {pollSeconds:0.#} simulated s ({poll} s real), {latencyMs} ms added latency per call");
        Console.WriteLine($"  objects            {m.Objects:N0} results ({string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:N0}"))}); errors {m.Errors}");
        if (rolloutId == null)
            return;

        // What AWS did, in simulated time, read back once the rollout is over (not counted above).
        var phases = new List<WavePhases>();
        foreach (var wave in plan.Waves)
        {
            var runId = RolloutIds.WaveRunId(rolloutId, wave.Wave);
            var snapshots = host.Collect<PatchSnapshot>($"Get-PatchSnapshot @aws -RunId {runId}")
                .Where(s => s.StartTime != null && s.CompletedTime != null).Select(s => (s.StartTime!.Value, s.CompletedTime!.Value)).ToList();
            var installs = host.Collect<PatchRunResult>($"Wait-PatchRun @aws -RunId {runId} -PollIntervalSeconds 0.1");
            var scans = host.Collect<PatchRunResult>($"Wait-PatchRun @aws -RunId {RolloutIds.ScanRunId(rolloutId, wave.Wave)} -PollIntervalSeconds 0.1");
            phases.Add(new WavePhases(wave, snapshots, Intervals(installs), Intervals(scans), installs.Select(r => r.RequestedAt).Min()));
        }

        var sends = counts.Calls("ssm:SendCommand");
        var minimumSends = 2 * plan.Waves.Sum(w => Batches(w.InstanceCount));   // install and gate scan
        Console.WriteLine($"  snapshot phase     ec2:CreateSnapshots {counts.Calls("ec2:CreateSnapshots"):N0} (minimum {total:N0}, one per instance), ec2:DescribeSnapshots {counts.Calls("ec2:DescribeSnapshots")}");
        Console.WriteLine($"  install + scan     ssm:SendCommand {sends} (minimum {minimumSends} = install and gate scan, ceil(n / {RunCommandLimits.InstanceIdsPerSend}) per wave), "
            + $"ssm:ListCommandInvocations {counts.Calls("ssm:ListCommandInvocations")} ({counts.Calls("ssm:ListCommandInvocations") / (double)minimumSends:0.0} per command; minimum 1)");
        Console.WriteLine($"  checks and gates   ec2:DescribeInstances {counts.Calls("ec2:DescribeInstances")}, ssm:DescribeInstanceInformation {counts.Calls("ssm:DescribeInstanceInformation")}, "
            + $"ec2:DescribeInstanceStatus {counts.Calls("ec2:DescribeInstanceStatus")}, ssm:DescribeInstancePatchStates {counts.Calls("ssm:DescribeInstancePatchStates")}, ssm:ListCommands {counts.Calls("ssm:ListCommands")}");
        // Every instance's installed patches are read once: the first wave's (with its canary's) for the tested set, each
        // later wave's for its TestedSet gate. One instance a call, pages of ComplianceService.PageSize (the model's maximum).
        var installedPages = ids.Sum(id => (InstalledAfterInstall(id) + ComplianceService.PageSize - 1) / ComplianceService.PageSize);
        Console.WriteLine($"  tested set + gate  ssm:DescribeInstancePatches {counts.Calls("ssm:DescribeInstancePatches"):N0} (minimum {installedPages:N0} = each instance's installed patches once, "
            + $"{ComplianceService.PageSize} a page), {ComplianceService.PatchReadsInFlight} in flight");
        Console.WriteLine($"  all calls          {counts.Operations.Values.Sum():N0} ({string.Join(", ", counts.Operations.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))})");

        if (counts.TotalThrottled > 0)
            Console.WriteLine($"  throttled          {counts.TotalThrottled:N0} answers ({string.Join(", ", counts.ThrottledAnswers.Select(p => $"{p.Key} {p.Value}"))})");

        // The floor of a wave past its snapshots: its longest install (with its reboot), then its longest gate scan.
        var snapshotSpans = TimeSpan.Zero;
        var commandWork = TimeSpan.Zero;
        foreach (var p in phases)
        {
            var snapshotSpan = p.Snapshots.Count == 0 ? TimeSpan.Zero : p.Snapshots.Max(s => s.End) - p.Snapshots.Min(s => s.Start);
            var floor = Longest(p.Installs) + Longest(p.Scans);
            snapshotSpans += Real(snapshotSpan, clockRate);
            commandWork += Real(floor, clockRate);
            Console.WriteLine($"  wave {p.Wave.Wave} {p.Wave.Name,-10} snapshots {Seconds(snapshotSpan)} simulated s (first create to last completed; longest set {Seconds(Longest(p.Snapshots))} s), "
                + $"install {Seconds(Longest(p.Installs))} s + gate scan {Seconds(Longest(p.Scans))} s per instance at most (invocations busy {Seconds(Union(p.Installs.Concat(p.Scans)))} s, union)");
        }
        for (var i = 0; i + 1 < phases.Count; i++)
        {
            var next = phases[i + 1];
            if (!lastResult.TryGetValue(phases[i].Wave.Wave, out var last) || next.FirstSend == null)
                continue;
            var snapshotSpan = next.Snapshots.Count == 0 ? TimeSpan.Zero : Real(next.Snapshots.Max(s => s.End) - next.Snapshots.Min(s => s.Start), clockRate);
            Console.WriteLine($"  wave {i + 1} -> {i + 2}        {(RealOf(next.FirstSend.Value) - last).TotalMilliseconds:N0} ms real from the last result of wave {i + 1} to the first send of wave {i + 2}, "
                + $"of which {snapshotSpan.TotalMilliseconds:N0} ms its snapshots (simulated, at {clockRate:0.#}x)");
        }
        var rest = wall - snapshotSpans;
        Console.WriteLine($"  wall time          {wall.TotalMilliseconds:N0} ms; snapshot phases {snapshotSpans.TotalMilliseconds:N0} ms (creates paced to EC2's CreateSnapshots bucket on real time, sets pending on simulated time); "
            + $"the rest {rest.TotalMilliseconds:N0} ms against {commandWork.TotalMilliseconds:N0} ms of simulated install, reboot and scan (each wave's longest): orchestration overhead {Percent(rest - commandWork, commandWork)} at {clockRate:0.#}x; load average {LoadAverage()}");
        Console.WriteLine($"  peak managed heap  {m.PeakMiB} above baseline");
    }

    /// <summary>Invoke-PatchRun -Operation Install -Wait on the same rate clock: wall time against the simulated command time.</summary>
    public static async Task RunSingleAsync(int instances, double clockRate, double pollSeconds, int latencyMs)
    {
        var (generated, fleet) = BenchFleet.Running(instances + 10, managedOnline: true);
        await using var sandbox = await StartAsync(generated, clockRate);
        using var host = new BenchHost(sandbox.Endpoint);
        var poll = Poll(pollSeconds, clockRate);
        host.SetVariable("warm", fleet.Skip(instances).Select(i => i.InstanceId).ToArray());
        host.SetVariable("ids", fleet.Take(instances).Select(i => i.InstanceId).ToArray());
        host.Run($"$warm | Invoke-PatchRun @aws -Operation Install -Wait -Force -PollIntervalSeconds {poll}");
        await sandbox.SetLatencyAsync(latencyMs);
        await sandbox.ResetCountersAsync();

        var results = new List<PatchRunResult>();
        var m = host.Run($"$ids | Invoke-PatchRun @aws -Operation Install -Wait -Force -PollIntervalSeconds {poll}", r => { if (r.BaseObject is PatchRunResult result) results.Add(result); });
        var counts = await sandbox.CountersAsync();
        var work = Real(Longest(Intervals(results)), clockRate);   // the floor: every instance at once, the longest one
        Console.WriteLine($"Invoke-PatchRun -Operation Install -Wait: {instances:N0} instances, sandbox clock at {clockRate:0.#}x real time, poll every {pollSeconds:0.#} simulated s ({poll} s real), {latencyMs} ms added latency per call");
        Console.WriteLine($"  objects            {m.Objects:N0} results ({results.Count(r => r.Status == "Success"):N0} Success); errors {m.Errors}; "
            + $"ssm:SendCommand {counts.Calls("ssm:SendCommand")} (minimum {Batches(instances)}), ssm:ListCommandInvocations {counts.Calls("ssm:ListCommandInvocations")}");
        Console.WriteLine($"  wall time          {m.Elapsed.TotalMilliseconds:N0} ms against the longest instance's {Seconds(Longest(Intervals(results)))} simulated s ({work.TotalMilliseconds:N0} ms real; invocations busy {Seconds(Union(Intervals(results)))} s, union): "
            + $"orchestration overhead {Percent(m.Elapsed - work, work)} at {clockRate:0.#}x; peak managed heap {m.PeakMiB}; load average {LoadAverage()}");
    }

    /// <summary>An instance's Installed patches once an install ran: the seeded catalog's installed and missing ones (the sandbox's fleet generator).</summary>
    private static int InstalledAfterInstall(string instanceId) =>
        AwsPatch.Sandbox.InstancePatchState.SeededInstalledCount(instanceId) + AwsPatch.Sandbox.InstancePatchState.SeededMissingCount(instanceId);

    /// <summary>The machine's 1-minute load average (Linux), for figures measured on a shared machine.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static Task<SandboxProcess> StartAsync(int generated, double clockRate, bool buckets = false) =>
        SandboxProcess.StartAsync(new[] { "--instances", generated.ToString(CultureInfo.InvariantCulture), "--regions", "us-east-1",
            "--clock-rate", clockRate.ToString(CultureInfo.InvariantCulture) }.Concat(buckets ? new[] { "--aws-buckets" } : []).ToArray());

    private static string Poll(double pollSeconds, double clockRate) => (pollSeconds / clockRate).ToString("0.####", CultureInfo.InvariantCulture);

    private static int Batches(int instances) => (instances + RunCommandLimits.InstanceIdsPerSend - 1) / RunCommandLimits.InstanceIdsPerSend;

    private static List<(DateTime Start, DateTime End)> Intervals(IEnumerable<PatchRunResult> results) =>
        results.Where(r => r.RequestedAt != null && r.CompletedAt != null).Select(r => (r.RequestedAt!.Value, r.CompletedAt!.Value)).ToList();

    private static TimeSpan Longest(IReadOnlyCollection<(DateTime Start, DateTime End)> intervals) =>
        intervals.Count == 0 ? TimeSpan.Zero : intervals.Max(i => i.End - i.Start);

    /// <summary>How long at least one of the intervals was open.</summary>
    private static TimeSpan Union(IEnumerable<(DateTime Start, DateTime End)> intervals)
    {
        var total = TimeSpan.Zero;
        DateTime? start = null, end = null;
        foreach (var (s, e) in intervals.OrderBy(i => i.Start))
        {
            if (end == null || s > end)
            {
                if (end != null) total += end.Value - start!.Value;
                (start, end) = (s, e);
            }
            else if (e > end)
            {
                end = e;
            }
        }
        return end == null ? total : total + (end.Value - start!.Value);
    }

    private static TimeSpan Real(TimeSpan simulated, double clockRate) => TimeSpan.FromSeconds(simulated.TotalSeconds / clockRate);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);

    private static string Percent(TimeSpan part, TimeSpan whole) => whole <= TimeSpan.Zero ? "n/a" : $"{part / whole:P1}";

    private sealed record WavePhases(PatchRolloutWave Wave, List<(DateTime Start, DateTime End)> Snapshots, List<(DateTime Start, DateTime End)> Installs,
        List<(DateTime Start, DateTime End)> Scans, DateTime? FirstSend);
}
