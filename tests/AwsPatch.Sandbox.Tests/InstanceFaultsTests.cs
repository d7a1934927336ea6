using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>Per-instance faults over the control API: /_sandbox/instances/{instanceId}/faults (GET, POST, DELETE).</summary>
public sealed class InstanceFaultsTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = fixture.Server.Endpoint };
    private readonly SandboxHttp _http = new(fixture.Server.Endpoint);

    public void Dispose()
    {
        fixture.Server.Reset();
        _client.Dispose();
        _http.Dispose();
    }

    private string OnlineId(int skip = 0) => fixture.Server.State.InstancesIn("us-east-1")
        .Where(i => i.Ssm is { PingStatus: "Online" }).Skip(skip).First().InstanceId;

    private async Task<JsonElement> GetAsync(string instanceId)
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync($"/_sandbox/instances/{instanceId}/faults"));
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Post_sets_the_faults_Get_reads_them_and_Delete_clears_them()
    {
        var id = OnlineId();
        var before = await GetAsync(id);
        Assert.Equal(id, before.GetProperty("instanceId").GetString());
        Assert.Equal("None", before.GetProperty("command").GetString());
        Assert.Equal("None", before.GetProperty("snapshot").GetString());

        (await _client.PostAsJsonAsync($"/_sandbox/instances/{id}/faults", new { command = "Fail" })).EnsureSuccessStatusCode();
        var set = await _client.PostAsJsonAsync($"/_sandbox/instances/{id}/faults", new { snapshot = "Fail" });
        set.EnsureSuccessStatusCode();

        // POST sets the keys it names and leaves the others as they were.
        using (var answer = JsonDocument.Parse(await set.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Fail", answer.RootElement.GetProperty("command").GetString());
            Assert.Equal("Fail", answer.RootElement.GetProperty("snapshot").GetString());
        }
        Assert.Equal(CommandFault.Fail, fixture.Server.State.CommandFaultOf(id));
        Assert.True(fixture.Server.Faults.SnapshotsFailFor(id));

        (await _client.PostAsJsonAsync($"/_sandbox/instances/{id}/faults", new { command = "Timeout" })).EnsureSuccessStatusCode();
        Assert.Equal("Timeout", (await GetAsync(id)).GetProperty("command").GetString());

        var deleted = await _client.DeleteAsync($"/_sandbox/instances/{id}/faults");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var after = await GetAsync(id);
        Assert.Equal("None", after.GetProperty("command").GetString());
        Assert.Equal("None", after.GetProperty("snapshot").GetString());
        Assert.False(fixture.Server.Faults.SnapshotsFailFor(id));
    }

    [Fact]
    public async Task A_fault_reaches_an_instance_of_the_second_account_by_its_id_and_only_that_account_holds_it()
    {
        var second = fixture.Server.Accounts[SandboxAccounts.SecondAccountId];
        var id = second.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" }).First().InstanceId;
        Assert.Null(fixture.Server.State.FindInstance(id));

        (await _client.PostAsJsonAsync($"/_sandbox/instances/{id}/faults", new { command = "Fail" })).EnsureSuccessStatusCode();

        Assert.Equal(CommandFault.Fail, second.CommandFaultOf(id));
        Assert.Equal("Fail", (await GetAsync(id)).GetProperty("command").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/_sandbox/instances/{id}/faults")).StatusCode);
        Assert.Equal(CommandFault.None, second.CommandFaultOf(id));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/_sandbox/instances/i-0000000000000dead/faults")).StatusCode);
    }

    [Fact]
    public async Task A_command_fault_set_over_http_decides_what_the_next_invocation_ends_as()
    {
        var ok = OnlineId();
        var lost = OnlineId(1);
        (await _client.PostAsJsonAsync($"/_sandbox/instances/{lost}/faults", new { command = "Undeliverable" })).EnsureSuccessStatusCode();

        var (status, sent) = await _http.SsmAsync("SendCommand", new
        {
            DocumentName = "AWS-RunPatchBaseline",
            InstanceIds = new[] { ok, lost },
            Parameters = new { Operation = new[] { "Scan" } },
        });
        Assert.Equal(200, status);
        var commandId = sent.GetProperty("Command").GetProperty("CommandId").GetString();
        await _client.PostAsync("/_sandbox/clock/advance?seconds=600", null);

        var (_, listed) = await _http.SsmAsync("ListCommandInvocations", new { CommandId = commandId });
        var byInstance = listed.GetProperty("CommandInvocations").EnumerateArray()
            .ToDictionary(i => i.GetProperty("InstanceId").GetString()!, i => (i.GetProperty("Status").GetString(), i.GetProperty("StatusDetails").GetString()));
        Assert.Equal(("Success", "Success"), byInstance[ok]);
        Assert.Equal(("Failed", "Undeliverable"), byInstance[lost]);
    }

    [Fact]
    public async Task Unknown_instances_are_404_and_bad_documents_are_400_naming_what_is_allowed()
    {
        var id = OnlineId();
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/_sandbox/instances/i-0000000000000dead/faults")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsJsonAsync("/_sandbox/instances/i-0000000000000dead/faults", new { command = "Fail" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync("/_sandbox/instances/i-0000000000000dead/faults")).StatusCode);

        var badValue = await _client.PostAsJsonAsync($"/_sandbox/instances/{id}/faults", new { command = "Explode", snapshot = "Fail" });
        Assert.Equal(HttpStatusCode.BadRequest, badValue.StatusCode);
        var message = await badValue.Content.ReadAsStringAsync();
        Assert.Contains("Fail, Timeout, Undeliverable", message);

        var badKey = await _client.PostAsJsonAsync($"/_sandbox/instances/{id}/faults", new { reboot = "Fail" });
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.Contains("command, snapshot", await badKey.Content.ReadAsStringAsync());

        // A rejected document changes nothing, not even its valid keys.
        Assert.False(fixture.Server.Faults.SnapshotsFailFor(id));
        Assert.Equal(CommandFault.None, fixture.Server.State.CommandFaultOf(id));
    }

    [Fact]
    public async Task AfterReboot_and_compliance_are_set_read_and_cleared_like_the_others_and_bad_values_name_the_allowed_ones()
    {
        var id = OnlineId();
        var before = await GetAsync(id);
        Assert.Equal(("None", "None"), (before.GetProperty("afterReboot").GetString(), before.GetProperty("compliance").GetString()));

        (await _client.PostAsJsonAsync($"/_sandbox/instances/{id}/faults", new { afterReboot = "agentoffline", compliance = "NonCompliant" })).EnsureSuccessStatusCode();
        var set = await GetAsync(id);
        Assert.Equal(("AgentOffline", "NonCompliant", "None"),
            (set.GetProperty("afterReboot").GetString(), set.GetProperty("compliance").GetString(), set.GetProperty("command").GetString()));
        Assert.Equal(AfterRebootFault.AgentOffline, fixture.Server.State.AfterRebootFaultOf(id));
        Assert.True(fixture.Server.State.IsNonCompliant(id));

        (await _client.PostAsJsonAsync($"/_sandbox/instances/{id}/faults", new { afterReboot = "StatusImpaired" })).EnsureSuccessStatusCode();
        Assert.Equal("StatusImpaired", (await GetAsync(id)).GetProperty("afterReboot").GetString());
        Assert.Equal("NonCompliant", (await GetAsync(id)).GetProperty("compliance").GetString());

        var badReboot = await _client.PostAsJsonAsync($"/_sandbox/instances/{id}/faults", new { afterReboot = "Crash" });
        Assert.Equal(HttpStatusCode.BadRequest, badReboot.StatusCode);
        Assert.Contains("None, AgentOffline, StatusImpaired", await badReboot.Content.ReadAsStringAsync());
        var badCompliance = await _client.PostAsJsonAsync($"/_sandbox/instances/{id}/faults", new { compliance = true });
        Assert.Equal(HttpStatusCode.BadRequest, badCompliance.StatusCode);
        Assert.Contains("None, NonCompliant", await badCompliance.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/_sandbox/instances/{id}/faults")).StatusCode);
        var cleared = await GetAsync(id);
        Assert.Equal(("None", "None"), (cleared.GetProperty("afterReboot").GetString(), cleared.GetProperty("compliance").GetString()));
        Assert.False(fixture.Server.State.IsNonCompliant(id));
    }
}
