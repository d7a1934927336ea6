using System.Text.Json;
using AwsPatch.Sandbox;
using static AwsPatch.Tests.Sandbox.SandboxFindings;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// Inspector findings react to patching: after an install, at the next rescan (the operation's end plus the rescan
/// delay, after the reboot when the install rebooted), a finding whose fix the instance's baseline approves (by its
/// rules, as GetPatchBaseline returns them) closes; a finding outside the baseline, one with no fix, or one on an
/// instance waiting for a reboot stays open; ListCoverage's lastScannedAt moves to the rescan.
/// </summary>
public sealed class FindingRescanTests(SandboxFixture fixture) : SandboxTestBase(fixture)
{
    private static readonly TimeSpan Delay = TimeSpan.FromMinutes(5);

    /// <summary>Delivery (2 s) + install (90 s) + reboot (60 s).</summary>
    private static readonly TimeSpan InstallWithReboot = TimeSpan.FromSeconds(152);

    private async Task<string> InstallAsync(string id, string reboot = "RebootIfNeeded")
    {
        var (status, json) = await Http.SsmAsync("SendCommand", new
        {
            DocumentName = "AWS-RunPatchBaseline",
            InstanceIds = new[] { id },
            Parameters = new Dictionary<string, string[]> { ["Operation"] = ["Install"], ["RebootOption"] = [reboot] },
        });
        Assert.True(status == 200, json.ToString());
        return json.GetProperty("Command").GetProperty("CommandId").GetString()!;
    }

