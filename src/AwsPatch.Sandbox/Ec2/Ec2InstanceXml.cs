using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>The <c>Instance</c> shape of DescribeInstances, as EC2 renders it (Linux instances carry no <c>platform</c>).</summary>
internal static class Ec2InstanceXml
{
    public static void Write(Ec2ResponseWriter xml, SandboxInstance instance)
    {
        xml.Value("instanceId", instance.InstanceId);
        xml.Value("imageId", instance.ImageId);
        xml.Structure("instanceState", () =>
        {
            xml.Value("code", instance.StateCode);
            xml.Value("name", instance.State);
        });
        xml.Value("privateDnsName", instance.EffectivePrivateDnsName);
        xml.Value("dnsName", "");
        xml.Value("reason", instance.State == "stopped" ? $"User initiated ({instance.LaunchTime.AddDays(1):yyyy-MM-dd HH:mm:ss} GMT)" : "");
        xml.Value("amiLaunchIndex", 0);
        xml.List("productCodes", Array.Empty<string>(), _ => { });
        xml.Value("instanceType", instance.InstanceType);
        xml.Value("launchTime", instance.LaunchTime);
        xml.Structure("placement", () =>
        {
            xml.Value("availabilityZone", instance.AvailabilityZone);
            xml.Value("groupName", "");
            xml.Value("tenancy", "default");
        });
        xml.Value("platform", instance.IsWindows ? "windows" : null);
        xml.Structure("monitoring", () => xml.Value("state", "disabled"));
        xml.Value("subnetId", Ec2Network.SubnetId(instance));
        xml.Value("vpcId", Ec2Network.VpcId(instance.Region));
        xml.Value("privateIpAddress", instance.PrivateIpAddress);
        xml.Value("sourceDestCheck", true);
        xml.List("groupSet", [instance], i => Group(xml, i));
        if (instance.State == "stopped")
        {
            xml.Structure("stateReason", () =>
            {
                xml.Value("code", "Client.UserInitiatedShutdown");
                xml.Value("message", "Client.UserInitiatedShutdown: User initiated shutdown");
            });
        }

        xml.Value("architecture", instance.Architecture);
        xml.Value("rootDeviceType", instance.RootDeviceType);
        xml.Value("rootDeviceName", instance.RootDeviceName);
        xml.List("blockDeviceMapping", instance.Volumes, volume =>
        {
            xml.Value("deviceName", volume.DeviceName);
            xml.Structure("ebs", () =>
            {
                xml.Value("volumeId", volume.VolumeId);
                xml.Value("status", "attached");
                xml.Value("attachTime", volume.AttachTime ?? instance.LaunchTime);
                xml.Value("deleteOnTermination", volume.DeleteOnTermination);
            });
        });
        xml.Value("virtualizationType", "hvm");
        xml.Value("clientToken", "");
        xml.Tags(instance.Tags);
        xml.Value("hypervisor", "xen");
        if (instance.IamInstanceProfileArn is { } arn)
        {
            xml.Structure("iamInstanceProfile", () =>
            {
                xml.Value("arn", arn);
                xml.Value("id", Ec2Network.ProfileId(arn));
            });
        }

        xml.Value("ebsOptimized", false);
        xml.Value("enaSupport", true);
        xml.Structure("cpuOptions", () =>
        {
            xml.Value("coreCount", 1);
            xml.Value("threadsPerCore", 2);
        });
        xml.Structure("metadataOptions", () =>
        {
            xml.Value("state", "applied");
            xml.Value("httpTokens", "required");
            xml.Value("httpPutResponseHopLimit", 2);
            xml.Value("httpEndpoint", "enabled");
        });
        xml.Value("platformDetails", instance.PlatformDetails);
        xml.Value("usageOperation", instance.IsWindows ? "RunInstances:0002" : "RunInstances");
    }

    public static void Group(Ec2ResponseWriter xml, SandboxInstance instance)
    {
        xml.Value("groupId", Ec2Network.SecurityGroupId(instance.Region));
        xml.Value("groupName", "default");
    }
}
