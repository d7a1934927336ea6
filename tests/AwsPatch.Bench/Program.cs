using AwsPatch.Bench;

// dotnet run -c Release --project tests/AwsPatch.Bench -- [all|instances|findings|snapshots|snapshots-bucket|runs|faults|compliance] [--instances N] [--findings N] [--latency-ms N] [--no-cli] [--snapshot-instances N] [--run-instances N] [--throttle-percent N] [--no-snapshot-first]
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
}

var latency = Option("--latency-ms", 20);
if (scenario is "instances" or "all")
{
    foreach (var n in new[] { Option("--instances", 10_000) })
        await InstancesBench.RunAsync(n, latency);
}

if (scenario is "findings" or "all")
{
    var findings = Option("--findings", 100_000);
    // Memory must stay flat as the total grows: run a tenth of the total first, then the total.
    await FindingsBench.RunAsync(Option("--finding-instances", 2_000), [findings / 10, findings], latency, withCli: !args.Contains("--no-cli"));
}

if (scenario is "snapshots" or "all")
    await SnapshotsBench.RunAsync(Option("--snapshot-instances", 1_000), latency);

// EC2's documented CreateSnapshots bucket on real time: about 3 minutes for 1,000 instances by design.
if (scenario is "snapshots-bucket" or "all")
    await SnapshotsBench.RunBucketAsync(Option("--snapshot-instances", 1_000));

if (scenario is "runs" or "all")
{
    // Install runs 92 simulated seconds; with -SnapshotFirst a bigger clock step keeps the snapshot wait short.
    await RunsBench.RunAsync(Option("--run-instances", 1_000), latency, Option("--throttle-percent", 5) / 100.0, snapshotFirst: false, secondsPerRequest: 1);
    if (!args.Contains("--no-snapshot-first"))
        await RunsBench.RunAsync(Option("--run-instances", 1_000), latency, Option("--throttle-percent", 5) / 100.0, snapshotFirst: true, secondsPerRequest: 30);
}

// Issue 11: 30 % throttling and 10 % 5xx on every operation; nothing lost, nothing sent twice.
if (scenario is "faults" or "all")
    await FaultsBench.RunAsync(Option("--run-instances", 1_000), Option("--throttle-percent", 30) / 100.0, Option("--server-error-percent", 10) / 100.0);

if (scenario is "compliance" or "all")
    await ComplianceBench.RunAsync(Option("--instances", 10_000), latency, withCli: !args.Contains("--no-cli"));
