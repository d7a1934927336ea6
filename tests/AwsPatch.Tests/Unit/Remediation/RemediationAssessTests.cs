using AwsPatch.Aws;
using AwsPatch.Remediation;

namespace AwsPatch.Tests.Unit.Remediation;

/// <summary>
/// RemediationService.Assess on hand-built findings: which reason wins, what is not about the install, and how the
/// instance's baseline (GetPatchBaseline) tells PackageNotInBaseline from Unknown.
/// </summary>
public sealed class RemediationAssessTests
{
    private static readonly DateTime Patched = new(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc);

    private static PatchCompliance Patch(int pendingReboot = 0) => new()
    {
        InstanceId = "i-0123456789abcdef0", Region = "us-east-1", Operation = "Install", OperationEndTime = Patched, InstalledPendingRebootCount = pendingReboot,
    };

    private static PatchFinding Finding(string status = "Active", string fix = "Yes", string? fixedIn = "1.2", DateTime? first = null, DateTime? updated = null,
        string? vendorSeverity = "Important", string package = "openssl-libs", string? remediation = null) => new()
    {
        VendorSeverity = vendorSeverity, PackageName = package, Remediation = remediation,
        FindingArn = "arn:aws:inspector2:us-east-1:123456789012:finding/1", FindingType = "PackageVulnerability", Severity = "High", Status = status,
        FixAvailable = fix, FixedInVersion = fixedIn, FirstObservedAt = first ?? Patched.AddDays(-4), UpdatedAt = updated, VulnerabilityId = "CVE-2024-0001",
        ResourceTags = new Dictionary<string, string> { ["Environment"] = "staging" },
    };

    [Fact]
    public void No_fix_wins_over_a_pending_reboot_and_a_pending_reboot_over_a_missing_rescan()
    {
        Assert.Equal("NoFixAvailable", RemediationService.Assess(Finding(fix: "No", fixedIn: "NotAvailable"), Patch(pendingReboot: 2), null)!.Reason);
        Assert.Equal("PendingReboot", RemediationService.Assess(Finding(), Patch(pendingReboot: 2), null)!.Reason);
        Assert.Equal("NotRescannedYet", RemediationService.Assess(Finding(), Patch(), Patched)!.Reason); // a scan at the patch time is not after it
        var unchecked_ = RemediationService.Assess(Finding(), Patch(), Patched.AddMinutes(1))!;
        Assert.Equal("Unknown", unchecked_.Reason); // no evidence about the baseline: not a guess
        Assert.Contains("could not be checked", unchecked_.ReasonDetail, StringComparison.Ordinal);
    }

    /// <summary>AWS-AmazonLinux2023DefaultPatchBaseline's rules.</summary>
    private static PatchBaselineRecord AmazonLinux(IReadOnlyList<string>? approved = null, IReadOnlyList<string>? rejected = null) => new()
    {
        BaselineId = "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0aa1d1b3ce2f0a2b7", Name = "AWS-AmazonLinux2023DefaultPatchBaseline", OperatingSystem = "AMAZON_LINUX_2023",
        Rules = new[]
        {
            Rule(7, ("PRODUCT", new[] { "*" }), ("CLASSIFICATION", new[] { "Security" }), ("SEVERITY", new[] { "Critical", "Important" })),
            Rule(7, ("PRODUCT", new[] { "*" }), ("CLASSIFICATION", new[] { "Bugfix" })),
        },
        ApprovedPatches = approved ?? Array.Empty<string>(),
        RejectedPatches = rejected ?? Array.Empty<string>(),
    };

    private static PatchBaselineRule Rule(int? days, params (string Key, string[] Values)[] filters) => new()
    {
        ApproveAfterDays = days,
        Filters = filters.Select(f => new KeyValuePair<string, IReadOnlyList<string>>(f.Key, f.Values)).ToList(),
    };

    private static PatchRemediation Rescanned(PatchFinding finding, PatchBaselineRecord baseline) =>
        RemediationService.Assess(finding, Patch(), Patched.AddMinutes(5), BaselineEvidence.Of(baseline))!;

