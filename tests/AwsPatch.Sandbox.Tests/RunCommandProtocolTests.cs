using System.Text.Json;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>Run Command (AWS-RunPatchBaseline) over raw JSON 1.1: limits, errors, rate control, faults, simulated time.</summary>
public sealed class RunCommandProtocolTests : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxFixture _fixture;
    private readonly SandboxHttp _http;

    public RunCommandProtocolTests(SandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
        _http = new SandboxHttp(fixture.Server.Endpoint);
    }

    public void Dispose() => _http.Dispose();

    private SandboxServer Server => _fixture.Server;

    private List<string> OnlineLinux(int count) => Server.State.InstancesIn("us-east-1")
        .Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running").Select(i => i.InstanceId).Take(count).ToList();

    private static string Type(JsonElement json) => json.GetProperty("__type").GetString()!;

    private async Task<string> SendAsync(IEnumerable<string> ids, string operation = "Scan", string? maxConcurrency = null, string? maxErrors = null)
    {
        var (status, json) = await _http.SsmAsync("SendCommand", new Dictionary<string, object?>
        {
            ["DocumentName"] = "AWS-RunPatchBaseline",
            ["InstanceIds"] = ids.ToArray(),
            ["Parameters"] = new Dictionary<string, string[]> { ["Operation"] = [operation], ["RebootOption"] = ["NoReboot"] },
            ["MaxConcurrency"] = maxConcurrency,
            ["MaxErrors"] = maxErrors,
            ["Comment"] = "AwsPatch run test",
        }.Where(p => p.Value is not null).ToDictionary());
        Assert.True(status == 200, json.ToString());
        return json.GetProperty("Command").GetProperty("CommandId").GetString()!;
    }

    private async Task<List<JsonElement>> InvocationsAsync(string commandId, bool details = false)
    {
        var (status, json) = await _http.SsmAsync("ListCommandInvocations", new { CommandId = commandId, Details = details });
        Assert.Equal(200, status);
        return json.GetProperty("CommandInvocations").EnumerateArray().ToList();
    }

    private static Dictionary<string, string> StatusById(List<JsonElement> invocations) =>
        invocations.ToDictionary(i => i.GetProperty("InstanceId").GetString()!, i => i.GetProperty("Status").GetString()!);

    [Fact]
    public async Task Another_document_is_InvalidDocument_and_an_unmanaged_id_is_InvalidInstanceId()
    {
        var (status, json) = await _http.SsmAsync("SendCommand", new { DocumentName = "Acme-HealthCheck", InstanceIds = OnlineLinux(1) });
        Assert.Equal(400, status);
        Assert.Equal("InvalidDocument", Type(json));

        var unmanaged = Server.State.InstancesIn("us-east-1").First(i => i.Ssm is null).InstanceId;
        (status, json) = await _http.SsmAsync("SendCommand", new
        {
            DocumentName = "AWS-RunPatchBaseline",
            InstanceIds = new[] { unmanaged },
            Parameters = new { Operation = new[] { "Scan" } },
        });
        Assert.Equal("InvalidInstanceId", Type(json));
        Assert.Contains(unmanaged, json.GetProperty("message").GetString());
        Assert.Empty(Server.State.Commands);
    }

    [Fact]
    public async Task A_script_document_runs_its_commands_and_ends_as_the_instance_fault_and_platform_say()
    {
        var (_, json) = await _http.SsmAsync("SendCommand", new { DocumentName = "AWS-RunShellScript", InstanceIds = OnlineLinux(1) });
        Assert.Equal(("InvalidParameters", true), (Type(json), json.GetProperty("message").GetString()!.Contains("\"commands\" is required")));
        (_, json) = await _http.SsmAsync("SendCommand", new { DocumentName = "AWS-RunShellScript", InstanceIds = OnlineLinux(1), Parameters = new { commands = new[] { "true" }, Operation = new[] { "Scan" } } });
        Assert.Equal("InvalidParameters", Type(json));

        var online = Server.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running").ToList();
        var linux = online.Where(i => !i.IsWindows).Take(2).Select(i => i.InstanceId).ToList();
        var windows = online.First(i => i.IsWindows).InstanceId;
        Server.State.SetCommandFault(linux[1], CommandFault.Fail);
        var (status, sent) = await _http.SsmAsync("SendCommand", new
        {
            DocumentName = "AWS-RunShellScript",
            InstanceIds = linux.Append(windows).ToArray(),
            Parameters = new { commands = new[] { "systemctl is-active nginx", "curl -fsS localhost/health" }, executionTimeout = new[] { "600" } },
        });
        Assert.True(status == 200, sent.ToString());
        var commandId = sent.GetProperty("Command").GetProperty("CommandId").GetString()!;
        Server.Clock.Advance(TimeSpan.FromSeconds(30));
        var statuses = StatusById(await InvocationsAsync(commandId));
        // Patch state is untouched; a Linux-only document fails on Windows; the command fault applies as to any document.
        Assert.Equal("Success", statuses[linux[0]]);
        Assert.Equal("Failed", statuses[linux[1]]);
        Assert.Equal("Failed", statuses[windows]);
        Assert.False(Server.State.RunCommands.PatchStateOf(linux[0]).HasRun);
    }

    [Fact]
    public async Task More_than_fifty_ids_bad_rate_control_and_bad_parameters_are_rejected()
    {
        var ids = Enumerable.Range(0, 51).Select(n => $"i-{n:x17}").ToArray();
        var (_, json) = await _http.SsmAsync("SendCommand", new { DocumentName = "AWS-RunPatchBaseline", InstanceIds = ids, Parameters = new { Operation = new[] { "Scan" } } });
        Assert.Equal("ValidationException", Type(json));
        Assert.Contains("less than or equal to 50", json.GetProperty("message").GetString());

        (_, json) = await _http.SsmAsync("SendCommand", new { DocumentName = "AWS-RunPatchBaseline", InstanceIds = OnlineLinux(1), MaxConcurrency = "0", Parameters = new { Operation = new[] { "Scan" } } });
        Assert.Equal("ValidationException", Type(json));
        Assert.Contains("maxConcurrency", json.GetProperty("message").GetString());

        (_, json) = await _http.SsmAsync("SendCommand", new { DocumentName = "AWS-RunPatchBaseline", InstanceIds = OnlineLinux(1), Parameters = new { Operation = new[] { "Reinstall" } } });
        Assert.Equal("InvalidParameters", Type(json));

        (_, json) = await _http.SsmAsync("SendCommand", new { DocumentName = "AWS-RunPatchBaseline", InstanceIds = OnlineLinux(1), Comment = new string('x', 101), Parameters = new { Operation = new[] { "Scan" } } });
        Assert.Equal("ValidationException", Type(json));
    }

    [Fact]
    public async Task MaxConcurrency_limits_running_invocations_and_an_install_updates_patch_state()
    {
        var ids = OnlineLinux(4);
        var before = Server.State.PatchStateOf(ids[0]);
        Assert.True(before.MissingCount > 0);
        var commandId = await SendAsync(ids, "Install", maxConcurrency: "1");

        var maxRunning = 0;
        for (var step = 0; step < 20; step++)
        {
            Server.Clock.Advance(TimeSpan.FromSeconds(30));
            var statuses = StatusById(await InvocationsAsync(commandId));
            maxRunning = Math.Max(maxRunning, statuses.Values.Count(s => s == "InProgress"));
            if (statuses.Values.All(s => s == "Success")) break;
        }

        Assert.Equal(1, maxRunning);
        Assert.All(StatusById(await InvocationsAsync(commandId)).Values, s => Assert.Equal("Success", s));
        var after = Server.State.PatchStateOf(ids[0]);
        Assert.Equal("Install", after.LastOperation);
        Assert.Equal(0, after.MissingCount);
        Assert.Equal(before.InstalledCount + before.MissingCount, after.InstalledCount);
        Assert.True(after.PendingReboot); // NoReboot leaves the installed patches waiting for a reboot

        var detailed = await InvocationsAsync(commandId, details: true);
        var plugin = Assert.Single(detailed[0].GetProperty("CommandPlugins").EnumerateArray());
        Assert.Equal("PatchLinux", plugin.GetProperty("Name").GetString());
        Assert.Contains("Install completed", plugin.GetProperty("Output").GetString());
    }

    [Fact]
    public async Task Errors_beyond_MaxErrors_cancel_the_pending_rest_and_fail_the_command()
    {
        var ids = OnlineLinux(5);
        Server.State.SetCommandFault(ids[0], CommandFault.Fail);
        var commandId = await SendAsync(ids, maxConcurrency: "1", maxErrors: "0");

        Server.Clock.Advance(TimeSpan.FromMinutes(10));
        var statuses = StatusById(await InvocationsAsync(commandId));

        Assert.Equal("Failed", statuses[ids[0]]);
        Assert.All(ids.Skip(1), id => Assert.Equal("Cancelled", statuses[id]));
        var (_, list) = await _http.SsmAsync("ListCommands", new { CommandId = commandId });
        var command = Assert.Single(list.GetProperty("Commands").EnumerateArray());
        Assert.Equal("Failed", command.GetProperty("Status").GetString());
        Assert.Equal(1, command.GetProperty("ErrorCount").GetInt32());
        Assert.Equal(5, command.GetProperty("CompletedCount").GetInt32());
    }

    [Fact]
    public async Task Offline_agents_are_undeliverable_timeouts_time_out_and_GetCommandInvocation_reports_each()
    {
        var offline = Server.State.InstancesIn("us-east-1").First(i => i.Ssm is { PingStatus: "ConnectionLost" }).InstanceId;
        var slow = OnlineLinux(1)[0];
        Server.State.SetCommandFault(slow, CommandFault.Timeout);
        var commandId = await SendAsync([offline, slow], maxErrors: "2");
        Server.Clock.Advance(TimeSpan.FromMinutes(5));

        var (_, undeliverable) = await _http.SsmAsync("GetCommandInvocation", new { CommandId = commandId, InstanceId = offline });
        Assert.Equal("Failed", undeliverable.GetProperty("Status").GetString());
        Assert.Equal("Undeliverable", undeliverable.GetProperty("StatusDetails").GetString());
        var (_, timedOut) = await _http.SsmAsync("GetCommandInvocation", new { CommandId = commandId, InstanceId = slow });
        Assert.Equal("TimedOut", timedOut.GetProperty("Status").GetString());
        Assert.Equal("Execution Timed Out", timedOut.GetProperty("StatusDetails").GetString());

        var (status, missing) = await _http.SsmAsync("GetCommandInvocation", new { CommandId = commandId, InstanceId = "i-0000000000000dead" });
        Assert.Equal(400, status);
        Assert.Equal("InvocationDoesNotExist", Type(missing));
    }

    [Fact]
    public async Task Invocations_page_within_one_to_fifty_and_CancelCommand_cancels_what_has_not_finished()
    {
        var ids = OnlineLinux(6);
        var commandId = await SendAsync(ids, "Install", maxConcurrency: "2");
        Server.Clock.Advance(TimeSpan.FromSeconds(5));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var (_, page) = await _http.SsmAsync("ListCommandInvocations", new Dictionary<string, object?> { ["CommandId"] = commandId, ["MaxResults"] = 4, ["NextToken"] = token }.Where(p => p.Value is not null).ToDictionary());
            seen.AddRange(page.GetProperty("CommandInvocations").EnumerateArray().Select(i => i.GetProperty("InstanceId").GetString()!));
            token = page.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);
        Assert.Equal(2, pages);
        Assert.Equal(ids.Order(), seen.Order());

        var (_, json) = await _http.SsmAsync("ListCommandInvocations", new { CommandId = commandId, MaxResults = 51 });
        Assert.Equal("ValidationException", Type(json));

        var (status, _) = await _http.SsmAsync("CancelCommand", new { CommandId = commandId });
        Assert.Equal(200, status);
        var statuses = StatusById(await InvocationsAsync(commandId));
        Assert.All(statuses.Values, s => Assert.Equal("Cancelled", s));
        var (_, bad) = await _http.SsmAsync("CancelCommand", new { CommandId = Guid.NewGuid().ToString() });
        Assert.Equal("InvalidCommandId", Type(bad));
        Assert.Equal(2, Server.Counters["ssm:CancelCommand"]);
    }

    [Fact]
    public async Task Targets_by_tag_resolve_to_the_managed_instances_and_ListCommands_filters_by_time_and_document()
    {
        var (status, json) = await _http.SsmAsync("SendCommand", new
        {
            DocumentName = "AWS-RunPatchBaseline",
            Targets = new[] { new { Key = "tag:Patch Group", Values = new[] { "web-staging" } } },
            Parameters = new { Operation = new[] { "Scan" } },
        });
        Assert.Equal(200, status);
        var expected = Server.State.InstancesIn("us-east-1").Where(i => i.Ssm is not null && i.Tags.GetValueOrDefault("Patch Group") == "web-staging").Select(i => i.InstanceId).Order();
        var commandId = json.GetProperty("Command").GetProperty("CommandId").GetString()!;
        Assert.Equal(expected, (await InvocationsAsync(commandId)).Select(i => i.GetProperty("InstanceId").GetString()).Order());

        var (_, recent) = await _http.SsmAsync("ListCommands", new
        {
            Filters = new[] { new { key = "InvokedAfter", value = "2025-06-01T11:00:00Z" }, new { key = "DocumentName", value = "AWS-RunPatchBaseline" } },
        });
        Assert.Contains(recent.GetProperty("Commands").EnumerateArray(), c => c.GetProperty("CommandId").GetString() == commandId);
        var (_, none) = await _http.SsmAsync("ListCommands", new { Filters = new[] { new { key = "InvokedBefore", value = "2020-01-01T00:00:00Z" } } });
        Assert.Empty(none.GetProperty("Commands").EnumerateArray());
        var (_, badKey) = await _http.SsmAsync("ListCommands", new { Filters = new[] { new { key = "Comment", value = "x" } } });
        Assert.Equal("InvalidFilterKey", Type(badKey));
    }
}
