using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// SendCommand's AlarmConfiguration (validated as the model says, echoed on the Command) and the alarm control
/// endpoint: an alarm that goes to ALARM stops the commands that name it (Cancelled, TriggeredAlarms); and
/// DescribeInstanceStatus as a reboot gate reads it (filters, IncludeAllInstances, paging).
/// </summary>
public sealed class CommandAlarmProtocolTests(SandboxFixture fixture) : SandboxTestBase(fixture)
{
    private const string Alarm = "web-prod-5xx";

    private Task<(int Status, JsonElement Json)> SendAsync(IEnumerable<string> ids, object? alarmConfiguration, string maxConcurrency = "50") =>
        Http.SsmAsync("SendCommand", new Dictionary<string, object?>
        {
            ["DocumentName"] = "AWS-RunPatchBaseline",
            ["InstanceIds"] = ids.ToArray(),
            ["Parameters"] = new Dictionary<string, string[]> { ["Operation"] = ["Install"], ["RebootOption"] = ["NoReboot"] },
            ["MaxConcurrency"] = maxConcurrency,
            ["AlarmConfiguration"] = alarmConfiguration,
        }.Where(p => p.Value is not null).ToDictionary());

    private async Task<JsonElement> CommandAsync(string commandId)
    {
        var (_, json) = await Http.SsmAsync("ListCommands", new { CommandId = commandId });
        return Assert.Single(json.GetProperty("Commands").EnumerateArray());
    }

    private async Task<Dictionary<string, string>> InvocationStatusesAsync(string commandId)
    {
        var (_, json) = await Http.SsmAsync("ListCommandInvocations", new { CommandId = commandId });
        return json.GetProperty("CommandInvocations").EnumerateArray()
            .ToDictionary(i => i.GetProperty("InstanceId").GetString()!, i => i.GetProperty("Status").GetString()!);
    }

    private async Task<HttpResponseMessage> SetAlarmAsync(string name, string state) =>
        await Control.PostAsJsonAsync($"/_sandbox/alarms/{name}", new { state });

    [Fact]
    public async Task AlarmConfiguration_is_echoed_on_the_Command_and_checked_as_the_model_says()
    {
        var (status, sent) = await SendAsync(Online(1), new { IgnorePollAlarmFailure = true, Alarms = new[] { new { Name = Alarm } } });
        Assert.Equal(200, status);
        var command = await CommandAsync(sent.GetProperty("Command").GetProperty("CommandId").GetString()!);
        var config = command.GetProperty("AlarmConfiguration");
        Assert.True(config.GetProperty("IgnorePollAlarmFailure").GetBoolean());
        Assert.Equal(Alarm, Assert.Single(config.GetProperty("Alarms").EnumerateArray()).GetProperty("Name").GetString());
        Assert.False(command.TryGetProperty("TriggeredAlarms", out _));
        Assert.False(sent.GetProperty("Command").TryGetProperty("TriggeredAlarms", out _));

        var (_, plain) = await SendAsync(Online(1), null);
        Assert.False(plain.GetProperty("Command").TryGetProperty("AlarmConfiguration", out _));

        foreach (var (bad, constraint) in new (object, string)[]
        {
            (new { Alarms = new[] { new { Name = "a" }, new { Name = "b" } } }, "less than or equal to 1"),
            (new { Alarms = Array.Empty<object>() }, "greater than or equal to 1"),
            (new { IgnorePollAlarmFailure = false }, "alarmConfiguration.alarms' failed to satisfy constraint: Member must not be null"),
            (new { Alarms = new[] { new { Name = "   " } } }, "alarmConfiguration.alarms.1.member.name"),
            (new { Alarms = new[] { new { Name = new string('x', 256) } } }, "less than or equal to 255"),
        })
        {
            var (badStatus, error) = await SendAsync(Online(1), bad);
            Assert.Equal(400, badStatus);
            Assert.Equal("ValidationException", error.GetProperty("__type").GetString());
            Assert.Contains(constraint, error.GetProperty("message").GetString());
        }

        Assert.Equal(2, Server.State.Commands.Count);
    }

    [Fact]
    public async Task An_alarm_going_to_ALARM_stops_the_commands_that_name_it_and_only_those()
    {
        var ids = Online(4);
        var (_, watched) = await SendAsync(ids.Take(3), new { Alarms = new[] { new { Name = Alarm } } }, maxConcurrency: "1");
        var watchedId = watched.GetProperty("Command").GetProperty("CommandId").GetString()!;

        // The first instance finished, the second is installing, the third waits for its slot.
        Server.Clock.Advance(TimeSpan.FromSeconds(120));
        var (_, other) = await SendAsync(ids.Skip(3), new { Alarms = new[] { new { Name = "another-alarm" } } });
        var otherId = other.GetProperty("Command").GetProperty("CommandId").GetString()!;
        Server.Clock.Advance(TimeSpan.FromSeconds(10));
        var early = await InvocationStatusesAsync(watchedId);
        Assert.Equal(["Success", "InProgress", "Pending"], ids.Take(3).Select(id => early[id]).ToList());

        var answer = await SetAlarmAsync(Alarm, "ALARM");
        answer.EnsureSuccessStatusCode();
        using (var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()))
            Assert.Equal(1, body.RootElement.GetProperty("stoppedCommands").GetInt32());

