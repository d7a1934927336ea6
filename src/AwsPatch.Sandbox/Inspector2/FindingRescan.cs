namespace AwsPatch.Sandbox.Inspector2;

/// <summary>
/// Inspector's rescan of an instance after a patch operation, as the agent-based EC2 scan does when the SSM inventory
/// changes: <see cref="Inspector2State.RescanDelay"/> after a Scan or Install completed (after the reboot, when the
/// install rebooted), the instance's open package findings are re-evaluated at that time. A finding closes (CLOSED,
/// <c>updatedAt</c> = the rescan) when the operation was a successful Install that ended after the finding was first
/// observed, no patch waits for a reboot, a fix exists (<c>fixedInVersion</c> is not NotAvailable) and the
/// instance's default baseline approves the fix (<see cref="InBaseline"/>); every other open finding is observed again
/// (<c>lastObservedAt</c> and <c>updatedAt</c> = the rescan). Network findings never change.
/// </summary>
internal static class FindingRescan
{
    /// <summary>
    /// Whether the default baseline installs the fix: Windows (cumulative updates are SecurityUpdates of MSRC severity
    /// Critical or Important) always; Linux (security updates of severity Critical or Important) for CRITICAL and HIGH findings.
    /// </summary>
    public static bool InBaseline(Inspector2Finding finding) =>
        finding.Platform?.StartsWith("WINDOWS", StringComparison.Ordinal) == true || finding.Severity is "CRITICAL" or "HIGH";

    public static bool HasFix(Inspector2Finding finding) =>
        finding.FixAvailable is "YES" or "PARTIAL" && finding.Packages.Any(p => p.FixedInVersion is { } v && v != "NotAvailable");

    /// <summary>What the rescan at <paramref name="at"/> after <paramref name="state"/> makes of one finding (the same one when untouched).</summary>
    public static Inspector2Finding Apply(Inspector2Finding finding, InstancePatchState state, DateTime at)
    {
        if (finding.Status != "ACTIVE" || finding.Type != "PACKAGE_VULNERABILITY") return finding;
        var fixedByInstall = state is { LastOperation: "Install", LastOutcome: "Success", PendingReboot: false }
            && state.LastOperationTime >= finding.FirstObservedAt && HasFix(finding) && InBaseline(finding);
        return fixedByInstall
            ? Copy(finding, "CLOSED", finding.LastObservedAt, at)
            : Copy(finding, finding.Status, at, at);
    }

    private static Inspector2Finding Copy(Inspector2Finding f, string status, DateTime lastObserved, DateTime updated) => new()
    {
        FindingArn = f.FindingArn, AwsAccountId = f.AwsAccountId, Region = f.Region, Type = f.Type, Title = f.Title, Description = f.Description,
        Severity = f.Severity, Status = status, InspectorScore = f.InspectorScore, EpssScore = f.EpssScore, ExploitAvailable = f.ExploitAvailable,
        LastKnownExploitAt = f.LastKnownExploitAt, FixAvailable = f.FixAvailable, FirstObservedAt = f.FirstObservedAt, LastObservedAt = lastObserved,
        UpdatedAt = updated, RemediationText = f.RemediationText, RemediationUrl = f.RemediationUrl, VulnerabilityId = f.VulnerabilityId,
        VulnerabilitySource = f.VulnerabilitySource, SourceUrl = f.SourceUrl, VendorSeverity = f.VendorSeverity, CvssBaseScore = f.CvssBaseScore,
        CvssVector = f.CvssVector, CvssVersion = f.CvssVersion, ReferenceUrls = f.ReferenceUrls, Packages = f.Packages, OpenPortBegin = f.OpenPortBegin,
        OpenPortEnd = f.OpenPortEnd, NetworkProtocol = f.NetworkProtocol, NetworkPath = f.NetworkPath, ResourceType = f.ResourceType,
        ResourceId = f.ResourceId, ResourceTags = f.ResourceTags, InstanceType = f.InstanceType, ImageId = f.ImageId, IpV4Addresses = f.IpV4Addresses,
        Platform = f.Platform, LaunchedAt = f.LaunchedAt, IamInstanceProfileArn = f.IamInstanceProfileArn, VpcId = f.VpcId, SubnetId = f.SubnetId,
    };
}
