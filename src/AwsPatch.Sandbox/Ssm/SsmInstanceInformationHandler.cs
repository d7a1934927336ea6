using System.Text.Json;
using System.Text.RegularExpressions;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>
/// DescribeInstanceInformation: the SSM-managed instances of the signing region, filtered by
/// <c>Filters</c> (or the legacy <c>InstanceInformationFilterList</c>, never both) and paged 5..50, 10 by default. As the
/// API reference says: "This operation does not return information for nodes that are either Stopped or Terminated", so
/// a stopped instance is left out (its id in the InstanceIds filter too, without an error: it is a valid id the account
/// owns); and "If you specify a node ID that isn't valid or a node that you don't own, you receive an error": an id in
/// the InstanceIds filter that is not the account's, or terminated, is <c>InvalidInstanceId</c> and the whole call fails.
/// An owned instance SSM does not manage is likewise simply absent (the module finds the managed ones either way:
/// <c>SsmInstanceLookup</c>, and tells a stopped instance from an unmanaged one by its EC2 state).
/// </summary>
internal sealed partial class SsmInstanceInformationHandler : ISsmHandler
{
    private const int MaxPage = 50;

    /// <summary>The model's InstanceInformationFilterValueSet and InstanceInformationStringFilter Values: 1 to 100 values.</summary>
    private static readonly (int Min, int Max) FilterValueCount = (1, 100);

    /// <summary>The page size when the request names none ("The default value is 10 items").</summary>
    internal const int DefaultPage = 10;

    private static readonly string[] LegacyKeys =
        ["InstanceIds", "AgentVersion", "PingStatus", "PlatformTypes", "ActivationIds", "IamRole", "ResourceType", "AssociationStatus"];

    private static readonly HashSet<string> StringKeys = new(LegacyKeys.Concat(["SourceIds", "SourceTypes", "tag-key"]), StringComparer.Ordinal);

    private static readonly Dictionary<string, string[]> AllowedValues = new(StringComparer.Ordinal)
    {
        ["PingStatus"] = ["Online", "ConnectionLost", "Inactive"],
        ["PlatformTypes"] = ["Windows", "Linux", "MacOS"],
        ["ResourceType"] = ["EC2Instance", "ManagedInstance"],
        ["SourceTypes"] = ["AWS::EC2::Instance", "AWS::SSM::ManagedInstance", "AWS::IoT::Thing"],
    };

    [GeneratedRegex(@"(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)")]
    private static partial Regex InstanceIdPattern();

    public IReadOnlyCollection<string> Operations { get; } = ["DescribeInstanceInformation"];

    public void Handle(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var maxResults = SsmRequestReader.Int(request, "MaxResults", 5, MaxPage) ?? DefaultPage;
        var legacy = SsmRequestReader.KeyValuesList(request, "InstanceInformationFilterList", "key", "valueSet", FilterValueCount);
        var filters = SsmRequestReader.KeyValuesList(request, "Filters", "Key", "Values", FilterValueCount);
        if (legacy.Count > 0 && filters.Count > 0)
            throw new AwsApiException("InvalidInstanceInformationFilterValue",
                "InstanceInformationFilterList and Filters cannot be used in the same request. Use Filters.");
        for (var i = 0; i < legacy.Count; i++)
        {
            if (!LegacyKeys.Contains(legacy[i].Key, StringComparer.Ordinal))
                throw SsmRequestReader.Validation(legacy[i].Key, $"instanceInformationFilterList.{i + 1}.member.key",
                    $"Member must satisfy enum value set: [{string.Join(", ", LegacyKeys)}]");
        }

        var all = legacy.Count > 0 ? legacy : filters;
        foreach (var (key, values) in all) Validate(key, values);

        var fingerprint = call.Region + "|" + string.Join(";", all.Select(f => f.Key + "=" + string.Join(",", f.Values)));
        string? after = null;
        if (SsmRequestReader.String(request, "NextToken") is { Length: > 0 } token)
        {
            after = PageToken.TryRead(token, call.Operation, fingerprint)
                ?? throw new AwsApiException("InvalidNextToken", "The specified token isn't valid.");
        }

        // Each filter's values as a set: a fleet-wide listing asks 50 ids a call of thousands of instances.
        var sets = all.Select(f => (f.Key, Values: new HashSet<string>(f.Values, StringComparer.Ordinal))).ToList();
        call.Sandbox.State.Read(instances =>
        {
            var regional = instances.Where(i => i.Region == call.Region).ToList();
            var named = all.Where(f => f.Key == "InstanceIds").SelectMany(f => f.Values).ToList();
            if (named.Count > 0)
            {
                var owned = regional.Where(i => i.State != "terminated").Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
                if (named.FirstOrDefault(id => !owned.Contains(id)) is { } stranger)
                    throw new AwsApiException("InvalidInstanceId", $"Instance Id {stranger} is not valid or is not owned by this account.");
            }

            var managed = regional.Where(i => i.Ssm is not null && i.State is not ("terminated" or "stopped"))
                .Where(i => sets.All(f => Matches(i, f.Key, f.Values)));
            var (page, last) = PageToken.Slice(managed, i => i.InstanceId, after, call.Sandbox.Consistency.PageSize(maxResults));

            json.WriteStartObject();
            json.WriteStartArray("InstanceInformationList");
            foreach (var instance in page) Write(json, instance);
            json.WriteEndArray();
            if (last is not null) json.WriteString("NextToken", PageToken.Create(call.Operation, fingerprint, last));
            json.WriteEndObject();
            return 0;
        });
    }

