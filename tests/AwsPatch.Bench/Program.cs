using AwsPatch.Bench;

// dotnet run -c Release --project tests/AwsPatch.Bench -- [all|instances|findings|snapshots|snapshots-bucket|runs|faults|compliance|rollout|fleet] [--instances N] [--findings N] [--latency-ms N] [--no-cli] [--snapshot-instances N] [--run-instances N] [--throttle-percent N] [--no-snapshot-first] [--clock-rate N] [--poll-seconds N] [--aws-buckets] [--accounts N] [--fleet-size N]
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

// Issue 14: canary 10 -> staging 90 -> production 900 with snapshots, and a single 1,000-instance run, on a sandbox clock
// that runs at --clock-rate times real time; --poll-seconds is the poll in simulated seconds (the module's default).
if (scenario is "rollout" or "all")
{
    var rate = Option("--clock-rate", 20);
    var poll = Option("--poll-seconds", (int)AwsPatch.Commands.Common.WaitingAwsCmdlet.DefaultPollIntervalSeconds);
    // --no-snapshot-first: the rollout with -SkipSnapshot. --aws-buckets: the rollout on EC2's documented request buckets and the sandbox's assumed SSM ones (no single run).
    var buckets = args.Contains("--aws-buckets");
    if (!buckets)
        await RolloutBench.RunSingleAsync(Option("--run-instances", 1_000), rate, poll, latency);
    await RolloutBench.RunAsync([10, 90, 900], rate, poll, latency, buckets, snapshotFirst: !args.Contains("--no-snapshot-first"));
}

// Issue 18: 10 accounts x 3 regions x 1,000 instances through -RoleArn and -Region, against the slowest single pair.
if (scenario is "fleet" or "all")
    await FleetBench.RunAsync(Option("--accounts", 10), Option("--fleet-size", 1_000), ["us-east-1", "eu-west-1", "ap-southeast-2"], latency);
