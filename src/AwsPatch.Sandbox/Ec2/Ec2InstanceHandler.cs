using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>DescribeInstances: reservations of the signing region's instances, filtered and paged as EC2 does.</summary>
internal sealed class Ec2InstanceHandler : IEc2Handler
{
    private static readonly Ec2FilterSet<SandboxInstance> Filters = new Ec2FilterSet<SandboxInstance>(i => i.Tags)
        .Add("instance-id", i => i.InstanceId)
        .Add("instance-state-name", i => i.State)
        .Add("instance-state-code", i => i.StateCode.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Add("instance-type", i => i.InstanceType)
        .Add("image-id", i => i.ImageId)
        .Add("availability-zone", i => i.AvailabilityZone)
        .Add("platform", i => i.IsWindows ? "windows" : null)
        .Add("platform-details", i => i.PlatformDetails)
        .Add("architecture", i => i.Architecture)
        .Add("private-ip-address", i => i.PrivateIpAddress)
        .Add("private-dns-name", i => i.EffectivePrivateDnsName)
        .Add("reservation-id", i => i.EffectiveReservationId)
        .Add("root-device-type", i => i.RootDeviceType)
        .Add("root-device-name", i => i.RootDeviceName)
        .Add("iam-instance-profile.arn", i => i.IamInstanceProfileArn)
        .Add("vpc-id", i => Ec2Network.VpcId(i.Region))
        .Add("subnet-id", Ec2Network.SubnetId)
        .AddMany("block-device-mapping.volume-id", i => i.Volumes.Select(v => v.VolumeId))
        .AddMany("block-device-mapping.device-name", i => i.Volumes.Select(v => v.DeviceName));

    public IReadOnlyCollection<string> Actions { get; } = ["DescribeInstances"];

    public void Handle(AwsCallContext call, QueryParameters query, Ec2ResponseWriter xml)
    {
        var ids = query.GetList("InstanceId");
        var filters = query.GetFilters();
        var paging = Ec2Paging.Read(query, call, max: 1000, clampAboveMax: false, "instancesSet", ids.Count);
        Ec2Ids.CheckInstanceIds(ids);
        Filters.Validate(filters);

        var state = call.Sandbox.State;
        var accountId = state.AccountId;
        state.Read(all =>
        {
            var regional = all.Where(i => i.Region == call.Region).ToList();
            Ec2Ids.ThrowIfInstancesMissing(ids, regional.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal));
            var wanted = ids.Count == 0 ? regional : regional.Where(i => ids.Contains(i.InstanceId));
            var (page, nextToken) = paging.Apply(wanted.Where(i => Filters.Matches(i, filters)), i => i.InstanceId, query, call);

            // Page order is instance-id order; consecutive instances of one reservation share an item.
            var reservations = new List<List<SandboxInstance>>();
            foreach (var instance in page)
            {
                if (reservations.Count > 0 && reservations[^1][0].EffectiveReservationId == instance.EffectiveReservationId)
                    reservations[^1].Add(instance);
                else
                    reservations.Add([instance]);
            }

            xml.List("reservationSet", reservations, reservation =>
            {
                xml.Value("reservationId", reservation[0].EffectiveReservationId);
                xml.Value("ownerId", accountId);
                xml.List("groupSet", Array.Empty<SandboxInstance>(), _ => { });
                xml.List("instancesSet", reservation, instance => Ec2InstanceXml.Write(xml, instance));
            });
            xml.Value("nextToken", nextToken);
            return 0;
        });
    }
}