    private async Task<Dictionary<string, JsonElement>> FindingsAsync(string id)
    {
        var (status, json, _) = await Http.Inspector2Async("/findings/list", new { filterCriteria = new { resourceId = new[] { new { comparison = "EQUALS", value = id } } } });
        Assert.Equal(200, status);
        return json.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("packageVulnerabilityDetails").GetProperty("vulnerabilityId").GetString()!);
    }

    private async Task<DateTime> LastScannedAtAsync(string id)
    {
        var (status, json, _) = await Http.Inspector2Async("/coverage/list", new { filterCriteria = new { resourceId = new[] { new { comparison = "EQUALS", value = id } } } });
        Assert.Equal(200, status);
        var seconds = Assert.Single(json.GetProperty("coveredResources").EnumerateArray()).GetProperty("lastScannedAt").GetDouble();
        return DateTime.UnixEpoch.AddSeconds(seconds);
    }

    private SandboxInstance Seed(string id, params Inspector2Finding[] findings)
    {
        var instance = Server.State.InstancesIn("us-east-1").Single(i => i.InstanceId == id);
        foreach (var old in Server.Inspector2.Findings.Where(f => f.ResourceId == id).ToList()) Server.Inspector2.RemoveFinding(old.FindingArn);
        Server.Inspector2.AddFindings(findings);
        return instance;
    }

    [Fact]
    public async Task An_install_closes_the_findings_it_fixed_at_the_rescan_and_leaves_those_outside_the_baseline_or_without_a_fix_open()
    {
        var id = AmazonLinux(Server).InstanceId;
        var instance = Server.State.InstancesIn("us-east-1").Single(i => i.InstanceId == id);
        var seen = Server.Clock.UtcNow.AddDays(-3);
        Seed(id,
            Finding(instance, "CVE-2024-0001", "HIGH", "3.0.9", seen),
            Finding(instance, "CVE-2024-0002", "MEDIUM", "3.0.9", seen),
            Finding(instance, "CVE-2024-0003", "CRITICAL", null, seen));
        var scannedBefore = await LastScannedAtAsync(id);
        await InstallAsync(id);

        Server.Clock.Advance(InstallWithReboot + Delay - TimeSpan.FromSeconds(1));
        Assert.All((await FindingsAsync(id)).Values, f => Assert.Equal("ACTIVE", f.GetProperty("status").GetString()));
        Assert.Equal(scannedBefore, await LastScannedAtAsync(id));

        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        var ended = Server.State.PatchStateOf(id).LastOperationTime!.Value;
        var rescan = ended + Delay;
        var after = await FindingsAsync(id);
        Assert.Equal("CLOSED", after["CVE-2024-0001"].GetProperty("status").GetString());
        Assert.Equal(rescan, DateTime.UnixEpoch.AddSeconds(after["CVE-2024-0001"].GetProperty("updatedAt").GetDouble()));
        Assert.Equal("ACTIVE", after["CVE-2024-0002"].GetProperty("status").GetString()); // Medium: the default baseline does not approve it
        Assert.Equal("ACTIVE", after["CVE-2024-0003"].GetProperty("status").GetString()); // no fix
        Assert.Equal(rescan, DateTime.UnixEpoch.AddSeconds(after["CVE-2024-0003"].GetProperty("lastObservedAt").GetDouble()));
        Assert.Equal(rescan, await LastScannedAtAsync(id));
    }

    [Fact]
    public async Task An_install_waiting_for_its_reboot_closes_nothing_at_the_rescan()
    {
        var id = Online(1)[0];
        var instance = Server.State.InstancesIn("us-east-1").Single(i => i.InstanceId == id);
        Seed(id, Finding(instance, "CVE-2024-0001", "HIGH", "3.0.9", Server.Clock.UtcNow.AddDays(-3)));
        await InstallAsync(id, "NoReboot");

        Server.Clock.Advance(TimeSpan.FromSeconds(92) + Delay);
        Assert.True(Server.State.PatchStateOf(id).PendingReboot);
        Assert.Equal("ACTIVE", (await FindingsAsync(id))["CVE-2024-0001"].GetProperty("status").GetString());
        Assert.Equal(Server.State.PatchStateOf(id).LastOperationTime + Delay, await LastScannedAtAsync(id));
    }

    [Fact]
    public async Task A_Windows_finding_per_KB_closes_after_the_cumulative_update_is_installed()
    {
        var windows = Server.State.InstancesIn("us-east-1").First(i => i.IsWindows && i.Ssm is { PingStatus: "Online" } && i.State == "running");
        Seed(windows.InstanceId, Finding(windows, "CVE-2024-38063", "MEDIUM", "10.0.20348.2655", Server.Clock.UtcNow.AddDays(-3), kb: "KB5041160"));
        await InstallAsync(windows.InstanceId);

        Server.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal("CLOSED", (await FindingsAsync(windows.InstanceId))["CVE-2024-38063"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task On_Ubuntu_a_Medium_finding_closes_because_its_default_baseline_approves_security_patches_of_every_priority()
    {
        var ubuntu = Server.State.InstancesIn("us-east-1").First(i => i.Ssm is { PingStatus: "Online" } && i.State == "running" && PatchBaselines.OperatingSystemOf(i) == "UBUNTU");
        Seed(ubuntu.InstanceId, Finding(ubuntu, "CVE-2024-0002", "MEDIUM", "3.0.9", Server.Clock.UtcNow.AddDays(-3), platform: "UBUNTU_22_04"));
        await InstallAsync(ubuntu.InstanceId);

        Server.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal("CLOSED", (await FindingsAsync(ubuntu.InstanceId))["CVE-2024-0002"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task GetPatchBaseline_returns_the_predefined_rules_by_ARN_and_DoesNotExist_for_the_short_id()
    {
        var arn = PatchBaselines.DefaultFor("AMAZON_LINUX_2023")!.IdIn("us-east-1");
        var (status, json) = await Http.SsmAsync("GetPatchBaseline", new { BaselineId = arn });
        var (missingStatus, missing) = await Http.SsmAsync("GetPatchBaseline", new { BaselineId = "pb-0aa1d1b3ce2f0a2b7" });

        Assert.Equal(200, status);
        Assert.Equal("AWS-AmazonLinux2023DefaultPatchBaseline", json.GetProperty("Name").GetString());
        var security = json.GetProperty("ApprovalRules").GetProperty("PatchRules")[0];
        Assert.Equal(7, security.GetProperty("ApproveAfterDays").GetInt32());
        var filters = security.GetProperty("PatchFilterGroup").GetProperty("PatchFilters").EnumerateArray()
            .ToDictionary(f => f.GetProperty("Key").GetString()!, f => string.Join(",", f.GetProperty("Values").EnumerateArray().Select(v => v.GetString())));
        Assert.Equal(("Security", "Critical,Important"), (filters["CLASSIFICATION"], filters["SEVERITY"]));
        Assert.Equal((400, "DoesNotExistException"), (missingStatus, missing.GetProperty("__type").GetString()));
    }
}
