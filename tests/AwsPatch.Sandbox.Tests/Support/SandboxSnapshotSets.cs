using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>Seeds AwsPatch snapshot sets straight into the sandbox, tagged as New-PatchSnapshot tags them.</summary>
internal static class SandboxSnapshotSets
{
    /// <summary>A completed set of every volume of <paramref name="instance"/> under <paramref name="runId"/>; returns its snapshot ids, root first.</summary>
    public static List<string> Seed(SandboxServer server, SandboxInstance instance, string runId, DateTime start)
    {
        var ids = new List<string>();
        foreach (var volume in instance.Volumes)
        {
            var id = server.State.NewId("snap");
            ids.Add(id);
            server.State.AddSnapshot(new SandboxSnapshot
            {
                SnapshotId = id,
                VolumeId = volume.VolumeId,
                Region = instance.Region,
                InstanceId = instance.InstanceId,
                StartTime = start,
                VolumeSizeGiB = volume.SizeGiB,
                Tags = new(StringComparer.Ordinal) { ["AwsPatch:RunId"] = runId, ["AwsPatch:InstanceId"] = instance.InstanceId, ["AwsPatch:CreatedBy"] = "AwsPatch 0.1.0" },
            });
        }
        return ids;
    }
}
