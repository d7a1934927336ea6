using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// A patch release with cveIds (POST /_sandbox/patches) also opens, on each running managed instance it applies to, the
/// Inspector finding it fixes (a vulnerable installed package, fixed in the released build); an install that brings the
/// released patch closes it at the rescan, and one pinned to a baseline snapshot from before the release does not.
/// </summary>
public sealed class ReleaseFindingsTests(SandboxFixture fixture) : SandboxTestBase(fixture)
{
    private const string OpenSsl = "openssl-libs.x86_64:1:3.2.2-1.amzn2023.0.99";

    private List<string> AmazonLinux2023(int count) => Server.State.InstancesIn("us-east-1")
        .Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running" && PatchBaselines.OperatingSystemOf(i) == "AMAZON_LINUX_2023")
        .Select(i => i.InstanceId).Take(count).ToList();

    private async Task<JsonElement> ReleaseAsync(object body)
    {
        var answer = await Control.PostAsJsonAsync("/_sandbox/patches", body);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<List<JsonElement>> FindingsAsync(string instanceId, string cve)
    {
        var (status, json, _) = await Http.Inspector2Async("/findings/list", new
        {
            filterCriteria = new
            {
                resourceId = new[] { new { comparison = "EQUALS", value = instanceId } },
                vulnerabilityId = new[] { new { comparison = "EQUALS", value = cve } },
            },
        });
        Assert.Equal(200, status);
        return json.GetProperty("findings").EnumerateArray().ToList();
    }

    private async Task InstallAsync(string instanceId, string? snapshotId)
    {
        var parameters = new Dictionary<string, string[]> { ["Operation"] = ["Install"], ["RebootOption"] = ["RebootIfNeeded"] };
        if (snapshotId is not null) parameters["SnapshotId"] = [snapshotId];
        var (status, json) = await Http.SsmAsync("SendCommand", new { DocumentName = "AWS-RunPatchBaseline", InstanceIds = new[] { instanceId }, Parameters = parameters });
        Assert.True(status == 200, json.ToString());
    }

    private static DateTime Time(JsonElement finding, string name) => DateTime.UnixEpoch.AddSeconds(finding.GetProperty(name).GetDouble());

    [Fact]
    public async Task A_release_with_CVEs_opens_each_as_a_vulnerable_installed_package_on_the_instances_it_applies_to()
    {
        var linux = AmazonLinux2023(2);
        var windows = Server.State.InstancesIn("us-east-1").First(i => i.IsWindows && i.Ssm is { PingStatus: "Online" } && i.State == "running"
            && i.Ssm.PlatformName.Contains("2022", StringComparison.Ordinal)).InstanceId;
        var now = Server.Clock.UtcNow;

        var released = await ReleaseAsync(new { title = OpenSsl, severity = "Critical", cveIds = "CVE-2025-9230", instanceIds = new[] { linux[0] } });
        var update = await ReleaseAsync(new
        {
            title = "2025-10 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5066782)",
            kbId = "KB5066782", severity = "Important", cveIds = "CVE-2025-59230,CVE-2025-24990", operatingSystem = "WINDOWS", instanceIds = new[] { windows },
        });

        Assert.Equal((1, 1), (released.GetProperty("instances").GetInt32(), released.GetProperty("findings").GetInt32()));
        Assert.Equal(2, update.GetProperty("findings").GetInt32());
        Assert.Empty(await FindingsAsync(linux[1], "CVE-2025-9230"));   // out of the release's scope

        var finding = Assert.Single(await FindingsAsync(linux[0], "CVE-2025-9230"));
        Assert.Equal(("ACTIVE", "PACKAGE_VULNERABILITY", "CRITICAL", "YES"), (finding.GetProperty("status").GetString(), finding.GetProperty("type").GetString(),
            finding.GetProperty("severity").GetString(), finding.GetProperty("fixAvailable").GetString()));
        Assert.Equal((now, now), (Time(finding, "firstObservedAt"), Time(finding, "lastObservedAt")));
        var details = finding.GetProperty("packageVulnerabilityDetails");
        Assert.Equal("Critical", details.GetProperty("vendorSeverity").GetString());
        var package = Assert.Single(details.GetProperty("vulnerablePackages").EnumerateArray());
        // Installed: the build of openssl-libs the instance has (the catalog's fixed build); fixed in: the released one.
        Assert.Equal(("openssl-libs", 1, "3.0.8", "1.amzn2023.0.10", "x86_64", "1:3.2.2-1.amzn2023.0.99"), (package.GetProperty("name").GetString(), package.GetProperty("epoch").GetInt32(),
            package.GetProperty("version").GetString(), package.GetProperty("release").GetString(), package.GetProperty("arch").GetString(), package.GetProperty("fixedInVersion").GetString()));
        Assert.Equal(linux[0], finding.GetProperty("resources")[0].GetProperty("id").GetString());

        var kb = Assert.Single(await FindingsAsync(windows, "CVE-2025-59230"));
        Assert.Equal("HIGH", kb.GetProperty("severity").GetString());
        Assert.Equal("Install KB5066782.", kb.GetProperty("remediation").GetProperty("recommendation").GetProperty("text").GetString());
        var build = Assert.Single(kb.GetProperty("packageVulnerabilityDetails").GetProperty("vulnerablePackages").EnumerateArray());
        Assert.Equal(("Microsoft Windows Server 2022 Datacenter", "10.0.20348.2849", "10.0.20348.2850"),
            (build.GetProperty("name").GetString(), build.GetProperty("version").GetString(), build.GetProperty("fixedInVersion").GetString()));
    }

    [Fact]
    public async Task An_install_of_the_release_closes_its_finding_at_the_rescan_and_an_install_pinned_before_the_release_does_not()
    {
        var (unpinned, pinned) = (AmazonLinux2023(2)[0], AmazonLinux2023(2)[1]);
        var snapshotId = Guid.NewGuid().ToString();
        await InstallAsync(pinned, snapshotId);   // takes the baseline snapshot: the approved patches before the release
        Server.Clock.Advance(TimeSpan.FromMinutes(30));
        await ReleaseAsync(new { title = OpenSsl, cveIds = "CVE-2025-9230", instanceIds = new[] { unpinned, pinned } });
        Server.Clock.Advance(TimeSpan.FromMinutes(1));

        await InstallAsync(unpinned, null);
        await InstallAsync(pinned, snapshotId);
        Server.Clock.Advance(TimeSpan.FromMinutes(30));

        var closed = Assert.Single(await FindingsAsync(unpinned, "CVE-2025-9230"));
        Assert.Equal("CLOSED", closed.GetProperty("status").GetString());
        Assert.Equal(Server.State.PatchStateOf(unpinned).LastOperationTime!.Value + TimeSpan.FromMinutes(5), Time(closed, "updatedAt"));
        var open = Assert.Single(await FindingsAsync(pinned, "CVE-2025-9230"));
        Assert.Equal("ACTIVE", open.GetProperty("status").GetString());   // the pinned install did not bring the released patch
        Assert.Equal(Server.State.PatchStateOf(pinned).LastOperationTime!.Value + TimeSpan.FromMinutes(5), Time(open, "lastObservedAt"));
    }

    [Fact]
    public async Task CVEs_on_Linux_need_a_title_that_names_the_package()
    {
        var answer = await Control.PostAsJsonAsync("/_sandbox/patches", new { title = "openssl security update", cveIds = "CVE-2025-9230", instanceIds = AmazonLinux2023(1) });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("name.arch:epoch:version-release", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Server.State.Read(_ => Server.State.RunCommands.Releases.ToList()));
    }

    [SkippableFact]
    public async Task The_AWS_CLI_parses_a_released_finding_against_the_Inspector2_model()
    {
        var id = AmazonLinux2023(1)[0];
        await ReleaseAsync(new { title = OpenSsl, cveIds = "CVE-2025-9230", instanceIds = new[] { id } });

        var output = await AwsCli.RunAsync(Server.Endpoint, "us-east-1", "inspector2", "list-findings", "--filter-criteria",
            """{"vulnerabilityId":[{"comparison":"EQUALS","value":"CVE-2025-9230"}]}""");

        var finding = Assert.Single(output.Json().GetProperty("findings").EnumerateArray());
        Assert.Equal(id, finding.GetProperty("resources")[0].GetProperty("id").GetString());
        Assert.Equal("1:3.2.2-1.amzn2023.0.99", finding.GetProperty("packageVulnerabilityDetails").GetProperty("vulnerablePackages")[0].GetProperty("fixedInVersion").GetString());
    }
}
