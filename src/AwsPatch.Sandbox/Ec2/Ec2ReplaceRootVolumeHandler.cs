using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>
/// CreateReplaceRootVolumeTask (restore an instance's root volume from a snapshot of its root volume lineage) and
/// DescribeReplaceRootVolumeTasks (ids, instance-id filter, MaxResults 1..50). A repeated ClientToken (an SDK retry after
/// a lost answer) returns the original task; the same token with other parameters is <c>IdempotentParameterMismatch</c>.
/// </summary>
internal sealed class Ec2ReplaceRootVolumeHandler : IEc2Handler
{
    private static readonly Ec2FilterSet<SandboxReplaceRootTask> Filters = new Ec2FilterSet<SandboxReplaceRootTask>(tags: null)
        .Add("instance-id", t => t.InstanceId);

    public IReadOnlyCollection<string> Actions { get; } = ["CreateReplaceRootVolumeTask", "DescribeReplaceRootVolumeTasks"];

    public void Handle(AwsCallContext call, QueryParameters query, Ec2ResponseWriter xml)
    {
        if (call.Operation == "CreateReplaceRootVolumeTask") Create(call, query, xml);
        else Describe(call, query, xml);
    }

    private static void Create(AwsCallContext call, QueryParameters query, Ec2ResponseWriter xml)
    {
        var instanceId = Ec2EbsRequests.Required(query, "InstanceId");
        Ec2EbsRequests.CheckInstanceId(instanceId);
        var snapshotId = query.Get("SnapshotId");
        if (query.Get("ImageId") is not null)
            throw new AwsApiException("InvalidParameterValue", "The sandbox restores root volumes from snapshots only; ImageId is not supported.");
        if (snapshotId is null)
            throw new AwsApiException("InvalidParameterValue", "The sandbox needs SnapshotId: restoring to the launch state is not simulated.");
        Ec2EbsRequests.CheckSnapshotIds([snapshotId]);
        var deleteReplaced = query.GetBool("DeleteReplacedRootVolume");
        var tags = Ec2EbsRequests.TagSpecifications(query, "replace-root-volume-task");
        Ec2EbsRequests.ThrowIfDryRun(query);

        var sandbox = call.Sandbox;
        var now = sandbox.Clock.UtcNow;
        var fails = sandbox.Faults.ReplaceRootVolumeTasksFailFor(instanceId);
        var state = sandbox.State;
        var clientToken = query.Get("ClientToken");
        var fingerprint = string.Join("|", instanceId, snapshotId, deleteReplaced, string.Join(",", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value)));
        var task = state.WithEbs(ebs =>
        {
            if (clientToken is not null && ebs.ReplaceRootTasks.FirstOrDefault(t => t.Region == call.Region && t.ClientToken == clientToken) is { } earlier)
            {
                return earlier.RequestFingerprint == fingerprint
                    ? earlier
                    : throw new AwsApiException("IdempotentParameterMismatch", $"The client token '{clientToken}' was already used with different parameters.");
            }
            var instance = ebs.Instances.FirstOrDefault(i => i.InstanceId == instanceId && i.Region == call.Region)
                ?? throw new AwsApiException("InvalidInstanceID.NotFound", $"The instance ID '{instanceId}' does not exist");
            if (instance.State is not ("running" or "stopped"))
                throw new AwsApiException("IncorrectInstanceState", $"The instance '{instanceId}' is not in a valid state for this operation. It must be running or stopped.");
            var snapshot = ebs.Snapshots.FirstOrDefault(s => s.SnapshotId == snapshotId && s.Region == call.Region)
                ?? throw new AwsApiException("InvalidSnapshot.NotFound", $"The snapshot '{snapshotId}' does not exist.");
            if (snapshot.State != "completed")
                throw new AwsApiException("IncorrectState", $"The snapshot '{snapshotId}' is not in the completed state (it is {snapshot.State}).");
            var root = instance.RootDeviceType == "ebs" ? instance.Volumes.FirstOrDefault(v => v.DeviceName == instance.RootDeviceName) : null;
            if (root is null)
                throw new AwsApiException("UnsupportedOperation", $"The instance '{instanceId}' does not have an EBS root volume.");
            var lineage = ebs.ReplaceRootTasks
                .Where(t => t.InstanceId == instanceId && t.ReplacedVolumeId is not null)
                .Select(t => t.ReplacedVolumeId!)
                .Append(root.VolumeId);
            if (!lineage.Contains(snapshot.VolumeId))
                throw new AwsApiException("InvalidParameterValue", $"The snapshot '{snapshotId}' was not created from the root volume of instance '{instanceId}'.");
            if (ebs.ReplaceRootTasks.Any(t => t.InstanceId == instanceId && t.IsActive))
                throw new AwsApiException("IncorrectState", $"A replace root volume task is already in progress for instance '{instanceId}'.");

            var created = new SandboxReplaceRootTask
            {
                TaskId = state.NewId("replacevol"),
                InstanceId = instanceId,
                Region = call.Region,
                SnapshotId = snapshotId,
                DeleteReplacedRootVolume = deleteReplaced,
                StartTime = now,
                Fails = fails,
                Tags = tags,
                ClientToken = clientToken,
                RequestFingerprint = fingerprint,
            };
            ebs.ReplaceRootTasks.Add(created);
            sandbox.Consistency.Created(created.TaskId);
            return created;
        });

