using System.Globalization;

namespace AwsPatch.Sandbox;

/// <summary>
/// The standalone sandbox's arguments. Unlike an in-process server, a standalone sandbox starts its clock at the
/// real time and runs it at <see cref="SandboxClock.StandaloneRate"/> unless told otherwise, so a person trying the
/// module sees `-Wait` finish.
/// </summary>
public sealed class SandboxCommandLine
{
    public const string Usage =
        "Usage: AwsPatch.Sandbox [--port 4566] [--fleet fleet.json] [--instances N [--regions us-east-1,eu-west-1]] [--findings N]\n" +
        "                        [--scanned] [--latency-ms N] [--clock-start now|fleet|2025-06-01T12:00:00Z]\n" +
        "                        [--clock-rate 20 | --freeze-clock] [--seconds-per-request N] [--ec2-buckets]\n" +
        "                        [--reboot-seconds 60] [--rescan-seconds 300] [--strict-auth] [--aws-buckets]\n" +
        "                        [--bucket ssm:SendCommand=10/5 ...] [--eventual-consistency [--invisible-polls 2]]\n" +
        "                        [--accounts N [--fleet-size N] [--account-regions us-east-1,eu-west-1]]\n" +
        "       (the lifecycle demo, sandbox included, is a program of its own: dotnet run --project src/AwsPatch.Demo)\n" +
        "\n" +
        "  --scanned              start with every managed instance scanned by Patch Manager, so Get-PatchCompliance\n" +
        "                         and Get-PatchMissing have patch states to show (otherwise: run a Scan first)\n" +
        "  --clock-start          where simulated time starts: now (the default: the real time), fleet (the fleet\n" +
        "                         file's own start) or an ISO 8601 UTC time\n" +
        "  --clock-rate N         simulated seconds per real second (default 20); 0 freezes the clock\n" +
        "  --freeze-clock         same as --clock-rate 0: time moves only with --seconds-per-request or\n" +
        "                         POST /_sandbox/clock/advance?seconds=N\n" +
        "  --seconds-per-request  also move the clock N seconds on every AWS request\n" +
        "  --reboot-seconds N     how long (simulated) the reboot after an install takes (default 60); the install's\n" +
        "                         invocation succeeds once the instance is back\n" +
        "  --rescan-seconds N     how long (simulated) after a patch operation completed Inspector rescans the\n" +
        "                         instance and closes the findings the install fixed (default 300)\n" +
        "  --ec2-buckets          throttle EC2 as AWS documents it: a token bucket per operation and region on real\n" +
        "                         time (Describe* 100 burst / 20 a second, mutating calls 50/5, CreateSnapshots,\n" +
        "                         CreateSnapshot and DeleteSnapshot 100/5, CreateTags 100/10), RequestLimitExceeded\n" +
        "  --aws-buckets          --ec2-buckets, plus the sandbox's assumption for SSM (reads 40/20, writes 10/5) and\n" +
        "                         Inspector2 (20/10), which publish no rates\n" +
        "  --bucket OP=B/R        a token bucket of B requests refilled at R a second for one operation (ssm:SendCommand,\n" +
        "                         ec2:CreateSnapshots, ...), over any of the above; repeat it for more\n" +
        "  --eventual-consistency answer as an eventually consistent AWS does: a command just sent (its invocations), a new\n" +
        "                         snapshot and a new replace-root-volume task are invisible to the first 2 reads that would\n" +
        "                         show them, and list pages are short (half of MaxResults, with a NextToken while more remain)\n" +
        "  --invisible-polls N    with --eventual-consistency: how many reads miss a new resource (default 2)\n" +
        "  --accounts N           generated accounts besides the default 123456789012 (default 1: 210987654321, then\n" +
        "                         300000000002, 300000000003, ...), each with a role AwsPatch any account of the\n" +
        "                         sandbox can assume; 0 leaves the default account alone\n" +
        "  --fleet-size N         instances in each region of each generated account (default: 40 per account, spread\n" +
        "                         5:1 over us-east-1 and eu-west-1); the same arguments give the same fleets\n" +
        "  --account-regions R,R  the regions the generated accounts' fleets are in (default us-east-1,eu-west-1)\n" +
        "  --strict-auth          verify every request's SigV4 signature as AWS does: only the documented key pair\n" +
        "                         AKIASANDBOXEXAMPLE / sandbox-secret, signed within 15 minutes of the real time\n" +
        "                         (default: any signed request is accepted)";

    public SandboxOptions Options { get; private init; } = new();

    public int LatencyMs { get; private init; }

    public int SecondsPerRequest { get; private init; }

    public bool ShowHelp { get; private init; }

