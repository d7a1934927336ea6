using System.Globalization;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>
/// CreateSnapshots (a crash-consistent set of an instance's EBS volumes), DescribeSnapshots (owner, ids, filters,
/// paging) and DeleteSnapshot (refused while an AMI uses the snapshot), with EC2's error codes.
/// </summary>
internal sealed class Ec2SnapshotHandler : IEc2Handler
{
    private static readonly Ec2FilterSet<SandboxSnapshot> Filters = new Ec2FilterSet<SandboxSnapshot>(s => s.Tags)
        .Add("description", s => s.Description)
        .Add("encrypted", s => s.Encrypted ? "true" : "false")
        .Add("owner-alias", _ => null)
        .Add("owner-id", s => s.OwnerId)
        .Add("progress", s => Ec2EbsRequests.Percent(s.Progress))
        .Add("snapshot-id", s => s.SnapshotId)
        .Add("start-time", s => Ec2ResponseWriter.Timestamp(s.StartTime))
        .Add("status", s => s.State)
        .Add("storage-tier", _ => "standard")
        .Add("volume-id", s => s.VolumeId)
        .Add("volume-size", s => s.VolumeSizeGiB.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// EBS's concurrent-snapshot limit per volume: at most 5 pending snapshots of a gp2, gp3, io1 or io2 volume, 1 of an
    /// st1 or sc1 (HDD) volume; one more is refused with <c>ConcurrentSnapshotLimitExceeded</c> (HTTP 400), the whole
    /// CreateSnapshots call with it.
    /// </summary>
    public static int PendingLimit(string volumeType) => volumeType is "st1" or "sc1" ? 1 : 5;

    public IReadOnlyCollection<string> Actions { get; } = ["CreateSnapshots", "DescribeSnapshots", "DeleteSnapshot"];

    public void Handle(AwsCallContext call, QueryParameters query, Ec2ResponseWriter xml)
    {
        switch (call.Operation)
        {
            case "CreateSnapshots":
                Create(call, query, xml);
                break;
            case "DescribeSnapshots":
                Describe(call, query, xml);
                break;
            default:
                Delete(call, query, xml);
                break;
        }
    }

    private static void Create(AwsCallContext call, QueryParameters query, Ec2ResponseWriter xml)
    {
        var instanceId = Ec2EbsRequests.Required(query, "InstanceSpecification.InstanceId");
        Ec2EbsRequests.CheckInstanceId(instanceId);
        var excludeBoot = query.GetBool("InstanceSpecification.ExcludeBootVolume");
        var excludeData = query.GetList("InstanceSpecification.ExcludeDataVolumeId");
        var copyTags = query.Get("CopyTagsFromSource");
        if (copyTags is not null && copyTags != "volume")
            throw new AwsApiException("InvalidParameterValue", $"Value ({copyTags}) for parameter CopyTagsFromSource is invalid. Allowed values: volume");
        var tags = Ec2EbsRequests.TagSpecifications(query, "snapshot");
        var description = query.Get("Description") ?? "";
        if (description.Length > 255)
            throw new AwsApiException("InvalidParameterValue", "The description must be 255 characters or fewer.");
        Ec2EbsRequests.ThrowIfDryRun(query);

        var sandbox = call.Sandbox;
        var now = sandbox.Clock.UtcNow;
        var fails = sandbox.Faults.SnapshotsFailFor(instanceId);
        var state = sandbox.State;
        var limit = state.SnapshotLimit(call.Region);
        var created = state.WithEbs(ebs =>
        {
            var instance = ebs.Instances.FirstOrDefault(i => i.InstanceId == instanceId && i.Region == call.Region)
                ?? throw new AwsApiException("InvalidInstanceID.NotFound", $"The instance ID '{instanceId}' does not exist");
            if (instance.State is not ("running" or "stopped" or "stopping"))
                throw new AwsApiException("IncorrectState", $"The instance '{instanceId}' is not in a state from which snapshots can be created (it is {instance.State}).");
            var root = instance.RootDeviceType == "ebs" ? instance.Volumes.FirstOrDefault(v => v.DeviceName == instance.RootDeviceName) : null;
            foreach (var excluded in excludeData)
            {
                var volume = instance.Volumes.FirstOrDefault(v => v.VolumeId == excluded);
                if (volume is null)
                    throw new AwsApiException("InvalidParameterValue", $"The volume '{excluded}' is not attached to instance '{instanceId}'.");
                if (volume == root)
                    throw new AwsApiException("InvalidParameterValue", $"The root volume '{excluded}' cannot be excluded with ExcludeDataVolumeIds; use ExcludeBootVolume.");
            }

            var volumes = instance.Volumes
                .Where(v => !(excludeBoot && v == root) && !excludeData.Contains(v.VolumeId))
                .ToList();
            if (instance.Volumes.Count == 0)
                throw new AwsApiException("IncorrectState", $"The instance '{instanceId}' has no EBS volumes to snapshot (its root device type is {instance.RootDeviceType}).");
            if (volumes.Count == 0)
                throw new AwsApiException("InvalidParameterValue", $"Every volume of instance '{instanceId}' is excluded; nothing to snapshot.");
            if (limit is { } max && ebs.Snapshots.Count(s => s.Region == call.Region) + volumes.Count > max)
                throw new AwsApiException("SnapshotLimitExceeded", "The maximum number of snapshots has been reached.");
            foreach (var volume in volumes)
            {
                var pending = ebs.Snapshots.Count(s => s.VolumeId == volume.VolumeId && s.Region == call.Region && s.State == "pending");
                if (pending >= PendingLimit(volume.VolumeType))
                    throw new AwsApiException("ConcurrentSnapshotLimitExceeded",
                        $"You've reached the limit on the number of concurrent snapshots you can create on volume {volume.VolumeId} "
                        + $"({PendingLimit(volume.VolumeType)} pending for {volume.VolumeType}). Wait until its pending snapshots have completed.");
            }

            var snapshots = new List<SandboxSnapshot>();
            foreach (var volume in volumes)
            {
                var snapshotTags = copyTags == "volume" ? new Dictionary<string, string>(volume.Tags, StringComparer.Ordinal) : new(StringComparer.Ordinal);
                foreach (var (key, value) in tags) snapshotTags[key] = value;
                var snapshot = new SandboxSnapshot
                {
                    SnapshotId = state.NewId("snap"),
                    VolumeId = volume.VolumeId,
                    Region = call.Region,
                    InstanceId = instance.InstanceId,
                    OwnerId = state.AccountId,
                    Description = description,
                    VolumeSizeGiB = volume.SizeGiB,
                    Encrypted = volume.Encrypted,
                    StartTime = now,
                    Patches = volume == root && instance.Ssm is not null ? state.RunCommands.PatchStateOf(instance.InstanceId).Patches : null,
                    State = "pending",
                    Progress = 0,
                    Duration = state.SnapshotTimeBase + state.SnapshotTimePerGiB * volume.SizeGiB,
                    FailsPartWay = fails,
                    Tags = snapshotTags,
                };
                snapshots.Add(snapshot);
                ebs.Snapshots.Add(snapshot);
                sandbox.Consistency.Created(snapshot.SnapshotId);
            }

            return snapshots;
        });

        xml.List("snapshotSet", created, snapshot =>
        {
            xml.Value("description", snapshot.Description);
            xml.Tags(snapshot.Tags);
            xml.Value("encrypted", snapshot.Encrypted);
            xml.Value("volumeId", snapshot.VolumeId);
            xml.Value("state", snapshot.State);
            xml.Value("volumeSize", snapshot.VolumeSizeGiB);
            xml.Value("startTime", snapshot.StartTime);
            xml.Value("progress", "");
            xml.Value("ownerId", snapshot.OwnerId);
            xml.Value("snapshotId", snapshot.SnapshotId);
        });
    }

    private static void Describe(AwsCallContext call, QueryParameters query, Ec2ResponseWriter xml)
    {
        var ids = query.GetList("SnapshotId");
        var owners = query.GetList("Owner");
        var filters = query.GetFilters();
        var paging = Ec2Paging.Read(query, call, max: 1000, clampAboveMax: false, "snapshotIdSet", ids.Count);
        Ec2EbsRequests.CheckSnapshotIds(ids);
        Filters.Validate(filters);
        var accountId = call.Sandbox.State.AccountId;

        call.Sandbox.State.WithEbs(ebs =>
        {
            var regional = call.Sandbox.Consistency.Visible(
                ebs.Snapshots.Where(s => s.Region == call.Region && (ids.Count == 0 || ids.Contains(s.SnapshotId))), s => s.SnapshotId);
            var missing = ids.Where(id => regional.All(s => s.SnapshotId != id)).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count == 1)
                throw new AwsApiException("InvalidSnapshot.NotFound", $"The snapshot '{missing[0]}' does not exist.");
            if (missing.Count > 1)
                throw new AwsApiException("InvalidSnapshot.NotFound", $"The snapshots '{string.Join(", ", missing)}' do not exist.");

            var wanted = regional
                .Where(s => ids.Count == 0 || ids.Contains(s.SnapshotId))
                .Where(s => owners.Count == 0 || owners.Any(o => o == s.OwnerId || (o == "self" && s.OwnerId == accountId)))
                .Where(s => Filters.Matches(s, filters));
            var (page, nextToken) = paging.Apply(wanted, s => s.SnapshotId, query, call);

            xml.List("snapshotSet", page, snapshot =>
            {
                xml.Value("snapshotId", snapshot.SnapshotId);
                xml.Value("volumeId", snapshot.VolumeId);
                xml.Value("status", snapshot.State);
                if (snapshot.State == "error") xml.Value("statusMessage", snapshot.StateMessage);
                xml.Value("startTime", snapshot.StartTime);
                if (snapshot.State == "completed") xml.Value("completionTime", snapshot.CompletionTime ?? snapshot.StartTime + snapshot.Duration);
                xml.Value("progress", Ec2EbsRequests.Percent(snapshot.Progress));
                xml.Value("ownerId", snapshot.OwnerId);
                xml.Value("volumeSize", snapshot.VolumeSizeGiB);
                xml.Value("description", snapshot.Description);
                xml.Value("encrypted", snapshot.Encrypted);
                xml.Tags(snapshot.Tags);
                xml.Value("storageTier", "standard");
            });
            xml.Value("nextToken", nextToken);
            return 0;
        });
    }

    private static void Delete(AwsCallContext call, QueryParameters query, Ec2ResponseWriter xml)
    {
        var snapshotId = Ec2EbsRequests.Required(query, "SnapshotId");
        Ec2EbsRequests.CheckSnapshotIds([snapshotId]);
        Ec2EbsRequests.ThrowIfDryRun(query);

        call.Sandbox.State.WithEbs(ebs =>
        {
            var snapshot = ebs.Snapshots.FirstOrDefault(s => s.SnapshotId == snapshotId && s.Region == call.Region)
                ?? throw new AwsApiException("InvalidSnapshot.NotFound", $"The snapshot '{snapshotId}' does not exist.");
            var image = ebs.Images.FirstOrDefault(i => i.Region == call.Region && i.Devices.Any(d => d.SnapshotId == snapshotId));
            if (image is not null)
                throw new AwsApiException("InvalidSnapshot.InUse", $"The snapshot {snapshotId} is currently in use by {image.ImageId}");
            ebs.Snapshots.Remove(snapshot);
            return 0;
        });
        xml.Value("return", true);
    }
}
