using System.Globalization;

namespace AwsPatch.Sandbox;

/// <summary>Deterministic large fleets for benchmarks: same arguments, same fleet.</summary>
public static class FleetGenerator
{
    private sealed record OsProfile(string ImageId, string? Platform, string PlatformDetails, string SsmType, string SsmName, string SsmVersion, string RootDevice, string DataDevice);

    private static readonly OsProfile[] Profiles =
    [
        new("ami-0c02fb55956c7d316", null, "Linux/UNIX", "Linux", "Amazon Linux", "2023", "/dev/xvda", "/dev/xvdb"),
        new("ami-0b5eea76982371e91", null, "Linux/UNIX", "Linux", "Amazon Linux", "2", "/dev/xvda", "/dev/xvdb"),
        new("ami-0557a15b87f6559cf", null, "Linux/UNIX", "Linux", "Ubuntu", "22.04", "/dev/sda1", "/dev/sdf"),
        new("ami-0be0e902919675894", "windows", "Windows", "Windows", "Microsoft Windows Server 2022 Datacenter", "10.0.20348", "/dev/sda1", "xvdf"),
        new("ami-0f9c44e98edf38a2b", "windows", "Windows", "Windows", "Microsoft Windows Server 2019 Datacenter", "10.0.17763", "/dev/sda1", "xvdf"),
    ];

    private static readonly string[] Roles = ["web", "api", "db", "batch", "cache"];
    private static readonly string[] Types = ["t3.medium", "t3.large", "m6i.large", "c6i.xlarge", "r6i.large"];

    /// <summary>Generates <paramref name="count"/> instances spread over <paramref name="regions"/> (default us-east-1 and eu-west-1, 5:1).</summary>
    /// <param name="count">Number of instances.</param>
    /// <param name="seed">Random seed; the same seed gives the same fleet.</param>
    /// <param name="regions">Regions to use; the first gets the most instances.</param>
    /// <param name="managedRatio">Share of instances that are SSM-managed (0..1).</param>
    /// <param name="accountId">The account the fleet lives in (instance profile ARNs name it).</param>
    public static SandboxFleet Generate(int count, int seed = 42, IReadOnlyList<string>? regions = null, double managedRatio = 0.9,
        string accountId = SandboxFleet.DefaultAccountId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        regions ??= ["us-east-1", "us-east-1", "us-east-1", "us-east-1", "us-east-1", "eu-west-1"];
        var random = new Random(seed);
        var start = SandboxClock.DefaultStart;
        var instances = new List<SandboxInstance>(count);
        for (var n = 0; n < count; n++)
        {
            var region = regions[random.Next(regions.Count)];
            var os = Profiles[random.Next(Profiles.Length)];
            var role = Roles[random.Next(Roles.Length)];
            var production = random.NextDouble() < 0.7;
            var env = production ? "production" : "staging";
            var ip = $"10.{n / 65536 % 256}.{n / 256 % 256}.{n % 256}";
            var patchGroup = os.Platform is null ? $"{role}-{(production ? "prod" : "staging")}" : $"windows-{(production ? "prod" : "staging")}";
            var stopped = random.NextDouble() < 0.05;
            var launch = start.AddDays(-random.Next(1, 400)).AddMinutes(-random.Next(1440));
            var instance = new SandboxInstance
            {
                InstanceId = "i-" + Hex(random, 17),
                Region = region,
                AvailabilityZone = region + "abc"[random.Next(3)],
                ImageId = os.ImageId,
                InstanceType = Types[random.Next(Types.Length)],
                State = stopped ? "stopped" : "running",
                Platform = os.Platform,
                PlatformDetails = os.PlatformDetails,
                PrivateIpAddress = ip,
                LaunchTime = launch,
                RootDeviceName = os.RootDevice,
                ReservationId = "r-" + Hex(random, 17),
                IamInstanceProfileArn = $"arn:aws:iam::{accountId}:instance-profile/SSMManaged",
                Tags = new(StringComparer.Ordinal)
                {
                    ["Name"] = $"{role}-{(production ? "prod" : "stg")}-{n.ToString("D5", CultureInfo.InvariantCulture)}",
                    ["Environment"] = env,
                    // Both tag keys Patch Manager accepts: every third instance uses the one without a space.
                    [n % 3 == 2 ? "PatchGroup" : "Patch Group"] = patchGroup,
                },
            };
            var volumes = 1 + random.Next(3);
            for (var v = 0; v < volumes; v++)
            {
                instance.Volumes.Add(new SandboxVolume
                {
                    VolumeId = "vol-" + Hex(random, 17),
                    DeviceName = v == 0 ? os.RootDevice : os.DataDevice[..^1] + (char)(os.DataDevice[^1] + v - 1),
                    SizeGiB = v == 0 ? (os.Platform is null ? 8 : 30) : 50 * (1 + random.Next(4)),
                    DeleteOnTermination = v == 0,
                    Encrypted = production,
                });
            }

            if (random.NextDouble() < managedRatio)
            {
                var lost = stopped || random.NextDouble() < 0.03;
                instance.Ssm = new SsmAgentRecord
                {
                    PingStatus = lost ? "ConnectionLost" : "Online",
                    LastPingDateTime = lost ? start.AddDays(-random.Next(1, 20)) : start.AddSeconds(-random.Next(300)),
                    AgentVersion = "3.3.1142.0",
                    PlatformType = os.SsmType,
                    PlatformName = os.SsmName,
                    PlatformVersion = os.SsmVersion,
                    ComputerName = os.Platform is null ? instance.EffectivePrivateDnsName : $"EC2AMAZ-{Hex(random, 7).ToUpperInvariant()}",
                };
            }

            instances.Add(instance);
        }

        return new SandboxFleet { AccountId = accountId, Instances = instances, ClockStart = start };
    }

    /// <summary>
    /// Exactly <paramref name="perRegion"/> instances in each of <paramref name="regions"/>, for one account: each region's
    /// instances come from <see cref="Generate"/> seeded with <paramref name="seed"/>, the account id and the region name,
    /// so the same arguments give the same fleet (a benchmark generates it to know what the sandbox serves), another
    /// account gets another fleet, and adding a region leaves the others' instances as they were.
    /// </summary>
    public static SandboxFleet PerRegion(int perRegion, IReadOnlyList<string> regions, string accountId, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perRegion);
        var instances = regions.Distinct(StringComparer.Ordinal)
            .SelectMany(region => Generate(perRegion, seed ^ StableHash.Of(accountId + "/" + region), [region], accountId: accountId).Instances)
            .ToList();
        return new SandboxFleet { AccountId = accountId, Instances = instances, ClockStart = SandboxClock.DefaultStart };
    }

    private static string Hex(Random random, int length)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++) chars[i] = "0123456789abcdef"[random.Next(16)];
        return new string(chars);
    }
}
