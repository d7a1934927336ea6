namespace AwsPatch.Sandbox;

/// <summary>How to start a <see cref="SandboxServer"/>.</summary>
public sealed class SandboxOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; } = 0;

    /// <summary>A fleet JSON file; null means the embedded default fleet.</summary>
    public string? FleetPath { get; init; }

    /// <summary>Generate this many instances (<see cref="FleetGenerator"/>) instead of reading a fleet file.</summary>
    public int? GeneratedInstances { get; init; }

    /// <summary>
    /// The accounts besides the default one (<see cref="SandboxFleet.DefaultAccountId"/>), each with a generated fleet of
    /// the given size over <see cref="OtherAccountRegions"/> (seeded from <see cref="RandomSeed"/> and the account id) and
    /// a role <see cref="SandboxAccounts.DefaultRoleName"/> (<see cref="SandboxAccounts"/>). Default: 210987654321 with 40 instances.
    /// </summary>
    public IReadOnlyDictionary<string, int> OtherAccounts { get; init; } = new Dictionary<string, int> { [SandboxAccounts.SecondAccountId] = DefaultOtherAccountInstances };

    /// <summary>How many instances a generated account has unless told otherwise (<c>--accounts N</c> without <c>--fleet-size</c>).</summary>
    public const int DefaultOtherAccountInstances = 40;

    /// <summary>Regions the other accounts' generated fleets spread over; null means us-east-1 and eu-west-1, 5:1.</summary>
    public IReadOnlyList<string>? OtherAccountRegions { get; init; }

    /// <summary>
    /// When true, each count in <see cref="OtherAccounts"/> is per region: the account has exactly that many instances in
    /// every region of <see cref="OtherAccountRegions"/> (<see cref="FleetGenerator.PerRegion"/>; <c>--fleet-size</c>), instead of
    /// that many in all spread over them.
    /// </summary>
    public bool OtherAccountsPerRegion { get; init; }

    /// <summary>Regions the generated fleet spreads over (repeat one to weight it); null means us-east-1 and eu-west-1, 5:1.</summary>
    public IReadOnlyList<string>? GeneratedRegions { get; init; }

    /// <summary>
    /// Generate this many Inspector findings over the fleet's managed instances (<see cref="FindingGenerator.Generate"/>)
    /// instead of the realistic default set (<see cref="FindingGenerator.ForFleet"/>).
    /// </summary>
    public int? GeneratedFindings { get; init; }

    /// <summary>Start with every SSM-managed instance scanned (a patch state from a recent scan), as for the compliance benchmark.</summary>
    public bool PatchScanned { get; init; }

    /// <summary>Where the simulated clock starts (UTC), overriding the fleet's own start; the fleet's timestamps move with it.</summary>
    public DateTime? ClockStart { get; init; }

    /// <summary>
    /// Simulated seconds per real second (<see cref="SandboxClock.Rate"/>). Zero, the default for in-process servers,
    /// keeps time still until a test moves it; the standalone sandbox uses <see cref="SandboxClock.StandaloneRate"/>.
    /// </summary>
    public double ClockRate { get; init; }

    /// <summary>The real time a <see cref="ClockRate"/> above zero follows; null means the system clock (tests inject their own).</summary>
    public TimeProvider? RealTime { get; init; }

    /// <summary>
    /// Throttle with token buckets per operation and region on real time (<see cref="RequestBuckets.Ec2Documented"/>
    /// for EC2's documented numbers, or scaled-down ones via <see cref="RequestBuckets.Set"/>); null, the default,
    /// throttles only where a test sets a throttle rate. The standalone sandbox's <c>--ec2-buckets</c> turns on EC2's.
    /// </summary>
    public RequestBuckets? Buckets { get; init; }

    /// <summary>
    /// Answer as an eventually consistent AWS does (<see cref="Sandbox.EventualConsistency"/>): new commands, snapshots and
    /// replace-root-volume tasks stay invisible for <see cref="InvisiblePolls"/> reads and list pages come back short.
    /// Off by default; the standalone sandbox's <c>--eventual-consistency</c> turns it on.
    /// </summary>
    public bool EventualConsistency { get; init; }

    /// <summary>With <see cref="EventualConsistency"/>: how many reads miss a new resource.</summary>
    public int InvisiblePolls { get; init; } = Sandbox.EventualConsistency.DefaultInvisiblePolls;

    /// <summary>How long the reboot after an install takes in simulated time (<see cref="SandboxState.RebootDuration"/>).</summary>
    public TimeSpan RebootDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Verify every request's SigV4 signature against the known keys (<see cref="SandboxCredentials"/>): on by default
    /// for in-process servers (tests); the standalone sandbox is permissive unless started with <c>--strict-auth</c>.
    /// </summary>
    public bool StrictAuth { get; init; } = true;

    /// <summary>
    /// Access keys the sandbox knows besides the documented pair (<see cref="SandboxCredentials.DocumentedAccessKey"/> /
    /// <see cref="SandboxCredentials.DocumentedSecret"/>): access key id to secret. More can be added on
    /// <see cref="SandboxServer.Credentials"/> while it runs.
    /// </summary>
    public IReadOnlyDictionary<string, string>? AccessKeys { get; init; }

    /// <summary>The real time signatures are judged by (the 15-minute window); null means the system clock (tests inject their own).</summary>
    public TimeProvider? AuthTime { get; init; }
    /// <summary>How long after a patch operation completed Inspector rescans the instance and closes what it fixed (<see cref="Inspector2State.RescanDelay"/>).</summary>
    public TimeSpan InspectorRescanDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Seeds the fleet generator and the fault injector's random source.</summary>
    public int RandomSeed { get; init; } = 42;

    /// <summary>Test-only: record every AWS answer (<see cref="Protocol.ResponseRecorder"/>); null, the default, records nothing.</summary>
    public Protocol.ResponseRecorder? ResponseRecorder { get; init; }
}
