using System.Text.Json;

namespace AwsPatch.Sandbox.Inspector2;

/// <summary>
/// ListFindings' <c>filterCriteria</c> compiled to predicates: AND across fields, alternatives within a field
/// (see <see cref="StringFilterSet"/>; number, date and map filters match when any range or pair matches).
/// Fields that only describe ECR, Lambda or code findings never match an EC2 finding's missing value.
/// Unknown member names are a ValidationException.
/// </summary>
internal sealed class FindingFilter
{
    private static readonly Dictionary<string, Func<Inspector2Finding, IEnumerable<string>>> StringFields = new(StringComparer.Ordinal)
    {
        ["findingArn"] = f => [f.FindingArn],
        ["awsAccountId"] = f => [f.AwsAccountId],
        ["findingType"] = f => [f.Type],
        ["severity"] = f => [f.Severity],
        ["findingStatus"] = f => [f.Status],
        ["title"] = f => [f.Title],
        ["resourceType"] = f => [f.ResourceType],
        ["resourceId"] = f => [f.ResourceId],
        ["ec2InstanceImageId"] = f => Maybe(f.ImageId),
        ["ec2InstanceVpcId"] = f => Maybe(f.VpcId),
        ["ec2InstanceSubnetId"] = f => Maybe(f.SubnetId),
        ["ecrImageArchitecture"] = _ => [],
        ["ecrImageRegistry"] = _ => [],
        ["ecrImageRepositoryName"] = _ => [],
        ["ecrImageTags"] = _ => [],
        ["ecrImageHash"] = _ => [],
        ["networkProtocol"] = f => Maybe(f.NetworkProtocol),
        ["componentId"] = f => f.NetworkPath.Select(s => s.Key),
        ["componentType"] = f => f.NetworkPath.Select(s => s.Value),
        ["vulnerabilityId"] = f => Maybe(f.VulnerabilityId),
        ["vulnerabilitySource"] = f => Maybe(f.VulnerabilitySource),
        ["vendorSeverity"] = f => Maybe(f.VendorSeverity),
        ["relatedVulnerabilities"] = _ => [],
        ["fixAvailable"] = f => Maybe(f.FixAvailable),
        ["exploitAvailable"] = f => Maybe(f.ExploitAvailable),
        ["lambdaFunctionName"] = _ => [],
        ["lambdaFunctionLayers"] = _ => [],
        ["lambdaFunctionRuntime"] = _ => [],
        ["lambdaFunctionExecutionRoleArn"] = _ => [],
        ["codeVulnerabilityDetectorName"] = _ => [],
        ["codeVulnerabilityDetectorTags"] = _ => [],
        ["codeVulnerabilityFilePath"] = _ => [],
        ["codeRepositoryProjectName"] = _ => [],
        ["codeRepositoryProviderType"] = _ => [],
    };

    private static readonly Dictionary<string, Func<Inspector2Finding, double?>> NumberFields = new(StringComparer.Ordinal)
    {
        ["inspectorScore"] = f => f.InspectorScore,
        ["epssScore"] = f => f.EpssScore,
        ["ecrImageInUseCount"] = _ => null,
    };

    private static readonly Dictionary<string, Func<Inspector2Finding, DateTime?>> DateFields = new(StringComparer.Ordinal)
    {
        ["firstObservedAt"] = f => f.FirstObservedAt,
        ["lastObservedAt"] = f => f.LastObservedAt,
        ["updatedAt"] = f => f.UpdatedAt,
        ["ecrImagePushedAt"] = _ => null,
        ["ecrImageLastInUseAt"] = _ => null,
        ["lambdaFunctionLastModifiedAt"] = _ => null,
    };

    private static readonly string[] PackageMembers = ["name", "version", "epoch", "release", "architecture", "sourceLayerHash", "sourceLambdaLayerArn", "filePath"];

    private readonly List<Func<Inspector2Finding, bool>> _predicates = [];

    /// <summary>Resource ids every match must have (from an EQUALS-only resourceId filter), for the index; null = any.</summary>
    public IReadOnlyList<string>? ResourceIds { get; private set; }

    /// <summary>Finding ARNs every match must have (from an EQUALS-only findingArn filter); null = any.</summary>
    public IReadOnlyList<string>? FindingArns { get; private set; }

