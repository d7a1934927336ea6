using System.Globalization;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>DescribeVolumes over the volumes attached to the signing region's instances.</summary>
internal sealed class Ec2VolumeHandler : IEc2Handler
{
    private static readonly Ec2FilterSet<(SandboxInstance Instance, SandboxVolume Volume)> Filters =
        new Ec2FilterSet<(SandboxInstance Instance, SandboxVolume Volume)>(v => v.Volume.Tags)
            .Add("volume-id", v => v.Volume.VolumeId)
            .Add("attachment.instance-id", v => v.Instance.InstanceId)
            .Add("attachment.device", v => v.Volume.DeviceName)
            .Add("attachment.status", _ => "attached")
            .Add("attachment.delete-on-termination", v => v.Volume.DeleteOnTermination ? "true" : "false")
            .Add("availability-zone", v => v.Instance.AvailabilityZone)
            .Add("encrypted", v => v.Volume.Encrypted ? "true" : "false")
            .Add("multi-attach-enabled", _ => "false")
            .Add("size", v => v.Volume.SizeGiB.ToString(CultureInfo.InvariantCulture))
            .Add("snapshot-id", v => v.Volume.SnapshotId ?? "")
            .Add("status", _ => "in-use")
            .Add("volume-type", v => v.Volume.VolumeType);

    public IReadOnlyCollection<string> Actions { get; } = ["DescribeVolumes"];

    public void Handle(AwsCallContext call, QueryParameters query, Ec2ResponseWriter xml)
    {
        var ids = query.GetList("VolumeId");
        var filters = query.GetFilters();
        var paging = Ec2Paging.Read(query, call, max: 500, clampAboveMax: true, "volumeSet", ids.Count);
        Ec2Ids.CheckVolumeIds(ids);
        Filters.Validate(filters);

        call.Sandbox.State.Read(all =>
        {
            var regional = all.Where(i => i.Region == call.Region)
                .SelectMany(i => i.Volumes.Select(v => (Instance: i, Volume: v)))
                .ToList();
            Ec2Ids.ThrowIfVolumesMissing(ids, regional.Select(v => v.Volume.VolumeId).ToHashSet(StringComparer.Ordinal));
            var wanted = (ids.Count == 0 ? regional : regional.Where(v => ids.Contains(v.Volume.VolumeId)))
                .Where(v => Filters.Matches(v, filters));
            var (page, nextToken) = paging.Apply(wanted, v => v.Volume.VolumeId, query, call);

            xml.List("volumeSet", page, item =>
            {
                var (instance, volume) = item;
                var attached = volume.AttachTime ?? instance.LaunchTime;
                xml.Value("volumeId", volume.VolumeId);
                xml.Value("size", volume.SizeGiB);
                xml.Value("snapshotId", volume.SnapshotId ?? "");
                xml.Value("availabilityZone", instance.AvailabilityZone);
                xml.Value("status", "in-use");
                xml.Value("createTime", attached);
                xml.List("attachmentSet", [item], _ =>
                {
                    xml.Value("volumeId", volume.VolumeId);
                    xml.Value("instanceId", instance.InstanceId);
                    xml.Value("device", volume.DeviceName);
                    xml.Value("status", "attached");
                    xml.Value("attachTime", attached);
                    xml.Value("deleteOnTermination", volume.DeleteOnTermination);
                });
                xml.Value("volumeType", volume.VolumeType);
                if (volume.Iops > 0) xml.Value("iops", volume.Iops);
                if (volume.VolumeType == "gp3") xml.Value("throughput", 125);
                xml.Value("encrypted", volume.Encrypted);
                xml.Value("multiAttachEnabled", false);
                xml.Tags(volume.Tags);
            });
            xml.Value("nextToken", nextToken);
            return 0;
        });
    }
}