    /// <summary>Parses <paramref name="args"/>; <paramref name="utcNow"/> is the real time the clock starts at by default.</summary>
    /// <exception cref="ArgumentException">An unknown argument or a bad value.</exception>
    public static SandboxCommandLine Parse(IReadOnlyList<string> args, DateTime utcNow)
    {
        int port = 4566, latencyMs = 0, secondsPerRequest = 0, rebootSeconds = 60, rescanSeconds = 300;
        int? instances = null, findings = null, accounts = null, fleetSize = null;
        var scanned = false;
        var buckets = false;
        var strictAuth = false;
        var assumedBuckets = false;
        var eventual = false;
        var invisiblePolls = EventualConsistency.DefaultInvisiblePolls;
        var ownBuckets = new List<(string Key, int Burst, double PerSecond)>();
        var help = false;
        DateTime? clockStart = DateTime.SpecifyKind(utcNow, DateTimeKind.Utc);
        var rate = SandboxClock.StandaloneRate;
        string? fleet = null;
        string[]? regions = null, accountRegions = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--port": port = Int(name, Next(), 0, 65535); break;
                case "--fleet": fleet = Next(); break;
                case "--instances": instances = Int(name, Next(), 1, int.MaxValue); break;
                case "--regions": regions = Regions(Next()); break;
                case "--accounts": accounts = Int(name, Next(), 0, 1000); break;
                case "--fleet-size": fleetSize = Int(name, Next(), 0, 100_000); break;
                case "--account-regions": accountRegions = Regions(Next()); break;
                case "--findings": findings = Int(name, Next(), 0, int.MaxValue); break;
                case "--latency-ms": latencyMs = Int(name, Next(), 0, int.MaxValue); break;
                case "--seconds-per-request": secondsPerRequest = Int(name, Next(), 0, int.MaxValue); break;
                case "--reboot-seconds": rebootSeconds = Int(name, Next(), 0, 86400); break;
                case "--rescan-seconds": rescanSeconds = Int(name, Next(), 0, 86400 * 7); break;
                case "--scanned": scanned = true; break;
                case "--ec2-buckets": buckets = true; break;
                case "--strict-auth": strictAuth = true; break;
                case "--aws-buckets": assumedBuckets = true; break;
                case "--bucket": ownBuckets.Add(Bucket(Next())); break;
                case "--eventual-consistency": eventual = true; break;
                case "--invisible-polls": invisiblePolls = Int(name, Next(), 0, 100); break;
                case "--clock-start": clockStart = Start(Next(), utcNow); break;
                case "--clock-rate": rate = Rate(Next()); break;
                case "--freeze-clock": rate = 0; break;
                case "-h" or "--help": help = true; break;
                case "demo": throw new ArgumentException("The demo is a program of its own now: dotnet run --project src/AwsPatch.Demo [-- report.html]");
                default: throw new ArgumentException($"Unknown argument '{name}'. Try --help.");
            }
        }

        return new SandboxCommandLine
        {
            Options = new SandboxOptions
            {
                Port = port, FleetPath = fleet, GeneratedInstances = instances, GeneratedRegions = regions, GeneratedFindings = findings,
                PatchScanned = scanned, ClockStart = clockStart, ClockRate = rate,
                Buckets = Buckets(buckets, assumedBuckets, ownBuckets),
                RebootDuration = TimeSpan.FromSeconds(rebootSeconds),
                StrictAuth = strictAuth,
                EventualConsistency = eventual,
                InvisiblePolls = invisiblePolls,
                InspectorRescanDelay = TimeSpan.FromSeconds(rescanSeconds),
                OtherAccounts = accounts is null && fleetSize is null
                    ? new SandboxOptions().OtherAccounts
                    : SandboxAccounts.GeneratedIds(accounts ?? 1).ToDictionary(id => id, _ => fleetSize ?? SandboxOptions.DefaultOtherAccountInstances, StringComparer.Ordinal),
                OtherAccountsPerRegion = fleetSize is not null,
                OtherAccountRegions = accountRegions,
            },
            LatencyMs = latencyMs,
            SecondsPerRequest = secondsPerRequest,
            ShowHelp = help,
        };
    }

    private static string[] Regions(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static RequestBuckets? Buckets(bool ec2, bool assumed, List<(string Key, int Burst, double PerSecond)> own)
    {
        var buckets = assumed ? RequestBuckets.Assumed() : ec2 ? RequestBuckets.Ec2Documented() : own.Count > 0 ? RequestBuckets.None() : null;
        foreach (var (key, burst, perSecond) in own) buckets!.Set(key, burst, perSecond);
        return buckets;
    }

    private static (string Key, int Burst, double PerSecond) Bucket(string value)
    {
        var parts = value.Split('=', 2);
        var numbers = parts.Length == 2 ? parts[1].Split('/', 2) : [];
        if (parts.Length != 2 || !parts[0].Contains(':') || numbers.Length != 2
            || !int.TryParse(numbers[0], NumberStyles.None, CultureInfo.InvariantCulture, out var burst) || burst < 1
            || !double.TryParse(numbers[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var perSecond) || !(perSecond > 0))
            throw new ArgumentException($"--bucket '{value}' is not OPERATION=BURST/PER-SECOND, e.g. ssm:SendCommand=10/5.");
        return (parts[0], burst, perSecond);
    }

    /// <summary>One line for the start-up banner: where the clock started and how it moves.</summary>
    public string ClockDescription(DateTime start)
    {
        var at = start.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var moves = Options.ClockRate > 0
            ? $"runs at {Options.ClockRate.ToString("0.##", CultureInfo.InvariantCulture)}x real time (one real minute = {(Options.ClockRate).ToString("0.##", CultureInfo.InvariantCulture)} simulated minutes; --clock-rate N changes it, --freeze-clock stops it)"
            : "is frozen: it moves only when told (--clock-rate N runs it)";
        var step = SecondsPerRequest > 0 ? $", plus {SecondsPerRequest} s on every AWS request" : string.Empty;
        return $"Simulated clock: started at {at}; it {moves}{step}.";
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} takes a whole number from {min} to {max}, not '{value}'.");

    private static double Rate(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate >= 0 && !double.IsInfinity(rate)
            ? rate
            : throw new ArgumentException($"--clock-rate takes simulated seconds per real second (0 or more, 0 freezes the clock), not '{value}'.");

    private static DateTime? Start(string value, DateTime utcNow) => value switch
    {
        "now" => DateTime.SpecifyKind(utcNow, DateTimeKind.Utc),
        "fleet" => null,
        _ => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new ArgumentException($"--clock-start takes now, fleet or an ISO 8601 time such as 2025-06-01T12:00:00Z, not '{value}'."),
    };
}