    private static void Validate(string key, List<string> values)
    {
        if (!StringKeys.Contains(key) && !(key.StartsWith("tag:", StringComparison.Ordinal) && key.Length > 4))
            throw new AwsApiException("InvalidFilterKey", $"The filter key '{key}' is not valid.");
        if (AllowedValues.TryGetValue(key, out var allowed) && values.FirstOrDefault(v => !allowed.Contains(v, StringComparer.Ordinal)) is { } bad)
            throw new AwsApiException("InvalidInstanceInformationFilterValue", $"The filter value '{bad}' is not valid for the filter key '{key}'.");
        if (key == "InstanceIds" && values.FirstOrDefault(v => !InstanceIdPattern().IsMatch(v)) is { } badId)
            throw new AwsApiException("InvalidInstanceId", $"Instance Id {badId} is not valid.");
    }

    private static bool Matches(SandboxInstance instance, string key, HashSet<string> values)
    {
        var ssm = instance.Ssm!;
        return key switch
        {
            "InstanceIds" or "SourceIds" => values.Contains(instance.InstanceId),
            "AgentVersion" => values.Contains(ssm.AgentVersion),
            "PingStatus" => values.Contains(ssm.PingStatus),
            "PlatformTypes" => values.Contains(ssm.PlatformType),
            "ResourceType" => values.Contains("EC2Instance"),
            "SourceTypes" => values.Contains("AWS::EC2::Instance"),
            "AssociationStatus" => ssm.AssociationStatus is { } status && values.Contains(status),
            "ActivationIds" or "IamRole" => false,
            "tag-key" => values.Any(instance.Tags.ContainsKey),
            _ => instance.Tags.TryGetValue(key[4..], out var tag) && values.Contains(tag),
        };
    }

    private static void Write(Utf8JsonWriter json, SandboxInstance instance)
    {
        var ssm = instance.Ssm!;
        json.WriteStartObject();
        json.WriteString("InstanceId", instance.InstanceId);
        json.WriteString("PingStatus", ssm.PingStatus);
        JsonProtocol.WriteTimestamp(json, "LastPingDateTime", ssm.LastPingDateTime);
        json.WriteString("AgentVersion", ssm.AgentVersion);
        json.WriteBoolean("IsLatestVersion", ssm.IsLatestVersion);
        json.WriteString("PlatformType", ssm.PlatformType);
        json.WriteString("PlatformName", ssm.PlatformName);
        json.WriteString("PlatformVersion", ssm.PlatformVersion);
        json.WriteString("ResourceType", "EC2Instance");
        json.WriteString("IPAddress", instance.PrivateIpAddress);
        json.WriteString("ComputerName", ssm.ComputerName ?? instance.EffectivePrivateDnsName);
        if (ssm.AssociationStatus is { } association)
        {
            json.WriteString("AssociationStatus", association);
            JsonProtocol.WriteTimestamp(json, "LastAssociationExecutionDate", ssm.LastPingDateTime);
            if (association == "Success") JsonProtocol.WriteTimestamp(json, "LastSuccessfulAssociationExecutionDate", ssm.LastPingDateTime);
            json.WriteStartObject("AssociationOverview");
            json.WriteString("DetailedStatus", association);
            json.WriteStartObject("InstanceAssociationStatusAggregatedCount");
            json.WriteNumber(association, 1);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteString("SourceId", instance.InstanceId);
        json.WriteString("SourceType", "AWS::EC2::Instance");
        json.WriteEndObject();
    }
}
