using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// Installs, reboots and patch state over the wire: an install that reboots reports Success only after the reboot,
/// the agent and the EC2 status checks show the reboot, per-instance faults (afterReboot, compliance) change how the
/// instance comes back, and DescribeInstancePatchStates' counts always agree with DescribeInstancePatches' list.
/// </summary>
public sealed class PatchRebootProtocolTests(SandboxFixture fixture) : SandboxTestBase(fixture)
{
    private async Task<string> SendAsync(IEnumerable<string> ids, string operation, string reboot = "RebootIfNeeded")
    {
        var (status, json) = await Http.SsmAsync("SendCommand", new
        {
            DocumentName = "AWS-RunPatchBaseline",
            InstanceIds = ids.ToArray(),
            Parameters = new Dictionary<string, string[]> { ["Operation"] = [operation], ["RebootOption"] = [reboot] },
        });
        Assert.True(status == 200, json.ToString());
        return json.GetProperty("Command").GetProperty("CommandId").GetString()!;
    }

    private async Task<JsonElement> InvocationAsync(string commandId, string instanceId)
    {
        var (status, json) = await Http.SsmAsync("GetCommandInvocation", new { CommandId = commandId, InstanceId = instanceId });
        Assert.Equal(200, status);
        return json;
    }

    private async Task<string> PingStatusAsync(string instanceId)
    {
        var (_, json) = await Http.SsmAsync("DescribeInstanceInformation", new { Filters = new[] { new { Key = "InstanceIds", Values = new[] { instanceId } } } });
        return Assert.Single(json.GetProperty("InstanceInformationList").EnumerateArray()).GetProperty("PingStatus").GetString()!;
    }

    /// <summary>(instance status, its reachability detail, system status) from DescribeInstanceStatus.</summary>
    private async Task<(string Instance, string Reachability, string System, string? ImpairedSince)> StatusChecksAsync(string instanceId)
    {
        var (status, xml) = await Http.Ec2Async("DescribeInstanceStatus", [new("InstanceId.1", instanceId)]);
        Assert.Equal(200, status);
        var item = Assert.Single(xml.Descendants(SandboxHttp.Ec2 + "instanceStatusSet").Elements(SandboxHttp.Ec2 + "item"));
        XElement Summary(string name) => item.Element(SandboxHttp.Ec2 + name)!;
        var detail = Summary("instanceStatus").Element(SandboxHttp.Ec2 + "details")!.Element(SandboxHttp.Ec2 + "item")!;
        return (Summary("instanceStatus").Element(SandboxHttp.Ec2 + "status")!.Value, detail.Element(SandboxHttp.Ec2 + "status")!.Value,
            Summary("systemStatus").Element(SandboxHttp.Ec2 + "status")!.Value, detail.Element(SandboxHttp.Ec2 + "impairedSince")?.Value);
    }

    private async Task<JsonElement?> PatchStateAsync(string instanceId)
    {
        var (_, json) = await Http.SsmAsync("DescribeInstancePatchStates", new { InstanceIds = new[] { instanceId } });
        var states = json.GetProperty("InstancePatchStates").EnumerateArray().ToList();
        return states.Count == 0 ? null : states[0];
    }

    /// <summary>The counts of DescribeInstancePatchStates equal the per-state counts of DescribeInstancePatches.</summary>
    private async Task AssertCountsAgreeAsync(string instanceId)
    {
        var state = (await PatchStateAsync(instanceId))!.Value;
        var byState = (await AllPatchesAsync(instanceId)).GroupBy(p => p.GetProperty("State").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (count, wire) in new[]
        {
            ("InstalledCount", "INSTALLED"), ("InstalledPendingRebootCount", "INSTALLED_PENDING_REBOOT"), ("MissingCount", "MISSING"),
            ("FailedCount", "FAILED"), ("InstalledOtherCount", "INSTALLED_OTHER"), ("NotApplicableCount", "NOT_APPLICABLE"),
        })
            Assert.True(state.GetProperty(count).GetInt32() == byState.GetValueOrDefault(wire), $"{count} {state.GetProperty(count).GetInt32()} vs {byState.GetValueOrDefault(wire)} {wire} patches");
    }

