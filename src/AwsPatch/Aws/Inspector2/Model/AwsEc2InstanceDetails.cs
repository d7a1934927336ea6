using System;
using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>AwsEc2InstanceDetails of a finding's resource.</summary>
    internal sealed class AwsEc2InstanceDetails
    {
        /// <summary>The instance type (model member <c>type</c>).</summary>
        public string? Type { get; set; }

        public string? ImageId { get; set; }

        public string? Platform { get; set; }

        public List<string>? IpV4Addresses { get; set; }

        public List<string>? IpV6Addresses { get; set; }

        public string? KeyName { get; set; }

        public string? IamInstanceProfileArn { get; set; }

        public string? VpcId { get; set; }

        public string? SubnetId { get; set; }

        public DateTime? LaunchedAt { get; set; }
    }
}
