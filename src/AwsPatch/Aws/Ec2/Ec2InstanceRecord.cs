using System;
using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>What the EC2 gateway reports of one instance: SDK-free, only the fields the services use.</summary>
    public sealed class Ec2InstanceRecord
    {
        public string InstanceId { get; init; } = string.Empty;
        public string State { get; init; } = string.Empty;
        public string InstanceType { get; init; } = string.Empty;
        /// <summary>EC2's <c>platform</c>: <c>windows</c> or null (EC2 reports nothing for Linux).</summary>
        public string? Platform { get; init; }
        public string? PlatformDetails { get; init; }
        public DateTime? LaunchTime { get; init; }
        public string? PrivateIpAddress { get; init; }
        public string? PublicIpAddress { get; init; }
        public string? RootDeviceName { get; init; }
        /// <summary>Device name → EBS volume id, in the order EC2 lists them.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> EbsVolumes { get; init; } = Array.Empty<KeyValuePair<string, string>>();
        public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
        public string? OwnerId { get; init; }
    }
}
