using System.Globalization;
using System.Text.Json;

namespace AwsPatch.Sandbox.Inspector2;

/// <summary>
/// ListFindings' <c>sortCriteria</c>: a primary key per <c>SortField</c>, then the finding ARN, so every order
/// is total and a page token (the last item's key) resumes exactly after that item.
/// </summary>
internal sealed class FindingOrder : IComparer<Inspector2Finding>
{
    public static readonly FindingOrder Default = new("", false);

    private static readonly string[] Fields =
    [
        "AWS_ACCOUNT_ID", "FINDING_TYPE", "SEVERITY", "FIRST_OBSERVED_AT", "LAST_OBSERVED_AT", "FINDING_STATUS", "RESOURCE_TYPE",
        "ECR_IMAGE_PUSHED_AT", "ECR_IMAGE_REPOSITORY_NAME", "ECR_IMAGE_REGISTRY", "NETWORK_PROTOCOL", "COMPONENT_TYPE", "VULNERABILITY_ID",
        "VULNERABILITY_SOURCE", "INSPECTOR_SCORE", "VENDOR_SEVERITY", "EPSS_SCORE",
    ];

    private FindingOrder(string field, bool descending)
    {
        Field = field;
        Descending = descending;
    }

    public string Field { get; }
    public bool Descending { get; }
    public bool IsDefault => Field.Length == 0;

    public static FindingOrder Parse(JsonElement request)
    {
        if (!request.TryGetProperty("sortCriteria", out var sort) || sort.ValueKind == JsonValueKind.Null) return Default;
        Inspector2Json.RequireObject(sort, "sortCriteria", ["field", "sortOrder"]);
        var field = Inspector2Json.RequiredEnum(sort, "field", "sortCriteria.field", Fields);
        var order = Inspector2Json.RequiredEnum(sort, "sortOrder", "sortCriteria.sortOrder", ["ASC", "DESC"]);
        return new FindingOrder(field, order == "DESC");
    }

    public static int SeverityRank(string severity) => severity switch
    {
        "CRITICAL" => 5, "HIGH" => 4, "MEDIUM" => 3, "LOW" => 2, "INFORMATIONAL" => 1, _ => 0,
    };

    public (double Number, string Text) Key(Inspector2Finding f) => Field switch
    {
        "" => (0, ""),
        "SEVERITY" => (SeverityRank(f.Severity), ""),
        "INSPECTOR_SCORE" => (f.InspectorScore ?? -1, ""),
        "EPSS_SCORE" => (f.EpssScore ?? -1, ""),
        "FIRST_OBSERVED_AT" => (f.FirstObservedAt.Ticks, ""),
        "LAST_OBSERVED_AT" => (f.LastObservedAt.Ticks, ""),
        "AWS_ACCOUNT_ID" => (0, f.AwsAccountId),
        "FINDING_TYPE" => (0, f.Type),
        "FINDING_STATUS" => (0, f.Status),
        "RESOURCE_TYPE" => (0, f.ResourceType),
        "NETWORK_PROTOCOL" => (0, f.NetworkProtocol ?? ""),
        "VULNERABILITY_ID" => (0, f.VulnerabilityId ?? ""),
        "VULNERABILITY_SOURCE" => (0, f.VulnerabilitySource ?? ""),
        "VENDOR_SEVERITY" => (0, f.VendorSeverity ?? ""),
        _ => (0, ""),
    };

    public int Compare(Inspector2Finding? x, Inspector2Finding? y) => Compare(Key(x!), x!.FindingArn, Key(y!), y!.FindingArn);

    public int Compare((double Number, string Text) a, string arnA, (double Number, string Text) b, string arnB)
    {
        var c = a.Number.CompareTo(b.Number);
        if (c == 0) c = string.CompareOrdinal(a.Text, b.Text);
        if (Descending) c = -c;
        return c != 0 ? c : string.CompareOrdinal(arnA, arnB);
    }

    public Inspector2Finding[] Sort(IReadOnlyList<Inspector2Finding> items)
    {
        var sorted = items.ToArray();
        var keys = sorted.Select(f => (Key: Key(f), f.FindingArn)).ToArray();
        Array.Sort(keys, sorted, Comparer<((double, string) Key, string Arn)>.Create((a, b) => Compare(a.Key, a.Arn, b.Key, b.Arn)));
        return sorted;
    }

    /// <summary>The page-token key of a finding: its sort key and ARN.</summary>
    public string TokenKey(Inspector2Finding f)
    {
        var key = Key(f);
        return string.Join('\u001f', key.Number.ToString("R", CultureInfo.InvariantCulture), key.Text, f.FindingArn);
    }

    /// <summary>Index of the first item of <paramref name="sorted"/> after the token key; null when the key is malformed.</summary>
    public int? StartAfter(Inspector2Finding[] sorted, string tokenKey)
    {
        var parts = tokenKey.Split('\u001f');
        if (parts.Length != 3 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return null;
        var key = (number, parts[1]);
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Compare(Key(sorted[mid]), sorted[mid].FindingArn, key, parts[2]) <= 0) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }
}
