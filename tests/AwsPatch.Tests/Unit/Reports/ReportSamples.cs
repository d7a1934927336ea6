using AwsPatch.Reports;

namespace AwsPatch.Tests.Unit.Reports;

/// <summary>Report input built in C#: a small fleet's compliance, findings, priorities and run results, and hostile strings.</summary>
internal static class ReportSamples
{
    public const string ScriptPayload = "<script>window.__xss=1;document.title='pwned'</script>";
    public const string AttributePayload = "\"><img src=x onerror=\"window.__xss=2;document.title='pwned'\">";
    public const string QuotePayload = "it's \"quoted\" & <b>bold</b>";

    public static PatchCompliance Compliance(string id, string state, string? environment = "staging") => new()
    {
        InstanceId = id,
        ComplianceState = state,
        Environment = environment,
        PatchGroup = "web-" + environment,
        MissingCount = state == "Compliant" ? 0 : 3,
        CriticalNonCompliantCount = state == "NonCompliant" ? 1 : 0,
        Operation = "Scan",
        OperationEndTime = new DateTime(2026, 11, 20, 8, 30, 0, DateTimeKind.Utc),
        Region = "us-east-1",
    };

    public static PatchFinding Finding(string instanceId, string severity, string title = "openssh: regreSSHion", string? environment = "staging") => new()
    {
        FindingArn = $"arn:aws:inspector2:us-east-1:123456789012:finding/{instanceId}-{severity}",
        InstanceId = instanceId,
        ResourceId = instanceId,
        ResourceType = "Ec2Instance",
        Severity = severity,
        Title = title,
        VulnerabilityId = "CVE-2024-6387",
        InspectorScore = 8.1,
        EpssScore = 0.4215,
        FixAvailable = "Yes",
        FindingType = "PackageVulnerability",
        PackageName = "openssh-server",
        PackageNames = ["openssh-server", "openssh-clients"],
        Status = "Active",
        Region = "us-east-1",
        ResourceTags = environment is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Environment"] = environment, ["Name"] = "web-1" },
    };

    public static PatchPriority Priority(int rank, string instanceId) => new()
    {
        Rank = rank,
        InstanceId = instanceId,
        RiskScore = 42.5,
        CriticalCount = 1,
        HighCount = 2,
        FindingCount = 3,
        TopVulnerabilityIds = ["CVE-2024-6387", "CVE-2023-38408"],
        Environment = "staging",
        Region = "us-east-1",
    };

    public static PatchRunResult Run(string instanceId, string status) => new()
    {
        RunId = "run-20261122T213000Z-1a2b3c",
        CommandId = "11111111-2222-3333-4444-555555555555",
        InstanceId = instanceId,
        Operation = "Install",
        Status = status,
        Region = "us-east-1",
        IsComplete = true,
    };

    /// <summary>3 compliant + 1 non-compliant staging, 1 not-scanned production, 1 stale without Environment; findings 2 Critical, 1 High; 2 runs Success, 1 Failed; 1 priority.</summary>
    public static ReportContent Mixed() => Content(MixedObjects());

    public static IEnumerable<object> MixedObjects() =>
    [
        Compliance("i-0000000000000001", "Compliant"),
        Compliance("i-0000000000000002", "Compliant"),
        Compliance("i-0000000000000003", "Compliant"),
        Compliance("i-0000000000000004", "NonCompliant"),
        Compliance("i-0000000000000005", "NotScanned", "production"),
        Compliance("i-0000000000000006", "Stale", null),
        Finding("i-0000000000000004", "Critical"),
        Finding("i-0000000000000004", "Critical"),
        Finding("i-0000000000000005", "High", environment: "production"),
        Priority(1, "i-0000000000000004"),
        Run("i-0000000000000001", "Success"),
        Run("i-0000000000000002", "Success"),
        Run("i-0000000000000004", "Failed"),
    ];

    /// <summary>A report whose finding title and Environment tag values carry script and attribute-breaking payloads.</summary>
    public static ReportContent Hostile() => Content(HostileObjects());

    public static IEnumerable<object> HostileObjects() =>
    [
        Compliance("i-0000000000000001", "Compliant", ScriptPayload),
        Compliance("i-0000000000000002", "NonCompliant", AttributePayload),
        Finding("i-0000000000000001", "Critical", title: ScriptPayload, environment: AttributePayload),
        Finding("i-0000000000000002", "High", title: AttributePayload, environment: ScriptPayload),
        Finding("i-0000000000000002", ScriptPayload, title: QuotePayload),
        Run("i-0000000000000002", "Failed"),
        new PatchRollout
        {
            RolloutId = "ro-hostile", State = "Failed", StartedAt = new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc), TestedPatches = [ScriptPayload],
            Waves =
            [
                new PatchRolloutWave
                {
                    Wave = 1, Name = AttributePayload, State = "Failed", InstanceIds = ["i-0000000000000002"], GateOutcomes = [ScriptPayload],
                    StartedAt = new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc), CompletedAt = new DateTime(2026, 11, 20, 8, 30, 0, DateTimeKind.Utc),
                },
            ],
        },
        new PatchRolloutResult { RolloutId = "ro-hostile", Wave = 1, WaveName = AttributePayload, InstanceId = "i-0000000000000002", Status = "Failed", RolledBack = true, SnapshotId = "snap-0000000000000002", Error = ScriptPayload },
    ];

    private static ReportContent Content(IEnumerable<object> items)
    {
        var content = new ReportContent();
        foreach (var item in items)
            Assert.True(content.TryAdd(item));
        return content;
    }

    public static string Html(ReportContent content, string title = "Patch report")
    {
        using var writer = new StringWriter();
        HtmlReport.Write(writer, content, title, new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc));
        return writer.ToString();
    }
}
