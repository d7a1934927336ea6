using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>Stable made-up network ids (VPC, subnet, security group) derived from region and zone.</summary>
internal static class Ec2Network
{
    /// <summary>Each id once: every instance of a DescribeInstances page names its VPC, subnet and group (thousands a call).</summary>
    private static readonly ConcurrentDictionary<(string Value, int Length), string> Hashes = new();

    public static string VpcId(string region) => "vpc-" + Hash("vpc" + region, 17);

    public static string SubnetId(SandboxInstance instance) => "subnet-" + Hash("subnet" + instance.AvailabilityZone, 17);

    public static string SecurityGroupId(string region) => "sg-" + Hash("sg" + region, 17);

    public static string ProfileId(string arn) => "AIPA" + Hash(arn, 17).ToUpperInvariant();

    private static string Hash(string value, int length) =>
        Hashes.GetOrAdd((value, length), key => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.Value))).ToLowerInvariant()[..key.Length]);
}
