using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>DescribeImages over the sandbox account's AMIs (owner, ids, filters incl. block-device-mapping.snapshot-id).</summary>
internal sealed class Ec2ImageHandler : IEc2Handler
{
    private static readonly Ec2FilterSet<SandboxImage> Filters = new Ec2FilterSet<SandboxImage>(i => i.Tags)
        .Add("image-id", i => i.ImageId)
        .Add("name", i => i.Name)
        .Add("state", i => i.State)
        .Add("owner-id", i => i.OwnerId)
        .Add("architecture", i => i.Architecture)
        .Add("image-type", _ => "machine")
        .Add("is-public", _ => "false")
        .Add("platform", i => i.Platform)
        .Add("root-device-name", i => i.RootDeviceName)
        .Add("root-device-type", _ => "ebs")
        .Add("virtualization-type", _ => "hvm")
        .AddMany("block-device-mapping.snapshot-id", i => i.Devices.Select(d => d.SnapshotId))
        .AddMany("block-device-mapping.device-name", i => i.Devices.Select(d => d.DeviceName));

    public IReadOnlyCollection<string> Actions { get; } = ["DescribeImages"];

    public void Handle(AwsCallContext call, QueryParameters query, Ec2ResponseWriter xml)
    {
        var ids = query.GetList("ImageId");
        var owners = query.GetList("Owner");
        var filters = query.GetFilters();
        Filters.Validate(filters);
        foreach (var id in ids)
        {
            if (!id.StartsWith("ami-", StringComparison.Ordinal))
                throw new AwsApiException("InvalidAMIID.Malformed", $"Invalid id: \"{id}\" (expecting \"ami-...\")");
        }

        var accountId = call.Sandbox.State.AccountId;
        call.Sandbox.State.WithEbs(ebs =>
        {
            var regional = ebs.Images.Where(i => i.Region == call.Region).ToList();
            var missing = ids.Where(id => regional.All(i => i.ImageId != id)).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
                throw new AwsApiException("InvalidAMIID.NotFound", $"The image id '[{string.Join(", ", missing)}]' does not exist");
            var wanted = regional
                .Where(i => ids.Count == 0 || ids.Contains(i.ImageId))
                .Where(i => owners.Count == 0 || owners.Any(o => o == i.OwnerId || (o == "self" && i.OwnerId == accountId)))
                .Where(i => Filters.Matches(i, filters))
                .OrderBy(i => i.ImageId, StringComparer.Ordinal);

            xml.List("imagesSet", wanted, image =>
            {
                xml.Value("imageId", image.ImageId);
                xml.Value("imageLocation", $"{image.OwnerId}/{image.Name}");
                xml.Value("imageState", image.State);
                xml.Value("imageOwnerId", image.OwnerId);
                xml.Value("creationDate", image.CreationDate);
                xml.Value("isPublic", false);
                xml.Value("architecture", image.Architecture);
                xml.Value("imageType", "machine");
                xml.Value("platform", image.Platform);
                xml.Value("platformDetails", image.Platform == "windows" ? "Windows" : "Linux/UNIX");
                xml.Value("usageOperation", image.Platform == "windows" ? "RunInstances:0002" : "RunInstances");
                xml.Value("name", image.Name);
                xml.Value("rootDeviceType", "ebs");
                xml.Value("rootDeviceName", image.RootDeviceName);
                xml.List("blockDeviceMapping", image.Devices, device =>
                {
                    xml.Value("deviceName", device.DeviceName);
                    xml.Structure("ebs", () =>
                    {
                        xml.Value("snapshotId", device.SnapshotId);
                        xml.Value("volumeSize", device.VolumeSizeGiB);
                        xml.Value("deleteOnTermination", device.DeleteOnTermination);
                        xml.Value("volumeType", device.VolumeType);
                        xml.Value("encrypted", device.Encrypted);
                    });
                });
                xml.Value("virtualizationType", "hvm");
                xml.Tags(image.Tags);
                xml.Value("hypervisor", "xen");
                xml.Value("enaSupport", true);
            });
            return 0;
        });
    }
}
