namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// The AWS CLI (botocore validates every response against the official SSM model) drives each maintenance-window
/// operation the module calls: create/get/update/describe/delete windows, register/describe/deregister targets and
/// tasks, get-maintenance-window-task, describe-maintenance-window-schedule, and the errors a user sees.
/// Same skip rule as <see cref="AwsCliConformanceTests"/>.
/// </summary>
public sealed class MaintenanceWindowCliConformanceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private Task<CliResult> Aws(params string[] arguments) => AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1", ["ssm", .. arguments]);

    [SkippableFact]
    public async Task EveryMaintenanceWindowOperationRoundTrips()
    {
        AwsCli.Require();
        fixture.Server.Reset();
        var created = (await Aws("create-maintenance-window", "--name", "prod-sunday", "--schedule", "cron(0 3 ? * SUN *)",
            "--schedule-timezone", "Europe/Berlin", "--duration", "3", "--cutoff", "1", "--no-allow-unassociated-targets", "--client-token", "cli-1")).Json();
        var id = created.GetProperty("WindowId").GetString()!;
        var window = (await Aws("get-maintenance-window", "--window-id", id)).Json();
        Assert.Equal("2025-06-08T01:00Z", window.GetProperty("NextExecutionTime").GetString());
        Assert.Equal(3, window.GetProperty("Duration").GetInt32());

        var updated = (await Aws("update-maintenance-window", "--window-id", id, "--cutoff", "2", "--description", "web fleet")).Json();
        Assert.Equal(2, updated.GetProperty("Cutoff").GetInt32());
        var listed = (await Aws("describe-maintenance-windows", "--filters", "Key=Name,Values=prod-sunday")).Json();
        Assert.Equal("web fleet", Assert.Single(listed.GetProperty("WindowIdentities").EnumerateArray()).GetProperty("Description").GetString());

        var target = (await Aws("register-target-with-maintenance-window", "--window-id", id, "--resource-type", "INSTANCE",
            "--targets", "Key=tag:Patch Group,Values=web-prod")).Json().GetProperty("WindowTargetId").GetString()!;
        var targets = (await Aws("describe-maintenance-window-targets", "--window-id", id)).Json();
        Assert.Equal("tag:Patch Group", targets.GetProperty("Targets")[0].GetProperty("Targets")[0].GetProperty("Key").GetString());

        var task = (await Aws("register-task-with-maintenance-window", "--window-id", id, "--task-arn", "AWS-RunPatchBaseline", "--task-type", "RUN_COMMAND",
            "--targets", $"Key=WindowTargetIds,Values={target}", "--max-concurrency", "10%", "--max-errors", "1",
            "--task-invocation-parameters", "{\"RunCommand\":{\"Parameters\":{\"Operation\":[\"Install\"],\"RebootOption\":[\"RebootIfNeeded\"]}}}")).Json().GetProperty("WindowTaskId").GetString()!;
        var tasks = (await Aws("describe-maintenance-window-tasks", "--window-id", id)).Json();
        Assert.Equal("AWS-RunPatchBaseline", tasks.GetProperty("Tasks")[0].GetProperty("TaskArn").GetString());
        var detail = (await Aws("get-maintenance-window-task", "--window-id", id, "--window-task-id", task)).Json();
        Assert.Equal("RebootIfNeeded", detail.GetProperty("TaskInvocationParameters").GetProperty("RunCommand").GetProperty("Parameters").GetProperty("RebootOption")[0].GetString());

        var schedule = (await Aws("describe-maintenance-window-schedule", "--window-id", id, "--max-items", "2")).Json();
        Assert.Equal(new[] { "2025-06-08T01:00Z", "2025-06-15T01:00Z" },
            schedule.GetProperty("ScheduledWindowExecutions").EnumerateArray().Select(r => r.GetProperty("ExecutionTime").GetString()));

        var mismatch = await Aws("create-maintenance-window", "--name", "prod-sunday", "--schedule", "rate(1 day)", "--duration", "3", "--cutoff", "1", "--no-allow-unassociated-targets", "--client-token", "cli-1");
        Assert.Contains("IdempotentParameterMismatch", mismatch.Stderr);
        var bad = await Aws("create-maintenance-window", "--name", "x", "--schedule", "rate(1 day)", "--duration", "3", "--cutoff", "1", "--no-allow-unassociated-targets");
        Assert.Contains(bad.ExitCode, new[] { 252, 254, 255 });

        (await Aws("deregister-task-from-maintenance-window", "--window-id", id, "--window-task-id", task)).Json();
        (await Aws("deregister-target-from-maintenance-window", "--window-id", id, "--window-target-id", target, "--safe")).Json();
        Assert.Equal(id, (await Aws("delete-maintenance-window", "--window-id", id)).Json().GetProperty("WindowId").GetString());
        var gone = await Aws("get-maintenance-window", "--window-id", id);
        Assert.Contains("DoesNotExistException", gone.Stderr);
        Assert.Empty(fixture.Server.State.Windows);
    }
}
