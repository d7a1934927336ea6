using System.Globalization;
using System.Text.Json;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Inspector2;

/// <summary>
/// ListFindingAggregations with aggregationType AWS_EC2_INSTANCE (the only type the sandbox implements): per
/// instance counts of ACTIVE findings, filtered by ec2InstanceAggregation's amis/operatingSystems/instanceIds/
/// instanceTags, sorted by sortBy (default ALL) and sortOrder (default DESC), then instance id; maxResults 1..100.
/// </summary>
internal static class FindingAggregationsHandler
{
    private static readonly string[] Members = ["aggregationType", "nextToken", "maxResults", "accountIds", "aggregationRequest"];

    private static readonly string[] Types =
    [
        "FINDING_TYPE", "PACKAGE", "TITLE", "REPOSITORY", "AMI", "AWS_EC2_INSTANCE", "AWS_ECR_CONTAINER", "IMAGE_LAYER", "ACCOUNT",
        "AWS_LAMBDA_FUNCTION", "LAMBDA_LAYER", "CODE_REPOSITORY",
    ];

    public static Action<Utf8JsonWriter> Handle(AwsCallContext call, Inspector2State state, JsonElement request)
    {
        Inspector2Json.RequireObject(request, "", Members);
        var type = Inspector2Json.RequiredEnum(request, "aggregationType", "aggregationType", Types);
        if (type != "AWS_EC2_INSTANCE")
            throw Inspector2Json.Validation("aggregationType", "The AwsPatch sandbox implements only the AWS_EC2_INSTANCE aggregation", type, "OTHER");
        var maxResults = Inspector2Json.Int(request, "maxResults", 1, 100) ?? 100;
        var token = Inspector2Json.String(request, "nextToken", "nextToken");
        var fingerprint = Inspector2Service.Fingerprint(call, request, "aggregationType", "accountIds", "aggregationRequest");

        var predicates = new List<Func<Ec2InstanceAggregate, bool>>();
        if (request.TryGetProperty("accountIds", out var accounts) && accounts.ValueKind != JsonValueKind.Null)
        {
            var set = StringFilterSet.Parse(accounts, "accountIds", ["EQUALS", "PREFIX", "NOT_EQUALS"]);
            predicates.Add(a => set.Matches(a.AccountId));
        }

        string sortBy = "ALL", sortOrder = "DESC";
        if (request.TryGetProperty("aggregationRequest", out var aggregation) && aggregation.ValueKind != JsonValueKind.Null)
        {
            Inspector2Json.RequireObject(aggregation, "aggregationRequest", ["ec2InstanceAggregation"]);
            if (aggregation.TryGetProperty("ec2InstanceAggregation", out var ec2) && ec2.ValueKind != JsonValueKind.Null)
            {
                const string path = "aggregationRequest.ec2InstanceAggregation";
                Inspector2Json.RequireObject(ec2, path, ["amis", "operatingSystems", "instanceIds", "instanceTags", "sortOrder", "sortBy"]);
                AddStrings(ec2, "amis", path, a => a.Ami, predicates);
                AddStrings(ec2, "operatingSystems", path, a => a.OperatingSystem, predicates);
                AddStrings(ec2, "instanceIds", path, a => a.InstanceId, predicates);
                if (ec2.TryGetProperty("instanceTags", out var tags) && tags.ValueKind != JsonValueKind.Null)
                {
                    var pairs = new List<KeyValuePair<string, string?>>();
                    var index = 0;
                    foreach (var item in Inspector2Json.List(tags, path + ".instanceTags"))
                    {
                        var itemPath = $"{path}.instanceTags.{++index}.member";
                        Inspector2Json.RequireObject(item, itemPath, ["comparison", "key", "value"]);
                        Inspector2Json.RequiredEnum(item, "comparison", itemPath + ".comparison", ["EQUALS"]);
                        pairs.Add(new(Inspector2Json.RequiredString(item, "key", itemPath + ".key", 1, 128), Inspector2Json.String(item, "value", itemPath + ".value")));
                    }

                    predicates.Add(a => pairs.Exists(p => a.Tags.TryGetValue(p.Key, out var v) && (p.Value is null || v == p.Value)));
                }

                if (ec2.TryGetProperty("sortBy", out _)) sortBy = Inspector2Json.RequiredEnum(ec2, "sortBy", path + ".sortBy", ["NETWORK_FINDINGS", "CRITICAL", "HIGH", "ALL"]);
                if (ec2.TryGetProperty("sortOrder", out _)) sortOrder = Inspector2Json.RequiredEnum(ec2, "sortOrder", path + ".sortOrder", ["ASC", "DESC"]);
            }
        }

        Func<Ec2InstanceAggregate, long> count = sortBy switch
        {
            "NETWORK_FINDINGS" => a => a.NetworkFindings,
            "CRITICAL" => a => a.Critical,
            "HIGH" => a => a.High,
            _ => a => a.All,
        };
        var matching = state.Snapshot(call.Region).Instances.Where(a => predicates.TrueForAll(p => p(a)));
        var ordered = (sortOrder == "DESC" ? matching.OrderByDescending(count) : matching.OrderBy(count))
            .ThenBy(a => a.InstanceId, StringComparer.Ordinal)
            .ToList();
        string Key(Ec2InstanceAggregate a) => count(a).ToString(CultureInfo.InvariantCulture) + "\u001f" + a.InstanceId;

        var start = 0;
        if (!string.IsNullOrEmpty(token))
        {
            var key = PageToken.TryRead(token, "ListFindingAggregations", fingerprint) ?? throw Inspector2Service.BadToken();
            var at = ordered.FindIndex(a => Key(a) == key);
            start = at < 0 ? ordered.Count : at + 1;
        }

        var page = ordered.Skip(start).Take(maxResults).ToList();
        var next = start + page.Count < ordered.Count ? PageToken.Create("ListFindingAggregations", fingerprint, Key(page[^1])) : null;
        return json =>
        {
            json.WriteStartObject();
            json.WriteString("aggregationType", type);
            if (next is not null) json.WriteString("nextToken", next);
            json.WriteStartArray("responses");
            foreach (var a in page)
            {
                json.WriteStartObject();
                json.WriteStartObject("ec2InstanceAggregation");
                json.WriteString("instanceId", a.InstanceId);
                Inspector2Json.WriteString(json, "ami", a.Ami);
                Inspector2Json.WriteString(json, "operatingSystem", a.OperatingSystem);
                json.WriteStartObject("instanceTags");
                foreach (var (key, value) in a.Tags) json.WriteString(key, value);
                json.WriteEndObject();
                json.WriteString("accountId", a.AccountId);
                json.WriteStartObject("severityCounts");
                json.WriteNumber("all", a.All);
                json.WriteNumber("medium", a.Medium);
                json.WriteNumber("high", a.High);
                json.WriteNumber("critical", a.Critical);
                json.WriteEndObject();
                json.WriteNumber("networkFindings", a.NetworkFindings);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        };
    }

    private static void AddStrings(JsonElement ec2, string member, string path, Func<Ec2InstanceAggregate, string?> value, List<Func<Ec2InstanceAggregate, bool>> predicates)
    {
        if (!ec2.TryGetProperty(member, out var list) || list.ValueKind == JsonValueKind.Null) return;
        var set = StringFilterSet.Parse(list, $"{path}.{member}", ["EQUALS", "PREFIX", "NOT_EQUALS"]);
        predicates.Add(a => set.Matches(value(a)));
    }
}
