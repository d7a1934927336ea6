using AwsPatch.Remediation;

namespace AwsPatch.Tests.Unit.Remediation;

/// <summary>RemediationService.Assess on hand-built findings: which reason wins, and what is not about the install.</summary>
public sealed class RemediationAssessTests
{
    private static readonly DateTime Patched = new(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc);

    private static PatchCompliance Patch(int pendingReboot = 0) => new()
    {
        InstanceId = "i-0123456789abcdef0", Region = "us-east-1", Operation = "Install", OperationEndTime = Patched, InstalledPendingRebootCount = pendingReboot,
    };

    private static PatchFinding Finding(string status = "Active", string fix = "Yes", string? fixedIn = "1.2", DateTime? first = null, DateTime? updated = null) => new()
    {
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
        Assert.Equal("PackageNotInBaseline", RemediationService.Assess(Finding(), Patch(), Patched.AddMinutes(1))!.Reason);
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
