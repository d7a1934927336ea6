using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// One tested patch set: AWS-RunPatchBaseline's SnapshotId pins the approved patches as of the first command that used
/// it, so a patch released later (POST /_sandbox/patches) is installed by a command without the SnapshotId and not by
/// one with it.
/// </summary>
public sealed class BaselineSnapshotProtocolTests(SandboxFixture fixture) : SandboxTestBase(fixture)
{
    private const string NewPatch = "openssl-libs.x86_64:1:3.2.2-1.amzn2023.0.99";

    private async Task<(int Status, JsonElement Json)> SendAsync(IEnumerable<string> ids, string operation, string? snapshotId)
    {
        var parameters = new Dictionary<string, string[]> { ["Operation"] = [operation], ["RebootOption"] = ["RebootIfNeeded"] };
        if (snapshotId is not null) parameters["SnapshotId"] = [snapshotId];
        return await Http.SsmAsync("SendCommand", new { DocumentName = "AWS-RunPatchBaseline", InstanceIds = ids.ToArray(), Parameters = parameters });
    }

    private async Task RunAsync(IEnumerable<string> ids, string operation, string? snapshotId)
    {
        var (status, json) = await SendAsync(ids, operation, snapshotId);
        Assert.True(status == 200, json.ToString());
        Server.Clock.Advance(TimeSpan.FromMinutes(5));
    }

    /// <summary>The wire state of the released patch on the instance; null when DescribeInstancePatches does not list it.</summary>
    private async Task<string?> NewPatchStateAsync(string instanceId)
    {
        var patches = await AllPatchesAsync(instanceId);
        return patches.Where(p => p.GetProperty("Title").GetString() == NewPatch).Select(p => p.GetProperty("State").GetString()).SingleOrDefault();
    }

    private async Task<JsonElement> PatchStateAsync(string instanceId)
    {
        var (_, json) = await Http.SsmAsync("DescribeInstancePatchStates", new { InstanceIds = new[] { instanceId } });
        return Assert.Single(json.GetProperty("InstancePatchStates").EnumerateArray());
    }

    [Fact]
    public async Task A_patch_released_between_waves_is_installed_without_the_SnapshotId_and_not_with_wave_ones()
    {
        var ids = Online(4);
        var (canary, pinned, unpinned, laterScan) = (ids[0], ids[1], ids[2], ids[3]);
        var snapshotId = Guid.NewGuid().ToString();

        // Wave 1 fixes the snapshot: the approved patches as of its start.
        await RunAsync([canary], "Install", snapshotId);

        var released = await Control.PostAsJsonAsync("/_sandbox/patches", new { title = NewPatch, classification = "Security", severity = "Critical", instanceIds = ids, cveIds = "CVE-2025-9230" });
        Assert.Equal(HttpStatusCode.Created, released.StatusCode);
        using (var body = JsonDocument.Parse(await released.Content.ReadAsStringAsync()))
        {
            Assert.Equal(4, body.RootElement.GetProperty("instances").GetInt32());
            Assert.Equal(Server.Clock.UtcNow, body.RootElement.GetProperty("releasedAt").GetDateTime().ToUniversalTime());
        }

        // Wave 2: with wave 1's SnapshotId the new patch is not approved; without it, it is.
        await RunAsync([pinned], "Install", snapshotId);
        await RunAsync([unpinned], "Install", null);

        Assert.Equal("INSTALLED", await NewPatchStateAsync(unpinned));
        Assert.Null(await NewPatchStateAsync(pinned));
        var pinnedState = await PatchStateAsync(pinned);
        Assert.Equal(snapshotId, pinnedState.GetProperty("SnapshotId").GetString());
        Assert.Equal(0, pinnedState.GetProperty("MissingCount").GetInt32()); // compliant against the tested set
        Assert.False((await PatchStateAsync(unpinned)).TryGetProperty("SnapshotId", out _));

        // Today's baseline (a scan without the SnapshotId) finds it Missing on the pinned instance; a pinned install still leaves it.
        await RunAsync([pinned], "Scan", null);
        Assert.Equal("MISSING", await NewPatchStateAsync(pinned));
        Assert.Equal(1, (await PatchStateAsync(pinned)).GetProperty("MissingCount").GetInt32());
        await RunAsync([pinned, canary], "Install", snapshotId);
        Assert.Null(await NewPatchStateAsync(pinned));
        Assert.Null(await NewPatchStateAsync(canary));
        await RunAsync([laterScan], "Scan", null);
        Assert.Equal("MISSING", await NewPatchStateAsync(laterScan));

        var list = await Control.GetFromJsonAsync<JsonElement>("/_sandbox/patches");
        Assert.Equal(NewPatch, Assert.Single(list.EnumerateArray()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_SnapshotId_that_is_not_a_GUID_is_InvalidParameters_and_nothing_is_sent()
    {
        var (status, json) = await SendAsync(Online(1), "Install", "wave-1");

        Assert.Equal(400, status);
        Assert.Equal("InvalidParameters", json.GetProperty("__type").GetString());
        Assert.Contains("SnapshotId", json.GetProperty("message").GetString());
        Assert.Empty(Server.State.Commands);
        Assert.Equal(200, (await SendAsync(Online(1), "Scan", "")).Status); // the document's default: no snapshot
    }

    [Fact]
    public async Task Releases_need_a_title_and_known_instances_and_must_apply_to_something()
    {
        var noTitle = await Control.PostAsJsonAsync("/_sandbox/patches", new { severity = "Critical" });
        Assert.Equal(HttpStatusCode.BadRequest, noTitle.StatusCode);
        Assert.Contains("title", await noTitle.Content.ReadAsStringAsync());

        var stranger = await Control.PostAsJsonAsync("/_sandbox/patches", new { title = NewPatch, instanceIds = new[] { "i-0000000000000dead" } });
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);

        var badOs = await Control.PostAsJsonAsync("/_sandbox/patches", new { title = NewPatch, operatingSystem = "BEOS" });
        Assert.Equal(HttpStatusCode.BadRequest, badOs.StatusCode);
        Assert.Contains("AMAZON_LINUX_2023", await badOs.Content.ReadAsStringAsync());

        var nothing = await Control.PostAsJsonAsync("/_sandbox/patches", new { title = NewPatch, patchGroup = "no-such-group" });
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Empty(Server.State.Read(_ => Server.State.RunCommands.Releases.ToList()));

        var group = Server.State.InstancesIn("us-east-1").First(i => i.Ssm is not null && i.PatchGroup is not null).PatchGroup!;
        var byGroup = await Control.PostAsJsonAsync("/_sandbox/patches", new { title = NewPatch, patchGroup = group });
        Assert.Equal(HttpStatusCode.Created, byGroup.StatusCode);
    }
}