    private async Task SetFaultsAsync(string instanceId, object faults) =>
        (await Control.PostAsJsonAsync($"/_sandbox/instances/{instanceId}/faults", faults)).EnsureSuccessStatusCode();

    [Fact]
    public async Task An_install_that_reboots_reports_Success_after_the_reboot_and_the_agent_and_status_checks_show_the_reboot()
    {
        var id = Online(1)[0];
        var before = Server.State.PatchStateOf(id);
        var commandId = await SendAsync([id], "Install");

        // Delivery (2 s) + install (90 s): the instance is rebooting, the document waits for the agent to come back.
        Server.Clock.Advance(TimeSpan.FromSeconds(95));
        var rebooting = await InvocationAsync(commandId, id);
        Assert.Equal("InProgress", rebooting.GetProperty("Status").GetString());
        Assert.Contains("rebooting", rebooting.GetProperty("StandardOutputContent").GetString());
        Assert.Equal("ConnectionLost", await PingStatusAsync(id));
        Assert.Equal(("initializing", "initializing", "ok", null), await StatusChecksAsync(id));
        Assert.Null(await PatchStateAsync(id)); // nothing reported yet: the report comes after the reboot

        // The reboot takes 60 s: then the agent resumes, reports the patches Installed, and the invocation succeeds.
        Server.Clock.Advance(TimeSpan.FromSeconds(60));
        var done = await InvocationAsync(commandId, id);
        Assert.Equal("Success", done.GetProperty("Status").GetString());
        Assert.Equal(Server.Clock.UtcNow.AddSeconds(-3), DateTime.Parse(done.GetProperty("ExecutionEndDateTime").GetString()!).ToUniversalTime());
        Assert.Equal("Online", await PingStatusAsync(id));
        Assert.Equal(("ok", "passed", "ok", null), await StatusChecksAsync(id));

        var state = (await PatchStateAsync(id))!.Value;
        Assert.Equal(0, state.GetProperty("MissingCount").GetInt32());
        Assert.Equal(0, state.GetProperty("InstalledPendingRebootCount").GetInt32());
        Assert.Equal(before.InstalledCount + before.MissingCount, state.GetProperty("InstalledCount").GetInt32());
        Assert.Equal("Install", state.GetProperty("Operation").GetString());
        Assert.False(state.TryGetProperty("LastNoRebootInstallOperationTime", out _));
        await AssertCountsAgreeAsync(id);
    }

    [Fact]
    public async Task NoReboot_leaves_the_installed_patches_InstalledPendingReboot_and_the_agent_Online()
    {
        var id = Online(1)[0];
        var missing = Server.State.PatchStateOf(id).MissingCount;
        var commandId = await SendAsync([id], "Install", "NoReboot");

        Server.Clock.Advance(TimeSpan.FromSeconds(92));
        Assert.Equal("Success", (await InvocationAsync(commandId, id)).GetProperty("Status").GetString());
        Assert.Equal("Online", await PingStatusAsync(id));
        Assert.Equal("ok", (await StatusChecksAsync(id)).Instance);

        var state = (await PatchStateAsync(id))!.Value;
        Assert.Equal(missing, state.GetProperty("InstalledPendingRebootCount").GetInt32());
        Assert.Equal(0, state.GetProperty("MissingCount").GetInt32());
        Assert.True(state.TryGetProperty("LastNoRebootInstallOperationTime", out _));
        var pending = (await AllPatchesAsync(id)).Where(p => p.GetProperty("State").GetString() == "INSTALLED_PENDING_REBOOT").ToList();
        Assert.Equal(missing, pending.Count);
        await AssertCountsAgreeAsync(id);

        // The next install with RebootIfNeeded has nothing to install but reboots for the pending patches.
        var second = await SendAsync([id], "Install");
        Server.Clock.Advance(TimeSpan.FromSeconds(92));
        Assert.Equal("ConnectionLost", await PingStatusAsync(id));
        Server.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal("Success", (await InvocationAsync(second, id)).GetProperty("Status").GetString());
        Assert.Equal(0, (await PatchStateAsync(id))!.Value.GetProperty("InstalledPendingRebootCount").GetInt32());
        await AssertCountsAgreeAsync(id);
    }