    [Fact]
    public void A_fix_no_rule_approves_is_PackageNotInBaseline_naming_the_rules_and_the_finding_s_severity()
    {
        var medium = Rescanned(Finding(vendorSeverity: "Medium"), AmazonLinux());
        Assert.Equal(("StillOpen", "PackageNotInBaseline"), (medium.Outcome, medium.Reason));
        Assert.Contains("AWS-AmazonLinux2023DefaultPatchBaseline approves only", medium.ReasonDetail, StringComparison.Ordinal);
        Assert.Contains("SEVERITY=Critical|Important", medium.ReasonDetail, StringComparison.Ordinal);
        Assert.Contains("vendor severity Medium", medium.ReasonDetail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_package_is_PackageNotInBaseline_and_an_explicitly_approved_one_is_Unknown()
    {
        var rejected = Rescanned(Finding(), AmazonLinux(rejected: new[] { "openssl-libs.x86_64" }));
        Assert.Equal("PackageNotInBaseline", rejected.Reason);
        Assert.Contains("rejects openssl-libs", rejected.ReasonDetail, StringComparison.Ordinal);
        Assert.Equal("Unknown", Rescanned(Finding(vendorSeverity: "Low"), AmazonLinux(approved: new[] { "openssl-libs-3.0.8-1.amzn2023" })).Reason);
        // "openssl" is another package: its entry does not name openssl-libs.
        Assert.Equal("PackageNotInBaseline", Rescanned(Finding(vendorSeverity: "Low"), AmazonLinux(approved: new[] { "openssl" })).Reason);
    }

    [Fact]
    public void A_fix_the_baseline_approves_is_Unknown_and_says_what_was_checked()
    {
        var approved = Rescanned(Finding(vendorSeverity: "Important"), AmazonLinux());
        Assert.Equal("Unknown", approved.Reason);
        Assert.Contains("rule 1", approved.ReasonDetail, StringComparison.Ordinal);
        Assert.Contains("7 days after release", approved.ReasonDetail, StringComparison.Ordinal);
        Assert.Contains("Get-PatchMissing", approved.ReasonDetail, StringComparison.Ordinal);

        var noSeverity = Rescanned(Finding(vendorSeverity: null), AmazonLinux());
        Assert.Equal("Unknown", noSeverity.Reason);
        Assert.Contains("also filters on SEVERITY", noSeverity.ReasonDetail, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_is_judged_by_KB_and_MSRC_severity()
    {
        var windows = new PatchBaselineRecord
        {
            BaselineId = "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0e2e6fb6dbd3b6a49", Name = "AWS-DefaultPatchBaseline", OperatingSystem = "WINDOWS",
            Rules = new[] { Rule(7, ("PRODUCT", new[] { "*" }), ("CLASSIFICATION", new[] { "CriticalUpdates", "SecurityUpdates" }), ("MSRC_SEVERITY", new[] { "Critical", "Important" })) },
            RejectedPatches = new[] { "KB5041160" },
        };
        var finding = Finding(vendorSeverity: "Important", package: "Microsoft Windows Server 2022 Datacenter", remediation: "Install KB5041160.");
        var rejected = Rescanned(finding, windows);
        Assert.Equal(("PackageNotInBaseline", "KB5041160"), (rejected.Reason, rejected.KbId));
        Assert.Equal("Unknown", Rescanned(finding, new PatchBaselineRecord { Name = windows.Name, OperatingSystem = "WINDOWS", Rules = windows.Rules }).Reason);
        Assert.Equal("PackageNotInBaseline", Rescanned(Finding(vendorSeverity: "Moderate", remediation: "Install KB5041160."), new PatchBaselineRecord { Name = windows.Name, OperatingSystem = "WINDOWS", Rules = windows.Rules }).Reason);
    }

    [Fact]
    public void Closed_after_the_install_is_Closed_with_its_time_to_remediate_and_closed_before_it_is_not_listed()
    {
        var closed = RemediationService.Assess(Finding("Closed", updated: Patched.AddHours(2)), Patch(), Patched.AddHours(2))!;
        Assert.Equal(("Closed", null, "staging"), (closed.Outcome, closed.Reason, closed.Environment));
        Assert.Equal(TimeSpan.FromDays(4) + TimeSpan.FromHours(2), closed.TimeToRemediate);
        Assert.Null(RemediationService.Assess(Finding("Closed", updated: Patched.AddHours(-1)), Patch(), null));
        Assert.Null(RemediationService.Assess(Finding("Suppressed"), Patch(), null));
        Assert.Equal("New", RemediationService.Assess(Finding(first: Patched.AddMinutes(3)), Patch(), null)!.Outcome);
    }
}
