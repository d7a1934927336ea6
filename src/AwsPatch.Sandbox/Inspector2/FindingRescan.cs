namespace AwsPatch.Sandbox.Inspector2;

/// <summary>
/// Inspector's rescan of an instance after a patch operation, as the agent-based EC2 scan does when the SSM inventory
/// changes: <see cref="Inspector2State.RescanDelay"/> after a Scan or Install completed (after the reboot, when the
/// install rebooted), the instance's open package findings are re-evaluated at that time. A finding closes (CLOSED,
/// <c>updatedAt</c> = the rescan) when a successful Install ended after the finding was first observed (a Scan since
/// changes nothing: Inspector reads the packages, not the last operation), no patch waits for a reboot, a fix exists (<c>fixedInVersion</c> is not NotAvailable) and the
/// instance's baseline approves the fix (<see cref="InBaseline"/>; for a finding a patch release opened: that released
/// patch is Installed on the instance, so an install pinned to a baseline snapshot from before the release closes
/// nothing); every other open finding is observed again
/// (<c>lastObservedAt</c> and <c>updatedAt</c> = the rescan). Network findings never change.
/// </summary>
internal static class FindingRescan
{
    /// <summary>
    /// Whether <paramref name="baseline"/> (the instance's, as GetPatchBaseline returns it) approves the finding's fix:
    /// one of its rules matches the patch that carries it, a security patch (Linux classification Security, Windows
    /// SecurityUpdates) of the finding's vendor severity (SEVERITY, MSRC_SEVERITY). PRODUCT, SECTION and PRIORITY
    /// match every package of the sandbox fleet (its packages all belong to the instance's product); approval delays
    /// are met (the fixes were released long before the fleet's clock start). A finding without a vendor severity
    /// matches no severity filter.
    /// </summary>
    public static bool InBaseline(Inspector2Finding finding, SandboxBaseline baseline)
    {
        var classification = baseline.OperatingSystem == "WINDOWS" ? "SecurityUpdates" : "Security";
        bool Matches(string key, string[] values) => values.Contains("*", StringComparer.Ordinal) || key switch
        {
            "CLASSIFICATION" => values.Contains(classification, StringComparer.Ordinal),
            "SEVERITY" or "MSRC_SEVERITY" => finding.VendorSeverity is { } severity && values.Contains(severity, StringComparer.OrdinalIgnoreCase),
            _ => true,
        };
        return baseline.Rules.Any(rule => rule.Filters.All(f => Matches(f.Key, f.Values)));
    }

    public static bool HasFix(Inspector2Finding finding) =>
        finding.FixAvailable is "YES" or "PARTIAL" && finding.Packages.Any(p => p.FixedInVersion is { } v && v != "NotAvailable");

    /// <summary>What the rescan at <paramref name="at"/> after <paramref name="state"/> makes of one finding (the same one when untouched).</summary>
    public static Inspector2Finding Apply(Inspector2Finding finding, InstancePatchState state, SandboxBaseline baseline, DateTime at)
    {
        if (finding.Status != "ACTIVE" || finding.Type != "PACKAGE_VULNERABILITY") return finding;
        var fixedByInstall = state is { LastInstallTime: { } installed, PendingReboot: false }
            && installed >= finding.FirstObservedAt && HasFix(finding)
            && (finding.FixedByRelease is { } release
                ? state.Patches.Any(p => p.Key == release && p.State == PatchState.Installed)
                : InBaseline(finding, baseline));
        return fixedByInstall
            ? Copy(finding, "CLOSED", finding.LastObservedAt, at)
            : Copy(finding, finding.Status, at, at);
    }

    private static Inspector2Finding Copy(Inspector2Finding f, string status, DateTime lastObserved, DateTime updated) => new()
    {
        FindingArn = f.FindingArn, AwsAccountId = f.AwsAccountId, Region = f.Region, Type = f.Type, Title = f.Title, Description = f.Description,
        Severity = f.Severity, Status = status, InspectorScore = f.InspectorScore, EpssScore = f.EpssScore, ExploitAvailable = f.ExploitAvailable,
        LastKnownExploitAt = f.LastKnownExploitAt, Cisa = f.Cisa, FixedByRelease = f.FixedByRelease, FixAvailable = f.FixAvailable, FirstObservedAt = f.FirstObservedAt, LastObservedAt = lastObserved,
        UpdatedAt = updated, RemediationText = f.RemediationText, RemediationUrl = f.RemediationUrl, VulnerabilityId = f.VulnerabilityId,
        VulnerabilitySource = f.VulnerabilitySource, SourceUrl = f.SourceUrl, VendorSeverity = f.VendorSeverity, CvssBaseScore = f.CvssBaseScore,
        CvssVector = f.CvssVector, CvssVersion = f.CvssVersion, ReferenceUrls = f.ReferenceUrls, Packages = f.Packages, OpenPortBegin = f.OpenPortBegin,
        OpenPortEnd = f.OpenPortEnd, NetworkProtocol = f.NetworkProtocol, NetworkPath = f.NetworkPath, ResourceType = f.ResourceType,
        ResourceId = f.ResourceId, ResourceTags = f.ResourceTags, InstanceType = f.InstanceType, ImageId = f.ImageId, IpV4Addresses = f.IpV4Addresses,
        Platform = f.Platform, LaunchedAt = f.LaunchedAt, IamInstanceProfileArn = f.IamInstanceProfileArn, VpcId = f.VpcId, SubnetId = f.SubnetId,
    };
}
