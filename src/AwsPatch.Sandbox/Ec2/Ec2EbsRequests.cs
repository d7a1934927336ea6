using System.Globalization;
using System.Text.RegularExpressions;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>Shared parsing and id checks of the snapshot, image and replace-root handlers.</summary>
internal static partial class Ec2EbsRequests
{
    [GeneratedRegex("^snap-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex SnapshotIdPattern();

    [GeneratedRegex("^i-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex InstanceIdPattern();

    public static void CheckSnapshotIds(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if (!SnapshotIdPattern().IsMatch(id))
                throw new AwsApiException("InvalidSnapshotID.Malformed", $"Invalid id: \"{id}\" (expecting \"snap-...\")");
        }
    }

    public static void CheckInstanceId(string id)
    {
        if (!InstanceIdPattern().IsMatch(id))
            throw new AwsApiException("InvalidInstanceID.Malformed", $"Invalid id: \"{id}\"");
    }

    public static string Required(QueryParameters query, string name) =>
        query.Get(name) is { Length: > 0 } value
            ? value
            : throw new AwsApiException("MissingParameter", $"The request must contain the parameter {name}");

    public static void ThrowIfDryRun(QueryParameters query)
    {
        if (query.GetBool("DryRun"))
            throw new AwsApiException("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
    }

    /// <summary><c>TagSpecification.N.ResourceType</c> and <c>TagSpecification.N.Tag.M.Key/Value</c> for one resource type.</summary>
    public static Dictionary<string, string> TagSpecifications(QueryParameters query, string resourceType)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 1; query.Get($"TagSpecification.{n}.ResourceType") is { } type; n++)
        {
            if (type != resourceType)
                throw new AwsApiException("InvalidParameterValue", $"'{type}' is not a valid taggable resource type for this operation.");
            for (var m = 1; query.Get($"TagSpecification.{n}.Tag.{m}.Key") is { } key; m++)
            {
                if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                    throw new AwsApiException("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
                if (key.Length > 128)
                    throw new AwsApiException("InvalidParameterValue", $"Tag key exceeds the maximum length of 128 characters: {key}");
                var value = query.Get($"TagSpecification.{n}.Tag.{m}.Value") ?? "";
                if (value.Length > 256)
                    throw new AwsApiException("InvalidParameterValue", $"Tag value exceeds the maximum length of 256 characters for key {key}");
                tags[key] = value;
            }
        }

        if (tags.Count > 50)
            throw new AwsApiException("TagLimitExceeded", "The maximum number of tags per resource (50) has been exceeded.");
        return tags;
    }

    public static string Percent(int progress) => progress.ToString(CultureInfo.InvariantCulture) + "%";
}
