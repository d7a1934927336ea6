using System.Text.RegularExpressions;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>EC2 resource id checks and the exact not-found/malformed errors EC2 answers with.</summary>
internal static partial class Ec2Ids
{
    [GeneratedRegex("^i-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex InstanceIdPattern();

    [GeneratedRegex("^vol-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex VolumeIdPattern();

    public static void CheckInstanceIds(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if (!InstanceIdPattern().IsMatch(id))
                throw new AwsApiException("InvalidInstanceID.Malformed", $"Invalid id: \"{id}\"");
        }
    }

    public static void CheckVolumeIds(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if (!VolumeIdPattern().IsMatch(id))
                throw new AwsApiException("InvalidVolumeID.Malformed", $"Invalid id: \"{id}\"");
        }
    }

    /// <summary>EC2 fails the whole call when any requested id is unknown, naming every unknown id.</summary>
    public static void ThrowIfInstancesMissing(IReadOnlyList<string> requested, ISet<string> known)
    {
        var missing = requested.Where(id => !known.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 1)
            throw new AwsApiException("InvalidInstanceID.NotFound", $"The instance ID '{missing[0]}' does not exist");
        if (missing.Count > 1)
            throw new AwsApiException("InvalidInstanceID.NotFound", $"The instance IDs '{string.Join(", ", missing)}' do not exist");
    }

    public static void ThrowIfVolumesMissing(IReadOnlyList<string> requested, ISet<string> known)
    {
        var missing = requested.Where(id => !known.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 1)
            throw new AwsApiException("InvalidVolume.NotFound", $"The volume '{missing[0]}' does not exist.");
        if (missing.Count > 1)
            throw new AwsApiException("InvalidVolume.NotFound", $"The volumes '{string.Join(", ", missing)}' do not exist.");
    }
}