    [Fact]
    public async Task AgentOffline_keeps_the_agent_ConnectionLost_and_the_invocation_ends_Delivery_Timed_Out_when_the_command_expires()
    {
        var id = Online(1)[0];
        await SetFaultsAsync(id, new { afterReboot = "AgentOffline" });
        var commandId = await SendAsync([id], "Install");

        Server.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("InProgress", (await InvocationAsync(commandId, id)).GetProperty("Status").GetString());
        Assert.Equal("ConnectionLost", await PingStatusAsync(id));
        Assert.Equal("ok", (await StatusChecksAsync(id)).Instance); // the instance runs; only its agent is gone
        Assert.Null(await PatchStateAsync(id));

        // The command expires (timeout 3600 s + execution 3600 s): what never reported times out.
        Server.Clock.Advance(TimeSpan.FromHours(2));
        var expired = await InvocationAsync(commandId, id);
        Assert.Equal(("TimedOut", "Delivery Timed Out"), (expired.GetProperty("Status").GetString(), expired.GetProperty("StatusDetails").GetString()));
        var (_, list) = await Http.SsmAsync("ListCommands", new { CommandId = commandId });
        var command = Assert.Single(list.GetProperty("Commands").EnumerateArray());
        Assert.Equal(1, command.GetProperty("DeliveryTimedOutCount").GetInt32());
        Assert.Equal(0, command.GetProperty("ErrorCount").GetInt32());
        Assert.Equal("ConnectionLost", await PingStatusAsync(id));

        // A later command cannot reach it.
        var next = await SendAsync([id], "Scan");
        Server.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("Undeliverable", (await InvocationAsync(next, id)).GetProperty("StatusDetails").GetString());
    }

    [Fact]
    public async Task StatusImpaired_lets_the_install_succeed_but_fails_the_instance_status_check()
    {
        var ids = Online(2);
        await SetFaultsAsync(ids[0], new { afterReboot = "StatusImpaired" });
        var commandId = await SendAsync(ids, "Install");
        Server.Clock.Advance(TimeSpan.FromMinutes(5));

        foreach (var id in ids) Assert.Equal("Success", (await InvocationAsync(commandId, id)).GetProperty("Status").GetString());
        Assert.Equal("Online", await PingStatusAsync(ids[0]));
        var (instance, reachability, system, impairedSince) = await StatusChecksAsync(ids[0]);
        Assert.Equal(("impaired", "failed", "ok"), (instance, reachability, system));
        Assert.NotNull(impairedSince);

        // The filters a gate uses find exactly the impaired one.
        var (_, impaired) = await Http.Ec2Async("DescribeInstanceStatus", [new("Filter.1.Name", "instance-status.status"), new("Filter.1.Value.1", "impaired")]);
        Assert.Equal([ids[0]], impaired.Descendants(SandboxHttp.Ec2 + "instanceId").Select(e => e.Value).ToList());
        var (_, systemImpaired) = await Http.Ec2Async("DescribeInstanceStatus", [new("Filter.1.Name", "system-status.status"), new("Filter.1.Value.1", "impaired")]);
        Assert.Empty(systemImpaired.Descendants(SandboxHttp.Ec2 + "instanceId"));
    }

    [Fact]
    public async Task NonCompliant_leaves_an_approved_patch_Missing_after_the_install_and_every_scan_reports_it()
    {
        var ids = Online(2);
        await SetFaultsAsync(ids[0], new { compliance = "NonCompliant" });
        var install = await SendAsync(ids, "Install", "NoReboot");
        Server.Clock.Advance(TimeSpan.FromMinutes(3));
        foreach (var id in ids) Assert.Equal("Success", (await InvocationAsync(install, id)).GetProperty("Status").GetString());

        var scan = await SendAsync(ids, "Scan");
        Server.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("Success", (await InvocationAsync(scan, ids[0])).GetProperty("Status").GetString());
        var broken = (await PatchStateAsync(ids[0]))!.Value;
        Assert.Equal("Scan", broken.GetProperty("Operation").GetString());
        Assert.Equal(1, broken.GetProperty("MissingCount").GetInt32());
        Assert.Equal(1, (await AllPatchesAsync(ids[0])).Count(p => p.GetProperty("State").GetString() == "MISSING"));
        Assert.Equal(0, (await PatchStateAsync(ids[1]))!.Value.GetProperty("MissingCount").GetInt32());
        await AssertCountsAgreeAsync(ids[0]);

        // Cleared, the next install installs it.
        Assert.True((await Control.DeleteAsync($"/_sandbox/instances/{ids[0]}/faults")).IsSuccessStatusCode);
        await SendAsync([ids[0]], "Install", "NoReboot");
        Server.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(0, (await PatchStateAsync(ids[0]))!.Value.GetProperty("MissingCount").GetInt32());
    }

