namespace AwsPatch.Aws
{
    /// <summary>One instance's EC2 status checks (DescribeInstanceStatus), in SDK-free terms.</summary>
    public sealed class Ec2InstanceStatusRecord
    {
        /// <summary>DescribeInstanceStatus takes at most 100 instance ids a call.</summary>
        public const int IdsPerCall = 100;

        public string InstanceId { get; init; } = string.Empty;

        /// <summary>running, stopped …</summary>
        public string State { get; init; } = string.Empty;

        /// <summary>The instance status check: ok, impaired, initializing, insufficient-data or not-applicable.</summary>
        public string InstanceStatus { get; init; } = string.Empty;

        /// <summary>The system status check, with the same values.</summary>
        public string SystemStatus { get; init; } = string.Empty;

        /// <summary>Both checks passed.</summary>
        public bool IsOk => InstanceStatus == "ok" && SystemStatus == "ok";
    }
}
