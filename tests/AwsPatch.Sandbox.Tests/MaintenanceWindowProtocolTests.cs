using System.Text.Json;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// Maintenance windows over raw JSON 1.1, checked against the botocore SSM model's constraints: the window's settings and
/// NextExecutionTime (the sandbox clock starts Sunday 2025-06-01 12:00Z), ClientToken idempotency, the 50-window quota,
/// DoesNotExistException, filters and the 10-100 page size, targets and tasks, DescribeMaintenanceWindowSchedule.
/// </summary>
public sealed class MaintenanceWindowProtocolTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxHttp _http = new(fixture.Server.Endpoint);

    public void Dispose() => _http.Dispose();

    private static string Type(JsonElement json) => json.GetProperty("__type").GetString()!;

    private async Task<string> CreateAsync(string name, string schedule = "cron(0 3 ? * SUN *)", string? timezone = "Europe/Berlin", string? token = null)
    {
        var (status, json) = await _http.SsmAsync("CreateMaintenanceWindow", new { Name = name, Schedule = schedule, ScheduleTimezone = timezone, Duration = 3, Cutoff = 1, AllowUnassociatedTargets = false, ClientToken = token });
        Assert.True(status == 200, json.ToString());
        return json.GetProperty("WindowId").GetString()!;
    }

    [Fact]
    public async Task A_window_reads_back_with_its_next_execution_in_its_timezone()
    {
        fixture.Server.Reset();
        var id = await CreateAsync("prod-sunday");
        Assert.Matches("^mw-[0-9a-f]{17}$", id);
        var (_, window) = await _http.SsmAsync("GetMaintenanceWindow", new { WindowId = id });
        Assert.Equal("prod-sunday", window.GetProperty("Name").GetString());
        Assert.Equal("Europe/Berlin", window.GetProperty("ScheduleTimezone").GetString());
        Assert.True(window.GetProperty("Enabled").GetBoolean());
        // Sunday 2025-06-01 12:00Z is past 03:00 CEST: the next run is Sunday 2025-06-08 03:00 CEST = 01:00Z.
        Assert.Equal("2025-06-08T01:00Z", window.GetProperty("NextExecutionTime").GetString());

        var (_, updated) = await _http.SsmAsync("UpdateMaintenanceWindow", new { WindowId = id, Schedule = "cron(30 23 ? * TUE#3 *)", ScheduleTimezone = "UTC", ScheduleOffset = 2, Enabled = false });
        Assert.False(updated.GetProperty("Enabled").GetBoolean());
        Assert.Equal(3, updated.GetProperty("Duration").GetInt32());   // not given: kept
        var (_, listed) = await _http.SsmAsync("DescribeMaintenanceWindows", new { Filters = new[] { new { Key = "Enabled", Values = new[] { "false" } } } });
        var identity = Assert.Single(listed.GetProperty("WindowIdentities").EnumerateArray());
        Assert.False(identity.TryGetProperty("NextExecutionTime", out _));   // a disabled window does not run
        await _http.SsmAsync("UpdateMaintenanceWindow", new { WindowId = id, Enabled = true });
        var (_, again) = await _http.SsmAsync("GetMaintenanceWindow", new { WindowId = id });
        // June 2025: the 1st is a Sunday, so TUE#3 is the 17th; offset 2 → Thursday the 19th 23:30Z.
        Assert.Equal("2025-06-19T23:30Z", again.GetProperty("NextExecutionTime").GetString());
    }

    [Fact]
    public async Task Bad_settings_fail_with_the_model_constraints()
    {
        fixture.Server.Reset();
        async Task<JsonElement> Create(object body) => (await _http.SsmAsync("CreateMaintenanceWindow", body)).Json;
        Assert.Contains("duration", (await Create(new { Name = "abc", Schedule = "rate(7 days)", Duration = 25, Cutoff = 1, AllowUnassociatedTargets = false })).GetProperty("message").GetString());
        Assert.Contains("cutoff", (await Create(new { Name = "abc", Schedule = "rate(7 days)", Duration = 2, Cutoff = 2, AllowUnassociatedTargets = false })).GetProperty("message").GetString());
        Assert.Contains("pattern", (await Create(new { Name = "a b", Schedule = "rate(7 days)", Duration = 2, Cutoff = 1, AllowUnassociatedTargets = false })).GetProperty("message").GetString());
        Assert.Equal("ValidationException", Type(await Create(new { Name = "abc", Schedule = "cron(0 3 * * SUN *)", Duration = 2, Cutoff = 1, AllowUnassociatedTargets = false })));
        Assert.Equal("ValidationException", Type(await Create(new { Name = "abc", Schedule = "rate(7 weeks)", Duration = 2, Cutoff = 1, AllowUnassociatedTargets = false })));
        Assert.Equal("ValidationException", Type(await Create(new { Name = "abc", Schedule = "cron(0 3 ? * SUN *)", ScheduleTimezone = "Mars/Olympus", Duration = 2, Cutoff = 1, AllowUnassociatedTargets = false })));
        Assert.Equal("ValidationException", Type(await Create(new { Name = "abc", Schedule = "rate(7 days)", ScheduleOffset = 2, Duration = 2, Cutoff = 1, AllowUnassociatedTargets = false })));
        Assert.Equal("ValidationException", Type(await Create(new { Name = "abc", Schedule = "rate(7 days)", Duration = 2, Cutoff = 1 })));
        var (_, missing) = await _http.SsmAsync("GetMaintenanceWindow", new { WindowId = "mw-0123456789abcdef0" });
        Assert.Equal("DoesNotExistException", Type(missing));
        Assert.Equal("Maintenance window mw-0123456789abcdef0 does not exist", missing.GetProperty("message").GetString());
        Assert.Empty(fixture.Server.State.Windows);
    }

    [Fact]
    public async Task A_client_token_repeats_a_create_and_refuses_other_parameters()
    {
        fixture.Server.Reset();
        var first = await CreateAsync("tokened", token: "tok-1");
        Assert.Equal(first, await CreateAsync("tokened", token: "tok-1"));
        var (status, mismatch) = await _http.SsmAsync("CreateMaintenanceWindow", new { Name = "tokened", Schedule = "rate(1 day)", Duration = 3, Cutoff = 1, AllowUnassociatedTargets = false, ClientToken = "tok-1" });
        Assert.Equal(400, status);
        Assert.Equal("IdempotentParameterMismatch", Type(mismatch));
        Assert.Single(fixture.Server.State.Windows);
    }

    [Fact]
    public async Task Fifty_windows_a_region_then_the_quota_and_pages_of_ten_to_a_hundred()
    {
        fixture.Server.Reset();
        for (var i = 0; i < 50; i++) await CreateAsync($"w-{i:D2}", "rate(1 day)", null);
        var (_, over) = await _http.SsmAsync("CreateMaintenanceWindow", new { Name = "w-50", Schedule = "rate(1 day)", Duration = 3, Cutoff = 1, AllowUnassociatedTargets = false });
        Assert.Equal("ResourceLimitExceededException", Type(over));
        Assert.Equal(200, (await _http.SsmAsync("CreateMaintenanceWindow", new { Name = "w-50", Schedule = "rate(1 day)", Duration = 3, Cutoff = 1, AllowUnassociatedTargets = false }, region: "eu-west-1")).Status);

        var (_, tooSmall) = await _http.SsmAsync("DescribeMaintenanceWindows", new { MaxResults = 9 });
        Assert.Contains("greater than or equal to 10", tooSmall.GetProperty("message").GetString());
        Assert.Equal("ValidationException", Type((await _http.SsmAsync("DescribeMaintenanceWindows", new { MaxResults = 101 })).Json));
        Assert.Equal("ValidationException", Type((await _http.SsmAsync("DescribeMaintenanceWindows", new { Filters = new[] { new { Key = "Schedule", Values = new[] { "x" } } } })).Json));
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var (_, page) = await _http.SsmAsync("DescribeMaintenanceWindows", new { MaxResults = 20, NextToken = token });
            seen.AddRange(page.GetProperty("WindowIdentities").EnumerateArray().Select(w => w.GetProperty("Name").GetString()!));
            token = page.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(50, seen.Distinct().Count());
        var (_, byName) = await _http.SsmAsync("DescribeMaintenanceWindows", new { Filters = new[] { new { Key = "Name", Values = new[] { "w-07", "w-08" } } } });
        Assert.Equal(2, byName.GetProperty("WindowIdentities").GetArrayLength());
    }

    [Fact]
    public async Task Targets_and_a_patch_task_register_describe_and_deregister()
    {
        fixture.Server.Reset();
        var id = await CreateAsync("web-prod-window");
        var (_, target) = await _http.SsmAsync("RegisterTargetWithMaintenanceWindow", new { WindowId = id, ResourceType = "INSTANCE", Targets = new[] { new { Key = "tag:Patch Group", Values = new[] { "web-prod" } } } });
        var targetId = target.GetProperty("WindowTargetId").GetString()!;
        Assert.Equal("ValidationException", Type((await _http.SsmAsync("RegisterTargetWithMaintenanceWindow", new { WindowId = id, ResourceType = "INSTANCE", Targets = new[] { new { Key = "Name", Values = new[] { "x" } } } })).Json));
        Assert.Equal("DoesNotExistException", Type((await _http.SsmAsync("RegisterTargetWithMaintenanceWindow", new { WindowId = "mw-0123456789abcdef0", ResourceType = "INSTANCE", Targets = new[] { new { Key = "InstanceIds", Values = new[] { "i-0123456789abcdef0" } } } })).Json));

        var task = new
        {
            WindowId = id,
            TaskArn = "AWS-RunPatchBaseline",
            TaskType = "RUN_COMMAND",
            Targets = new[] { new { Key = "WindowTargetIds", Values = new[] { targetId } } },
            MaxConcurrency = "10%",
            MaxErrors = "1",
            TaskInvocationParameters = new { RunCommand = new { Parameters = new Dictionary<string, string[]> { ["Operation"] = ["Install"], ["RebootOption"] = ["RebootIfNeeded"] } } },
        };
        var (_, registered) = await _http.SsmAsync("RegisterTaskWithMaintenanceWindow", task);
        var taskId = registered.GetProperty("WindowTaskId").GetString()!;
        Assert.Equal("ValidationException", Type((await _http.SsmAsync("RegisterTaskWithMaintenanceWindow", new { task.WindowId, task.TaskArn, task.TaskType, task.Targets, MaxConcurrency = "0", MaxErrors = "1" })).Json));

        var (_, tasks) = await _http.SsmAsync("DescribeMaintenanceWindowTasks", new { WindowId = id, Filters = new[] { new { Key = "TaskArn", Values = new[] { "AWS-RunPatchBaseline" } } } });
        var described = Assert.Single(tasks.GetProperty("Tasks").EnumerateArray());
        Assert.Equal("RUN_COMMAND", described.GetProperty("Type").GetString());
        Assert.Equal("10%", described.GetProperty("MaxConcurrency").GetString());
        var (_, got) = await _http.SsmAsync("GetMaintenanceWindowTask", new { WindowId = id, WindowTaskId = taskId });
        Assert.Equal("Install", got.GetProperty("TaskInvocationParameters").GetProperty("RunCommand").GetProperty("Parameters").GetProperty("Operation")[0].GetString());

        Assert.Equal("TargetInUseException", Type((await _http.SsmAsync("DeregisterTargetFromMaintenanceWindow", new { WindowId = id, WindowTargetId = targetId, Safe = true })).Json));
        Assert.Equal(200, (await _http.SsmAsync("DeregisterTaskFromMaintenanceWindow", new { WindowId = id, WindowTaskId = taskId })).Status);
        Assert.Equal("DoesNotExistException", Type((await _http.SsmAsync("DeregisterTaskFromMaintenanceWindow", new { WindowId = id, WindowTaskId = taskId })).Json));
        Assert.Equal(200, (await _http.SsmAsync("DeregisterTargetFromMaintenanceWindow", new { WindowId = id, WindowTargetId = targetId, Safe = true })).Status);
        var (_, none) = await _http.SsmAsync("DescribeMaintenanceWindowTargets", new { WindowId = id });
        Assert.Equal(0, none.GetProperty("Targets").GetArrayLength());
        Assert.Equal(200, (await _http.SsmAsync("DeleteMaintenanceWindow", new { WindowId = id })).Status);
        Assert.Empty(fixture.Server.State.Windows);
    }

    [Fact]
    public async Task The_schedule_lists_a_windows_runs_and_the_windows_that_cover_an_instance()
    {
        fixture.Server.Reset();
        var id = await CreateAsync("web-prod-window");
        await _http.SsmAsync("RegisterTargetWithMaintenanceWindow", new { WindowId = id, ResourceType = "INSTANCE", Targets = new[] { new { Key = "tag:Patch Group", Values = new[] { "web-prod" } } } });
        var (_, runs) = await _http.SsmAsync("DescribeMaintenanceWindowSchedule", new { WindowId = id, MaxResults = 3 });
        Assert.Equal(new[] { "2025-06-08T01:00Z", "2025-06-15T01:00Z", "2025-06-22T01:00Z" },
            runs.GetProperty("ScheduledWindowExecutions").EnumerateArray().Select(r => r.GetProperty("ExecutionTime").GetString()));
        Assert.True(runs.TryGetProperty("NextToken", out _));

        var webProd = fixture.Server.State.Instances.First(i => i.Tags.GetValueOrDefault("Patch Group") == "web-prod").InstanceId;
        var staging = fixture.Server.State.Instances.First(i => i.Tags.GetValueOrDefault("Patch Group") == "web-staging").InstanceId;
        var (_, covered) = await _http.SsmAsync("DescribeMaintenanceWindowSchedule", new { ResourceType = "INSTANCE", Targets = new[] { new { Key = "InstanceIds", Values = new[] { webProd } } }, MaxResults = 1 });
        Assert.Equal(id, Assert.Single(covered.GetProperty("ScheduledWindowExecutions").EnumerateArray()).GetProperty("WindowId").GetString());
        var (_, uncovered) = await _http.SsmAsync("DescribeMaintenanceWindowSchedule", new { ResourceType = "INSTANCE", Targets = new[] { new { Key = "InstanceIds", Values = new[] { staging } } } });
        Assert.Equal(0, uncovered.GetProperty("ScheduledWindowExecutions").GetArrayLength());
    }
}