    [Fact]
    public async Task A_failed_install_reports_its_patches_Failed_and_a_scan_reports_them_Missing_again()
    {
        var id = Online(1)[0];
        var missing = Server.State.PatchStateOf(id).MissingCount;
        Server.State.SetCommandFault(id, CommandFault.Fail);
        await SendAsync([id], "Install");
        Server.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal("ok", (await StatusChecksAsync(id)).Instance); // a failed install does not reboot
        var failed = (await PatchStateAsync(id))!.Value;
        Assert.Equal((missing, 0), (failed.GetProperty("FailedCount").GetInt32(), failed.GetProperty("MissingCount").GetInt32()));
        await AssertCountsAgreeAsync(id);

        Server.State.SetCommandFault(id, CommandFault.None);
        await SendAsync([id], "Scan");
        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        var scanned = (await PatchStateAsync(id))!.Value;
        Assert.Equal((0, missing), (scanned.GetProperty("FailedCount").GetInt32(), scanned.GetProperty("MissingCount").GetInt32()));
    }

    [Fact]
    public async Task Replacing_the_root_volume_from_the_pre_patch_snapshot_brings_a_broken_instance_back_unpatched()
    {
        var id = Server.State.InstancesIn("us-east-1").First(i => i.Ssm is { PingStatus: "Online" } && i.State == "running"
            && i.RootDeviceType == "ebs" && i.Volumes.Any(v => v.DeviceName == i.RootDeviceName)).InstanceId;
        var missing = Server.State.PatchStateOf(id).MissingCount;
        await SetFaultsAsync(id, new { afterReboot = "StatusImpaired" });
        var (created, snapshots) = await Http.Ec2Async("CreateSnapshots", [new("InstanceSpecification.InstanceId", id), new("Description", "pre-patch")]);
        Assert.Equal(200, created);
        var rootVolume = Server.State.FindInstance(id)!.Volumes.First(v => v.DeviceName == Server.State.FindInstance(id)!.RootDeviceName).VolumeId;
        var snapshotId = snapshots.Descendants(SandboxHttp.Ec2 + "item").First(i => i.Element(SandboxHttp.Ec2 + "volumeId")?.Value == rootVolume)
            .Element(SandboxHttp.Ec2 + "snapshotId")!.Value;
        Server.Clock.Advance(TimeSpan.FromMinutes(10));

        await SendAsync([id], "Install");
        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("impaired", (await StatusChecksAsync(id)).Instance);
        Assert.Equal(0, (await PatchStateAsync(id))!.Value.GetProperty("MissingCount").GetInt32());

        var (status, _) = await Http.Ec2Async("CreateReplaceRootVolumeTask", [new("InstanceId", id), new("SnapshotId", snapshotId)]);
        Assert.Equal(200, status);
        Server.Clock.Advance(TimeSpan.FromSeconds(70));
        Assert.Equal("Online", await PingStatusAsync(id));
        Assert.Equal(("ok", "passed", "ok", null), await StatusChecksAsync(id));

        // Patch Manager still reports the install until a run reports again; the old root volume lacks the patches,
        // so the next scan finds them missing.
        Assert.Equal(0, (await PatchStateAsync(id))!.Value.GetProperty("MissingCount").GetInt32());
        await SendAsync([id], "Scan");
        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(missing, (await PatchStateAsync(id))!.Value.GetProperty("MissingCount").GetInt32());
        await AssertCountsAgreeAsync(id);
    }
}