    public static FindingFilter Parse(JsonElement request)
    {
        var filter = new FindingFilter();
        if (!request.TryGetProperty("filterCriteria", out var criteria) || criteria.ValueKind == JsonValueKind.Null) return filter;
        if (criteria.ValueKind != JsonValueKind.Object) throw Inspector2Json.CannotParse("filterCriteria", "expected a structure");
        foreach (var field in criteria.EnumerateObject())
        {
            var path = "filterCriteria." + field.Name;
            if (StringFields.TryGetValue(field.Name, out var strings))
            {
                var set = StringFilterSet.Parse(field.Value, path, ["EQUALS", "PREFIX", "NOT_EQUALS"]);
                filter._predicates.Add(f => set.MatchesAny(strings(f)));
                if (field.Name == "resourceId") filter.ResourceIds = set.EqualsOnly;
                if (field.Name == "findingArn") filter.FindingArns = set.EqualsOnly;
            }
            else if (NumberFields.TryGetValue(field.Name, out var number))
            {
                var ranges = Ranges(field.Value, path, "lowerInclusive", "upperInclusive", (e, m, p) => Inspector2Json.Number(e, m, p));
                filter._predicates.Add(f => number(f) is { } v && ranges.Exists(r => (r.Low is null || v >= r.Low) && (r.High is null || v <= r.High)));
            }
            else if (DateFields.TryGetValue(field.Name, out var date))
            {
                var ranges = Ranges(field.Value, path, "startInclusive", "endInclusive", (e, m, p) => Inspector2Json.Timestamp(e, m, p)?.Ticks);
                filter._predicates.Add(f => date(f) is { } v && ranges.Exists(r => (r.Low is null || v.Ticks >= r.Low) && (r.High is null || v.Ticks <= r.High)));
            }
            else if (field.Name == "resourceTags")
            {
                var pairs = MapFilters(field.Value, path);
                filter._predicates.Add(f => pairs.Exists(p => f.ResourceTags.TryGetValue(p.Key, out var v) && (p.Value is null || v == p.Value)));
            }
            else if (field.Name == "vulnerablePackages")
            {
                var packages = PackageFilters(field.Value, path);
                filter._predicates.Add(f => packages.Exists(match => f.Packages.Any(match)));
            }
            else if (field.Name == "portRange")
            {
                var ranges = Ranges(field.Value, path, "beginInclusive", "endInclusive", (e, m, p) => Inspector2Json.Number(e, m, p));
                filter._predicates.Add(f => f.OpenPortBegin is { } begin && f.OpenPortEnd is { } end
                    && ranges.Exists(r => (r.Low is null || begin >= r.Low) && (r.High is null || end <= r.High)));
            }
            else
            {
                throw Inspector2Json.CannotParse(path, "unknown member");
            }
        }

        return filter;
    }

    public bool Matches(Inspector2Finding finding)
    {
        foreach (var predicate in _predicates)
            if (!predicate(finding)) return false;
        return true;
    }

    private static IEnumerable<string> Maybe(string? value) => value is null ? [] : [value];

    private static List<(double? Low, double? High)> Ranges(JsonElement list, string path, string low, string high, Func<JsonElement, string, string, double?> read)
    {
        var result = new List<(double?, double?)>();
        var index = 0;
        foreach (var item in Inspector2Json.List(list, path))
        {
            var itemPath = $"{path}.{++index}.member";
            Inspector2Json.RequireObject(item, itemPath, [low, high]);
            result.Add((read(item, low, $"{itemPath}.{low}"), read(item, high, $"{itemPath}.{high}")));
        }

        return result;
    }

    private static List<KeyValuePair<string, string?>> MapFilters(JsonElement list, string path)
    {
        var result = new List<KeyValuePair<string, string?>>();
        var index = 0;
        foreach (var item in Inspector2Json.List(list, path))
        {
            var itemPath = $"{path}.{++index}.member";
            Inspector2Json.RequireObject(item, itemPath, ["comparison", "key", "value"]);
            Inspector2Json.RequiredEnum(item, "comparison", itemPath + ".comparison", ["EQUALS"]);
            var key = Inspector2Json.RequiredString(item, "key", itemPath + ".key", 1, 128);
            var value = Inspector2Json.String(item, "value", itemPath + ".value");
            if (value is { Length: > 256 }) throw Inspector2Json.Validation(itemPath + ".value", "Member must have length less than or equal to 256", value);
            result.Add(new(key, value));
        }

        return result;
    }

    private static List<Func<Inspector2Package, bool>> PackageFilters(JsonElement list, string path)
    {
        var result = new List<Func<Inspector2Package, bool>>();
        var index = 0;
        foreach (var item in Inspector2Json.List(list, path))
        {
            var itemPath = $"{path}.{++index}.member";
            Inspector2Json.RequireObject(item, itemPath, PackageMembers);
            var parts = new List<Func<Inspector2Package, bool>>();
            foreach (var member in item.EnumerateObject())
            {
                var memberPath = $"{itemPath}.{member.Name}";
                if (member.Name == "epoch")
                {
                    var range = Ranges(JsonDocument.Parse($"[{member.Value.GetRawText()}]").RootElement, memberPath, "lowerInclusive", "upperInclusive",
                        (e, m, p) => Inspector2Json.Number(e, m, p))[0];
                    parts.Add(p => (range.Low is null || p.Epoch >= range.Low) && (range.High is null || p.Epoch <= range.High));
                    continue;
                }

                var set = StringFilterSet.ParseOne(member.Value, memberPath);
                Func<Inspector2Package, string?> value = member.Name switch
                {
                    "name" => p => p.Name,
                    "version" => p => p.Version,
                    "release" => p => p.Release,
                    "architecture" => p => p.Arch,
                    _ => _ => null,
                };
                parts.Add(p => set.Matches(value(p)));
            }

            result.Add(p => parts.TrueForAll(part => part(p)));
        }

        return result;
    }
}