        var statuses = await InvocationStatusesAsync(watchedId);
        Assert.Equal(["Success", "Cancelled", "Cancelled"], ids.Take(3).Select(id => statuses[id]).ToList());
        var command = await CommandAsync(watchedId);
        Assert.Equal(("Cancelled", "Cancelled"), (command.GetProperty("Status").GetString(), command.GetProperty("StatusDetails").GetString()));
        var triggered = Assert.Single(command.GetProperty("TriggeredAlarms").EnumerateArray());
        Assert.Equal((Alarm, "ALARM"), (triggered.GetProperty("Name").GetString(), triggered.GetProperty("State").GetString()));
        Assert.Equal("InProgress", (await InvocationStatusesAsync(otherId))[ids[3]]);

        // Back to OK, nothing restarts; the other command finishes normally.
        (await SetAlarmAsync(Alarm, "OK")).EnsureSuccessStatusCode();
        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("Cancelled", (await CommandAsync(watchedId)).GetProperty("Status").GetString());
        Assert.Equal("Success", (await CommandAsync(otherId)).GetProperty("Status").GetString());
        Assert.False((await CommandAsync(otherId)).TryGetProperty("TriggeredAlarms", out _));
    }

    [Fact]
    public async Task A_command_sent_while_its_alarm_is_in_ALARM_never_runs()
    {
        (await SetAlarmAsync(Alarm, "alarm")).EnsureSuccessStatusCode();
        var id = Online(1)[0];
        var missing = Server.State.PatchStateOf(id).MissingCount;

        var (status, sent) = await SendAsync([id], new { Alarms = new[] { new { Name = Alarm } } });
        Assert.Equal(200, status);
        Assert.Equal("Cancelled", sent.GetProperty("Command").GetProperty("Status").GetString());
        Server.Clock.Advance(TimeSpan.FromMinutes(5));

        var commandId = sent.GetProperty("Command").GetProperty("CommandId").GetString()!;
        Assert.Equal("Cancelled", (await InvocationStatusesAsync(commandId))[id]);
        Assert.Equal(missing, Server.State.PatchStateOf(id).MissingCount);
        Assert.False(Server.State.PatchStateOf(id).HasRun);

        var list = await Control.GetFromJsonAsync<JsonElement>("/_sandbox/alarms");
        Assert.Equal("ALARM", Assert.Single(list.EnumerateArray()).GetProperty("state").GetString());
        var bad = await SetAlarmAsync(Alarm, "RED");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("OK, ALARM, INSUFFICIENT_DATA", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DescribeInstanceStatus_filters_a_gate_uses_follow_the_reboot_and_pages_within_five_to_a_thousand()
    {
        var ids = Online(2);
        var (status, _) = await Http.SsmAsync("SendCommand", new
        {
            DocumentName = "AWS-RunPatchBaseline",
            InstanceIds = ids,
            Parameters = new Dictionary<string, string[]> { ["Operation"] = ["Install"], ["RebootOption"] = ["RebootIfNeeded"] },
        });
        Assert.Equal(200, status);
        Server.Clock.Advance(TimeSpan.FromSeconds(100));

        static List<string> Ids(XDocument xml) => xml.Descendants(SandboxHttp.Ec2 + "instanceStatusSet").Elements(SandboxHttp.Ec2 + "item")
            .Select(i => i.Element(SandboxHttp.Ec2 + "instanceId")!.Value).ToList();
        var (_, initializing) = await Http.Ec2Async("DescribeInstanceStatus",
            [new("Filter.1.Name", "instance-status.status"), new("Filter.1.Value.1", "initializing")]);
        Assert.Equal(ids.Order(StringComparer.Ordinal), Ids(initializing));
        var (_, reachability) = await Http.Ec2Async("DescribeInstanceStatus",
            [new("Filter.1.Name", "instance-status.reachability"), new("Filter.1.Value.1", "initializing")]);
        Assert.Equal(ids.Order(StringComparer.Ordinal), Ids(reachability));
        var (_, systemOk) = await Http.Ec2Async("DescribeInstanceStatus", [new("Filter.1.Name", "system-status.status"), new("Filter.1.Value.1", "ok")]);
        Assert.Subset(Ids(systemOk).ToHashSet(), ids.ToHashSet());

        Server.Clock.Advance(TimeSpan.FromSeconds(60));
        var (_, after) = await Http.Ec2Async("DescribeInstanceStatus",
            [new("Filter.1.Name", "instance-status.status"), new("Filter.1.Value.1", "initializing")]);
        Assert.Empty(Ids(after));

        // Pages of 5 cover every instance once, with and without IncludeAllInstances.
        foreach (var includeAll in new[] { false, true })
        {
            var seen = new List<string>();
            string? token = null;
            do
            {
                var query = new List<KeyValuePair<string, string>> { new("MaxResults", "5"), new("IncludeAllInstances", includeAll ? "true" : "false") };
                if (token is not null) query.Add(new("NextToken", token));
                var (pageStatus, page) = await Http.Ec2Async("DescribeInstanceStatus", query);
                Assert.Equal(200, pageStatus);
                Assert.True(Ids(page).Count <= 5);
                seen.AddRange(Ids(page));
                token = page.Descendants(SandboxHttp.Ec2 + "nextToken").FirstOrDefault()?.Value;
            }
            while (token is not null);
            var fleet = Server.State.InstancesIn("us-east-1").Where(i => includeAll || i.State == "running").Select(i => i.InstanceId);
            Assert.Equal(fleet.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        }

        var (comboStatus, combo) = await Http.Ec2Async("DescribeInstanceStatus", [new("MaxResults", "5"), new("InstanceId.1", ids[0])]);
        Assert.Equal(400, comboStatus);
        Assert.Equal("InvalidParameterCombination", SandboxHttp.ErrorCode(combo));
    }
}