        xml.Structure("replaceRootVolumeTask", () => Write(xml, task));
    }

    private static void Describe(AwsCallContext call, QueryParameters query, Ec2ResponseWriter xml)
    {
        var ids = query.GetList("ReplaceRootVolumeTaskId");
        var filters = query.GetFilters();
        Filters.Validate(filters);
        var maxResults = query.GetInt("MaxResults", "MaxResults");
        if (maxResults is < 1 or > 50)
            throw new AwsApiException("InvalidParameterValue", $"Value ( {maxResults} ) for parameter MaxResults is invalid. Expecting a value between 1 and 50.");
        string? after = null;
        if (query.Get("NextToken") is { Length: > 0 } token)
        {
            after = PageToken.TryRead(token, call.Operation, query.Fingerprint(call.Region))
                ?? throw new AwsApiException("InvalidNextToken", "The specified pagination token is not valid or is expired.");
        }

        call.Sandbox.State.WithEbs(ebs =>
        {
            var wanted = call.Sandbox.Consistency.Visible(ebs.ReplaceRootTasks
                .Where(t => t.Region == call.Region)
                .Where(t => ids.Count == 0 || ids.Contains(t.TaskId))
                .Where(t => Filters.Matches(t, filters)), t => t.TaskId);
            var (page, last) = PageToken.Slice(wanted, t => t.TaskId, after, call.Sandbox.Consistency.PageSize(maxResults ?? 50));
            xml.List("replaceRootVolumeTaskSet", page, t => Write(xml, t));
            xml.Value("nextToken", last is null ? null : PageToken.Create(call.Operation, query.Fingerprint(call.Region), last));
            return 0;
        });
    }

    private static void Write(Ec2ResponseWriter xml, SandboxReplaceRootTask task)
    {
        xml.Value("replaceRootVolumeTaskId", task.TaskId);
        xml.Value("instanceId", task.InstanceId);
        xml.Value("taskState", task.State);
        xml.Value("startTime", Ec2ResponseWriter.Timestamp(task.StartTime));
        if (task.CompleteTime is { } complete) xml.Value("completeTime", Ec2ResponseWriter.Timestamp(complete));
        xml.Tags(task.Tags);
        xml.Value("snapshotId", task.SnapshotId);
        xml.Value("deleteReplacedRootVolume", task.DeleteReplacedRootVolume);
    }
}
