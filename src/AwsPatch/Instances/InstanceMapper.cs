using System;
using System.Collections.Generic;
using System.Linq;
using AwsPatch.Aws;

namespace AwsPatch.Instances
{
    /// <summary>
    /// Merges an EC2 record and an optional SSM record into the <see cref="PatchInstance"/> users see (AWS text through
    /// <see cref="SafeText"/>). Whether Systems Manager answered decides between "not managed" (it answered without a
    /// record) and unknown. Systems Manager does not list stopped or terminated instances (DescribeInstanceInformation's
    /// API reference), so for those no record means unknown, never "not managed".
    /// </summary>
    internal static class InstanceMapper
    {
        public static PatchInstance Map(Ec2InstanceRecord ec2, SsmInstanceRecord? ssm, bool ssmAnswered, string region, string? roleArn = null)
        {
            var root = ec2.EbsVolumes.FirstOrDefault(v => string.Equals(v.Key, ec2.RootDeviceName, StringComparison.Ordinal)).Value;
            var tags = SafeText.Tags(ec2.Tags);
            var volumes = new List<string>();
            if (root != null)
                volumes.Add(root);
            volumes.AddRange(ec2.EbsVolumes.Select(v => v.Value).Where(v => !string.Equals(v, root, StringComparison.Ordinal)));

            return new PatchInstance
            {
                InstanceId = ec2.InstanceId,
                Name = Tag(tags, "Name"),
                Platform = PlatformOf(ec2, ssm),
                State = ec2.State,
                Environment = Tag(tags, "Environment"),
                PatchGroup = PatchGroupTags.Of(tags),
                IsManaged = ssm != null ? true : ssmAnswered && !SsmLeavesOut(ec2.State) ? false : (bool?)null,
                SsmPingStatus = SafeText.Of(ssm?.PingStatus),
                LastPingTime = ssm?.LastPingTime,
                AgentVersion = SafeText.Of(ssm?.AgentVersion),
                PlatformName = SafeText.Of(ssm?.PlatformName),
                PlatformVersion = SafeText.Of(ssm?.PlatformVersion),
                InstanceType = ec2.InstanceType,
                LaunchTime = ec2.LaunchTime,
                PrivateIpAddress = ec2.PrivateIpAddress,
                PublicIpAddress = ec2.PublicIpAddress,
                RootDeviceVolumeId = root,
                VolumeIds = volumes,
                Tags = tags,
                Region = region,
                AccountId = ec2.OwnerId,
                RoleArn = roleArn,
            };
        }

        /// <summary>States in which DescribeInstanceInformation does not list an instance, managed or not.</summary>
        private static bool SsmLeavesOut(string? state) =>
            state is "stopped" or "terminated" or "shutting-down";

        private static string? Tag(IReadOnlyDictionary<string, string> tags, string key) =>
            tags.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

        private static string PlatformOf(Ec2InstanceRecord ec2, SsmInstanceRecord? ssm)
        {
            // EC2 names the platform only for Windows; SSM knows Linux and macOS too.
            if (string.Equals(ec2.Platform, "windows", StringComparison.OrdinalIgnoreCase))
                return "Windows";
            if (!string.IsNullOrEmpty(ssm?.PlatformType))
                return SafeText.Text(ssm!.PlatformType!);
            if (ec2.PlatformDetails != null && ec2.PlatformDetails.IndexOf("Windows", StringComparison.OrdinalIgnoreCase) >= 0)
                return "Windows";
            return "Linux";
        }
    }
}
