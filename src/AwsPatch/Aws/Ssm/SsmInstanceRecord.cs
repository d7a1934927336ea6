using System;

namespace AwsPatch.Aws
{
    /// <summary>What Systems Manager reports of one managed instance (DescribeInstanceInformation).</summary>
    public sealed class SsmInstanceRecord
    {
        public string InstanceId { get; init; } = string.Empty;
        public string? PingStatus { get; init; }
        public DateTime? LastPingTime { get; init; }
        public string? AgentVersion { get; init; }
        public string? PlatformType { get; init; }
        public string? PlatformName { get; init; }
        public string? PlatformVersion { get; init; }
    }
}
