using AwsPatch.Sandbox;
using AwsPatch.Tests.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// New/Get/Set/Remove-PatchWindow and Get-PatchSchedule through the real engine against the in-process sandbox,
/// whose clock starts Sunday 2025-06-01 12:00Z: the example window (Sundays 03:00 Europe/Berlin = 01:00Z in
/// summer) next starts 2025-06-08 01:00Z.
/// </summary>
public sealed class PatchWindowCmdletTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private const string Example = "New-PatchWindow -Name prod-sunday -Schedule 'cron(0 3 ? * SUN *)' -ScheduleTimezone Europe/Berlin -Duration 3 -Cutoff 1 -PatchGroup web-prod -Operation Install";
    private readonly SandboxServer _sandbox = fixture.Server;
    private readonly PowerShellHost _ps = SandboxShell.Create(fixture.Server);

    public void Dispose() => _ps.Dispose();

    private static DateTime Utc(int y, int mo, int d, int h) => new(y, mo, d, h, 0, 0, DateTimeKind.Utc);

    private PowerShellResult Run(string script)
    {
        var result = _ps.Invoke(script);
        Assert.True(result.Terminating is null, result.ToString());
        return result;
    }

    [Fact]
    public void New_creates_the_window_its_patch_group_targets_and_an_install_task_in_one_call()
    {
        _sandbox.Reset();
        var result = Run(Example + " @aws");
        Assert.Empty(result.Errors);
        var window = Assert.Single(result.OutputOf<PatchWindow>());
        Assert.Equal("cron(0 3 ? * SUN *)", window.Schedule);
        Assert.Equal("Europe/Berlin", window.ScheduleTimezone);
        Assert.Equal((3, 1), (window.Duration, window.Cutoff));
        Assert.True(window.Enabled);
        Assert.Equal(Utc(2025, 6, 8, 1), window.NextExecutionTime);
        Assert.Equal(new[] { Utc(2025, 6, 8, 1), Utc(2025, 6, 15, 1), Utc(2025, 6, 22, 1), Utc(2025, 6, 29, 1), Utc(2025, 7, 6, 1) }, window.NextExecutions);
        // One registration per patch-group tag key: pairs in one registration are ANDed.
        Assert.Equal(new[] { "tag:Patch Group=web-prod", "tag:PatchGroup=web-prod" }, window.Targets.Select(t => t.ToString()).Order());
        var task = Assert.Single(window.Tasks);
        Assert.Equal(("Install", "RebootIfNeeded", "10%", "1"), (task.Operation, task.RebootOption, task.MaxConcurrency, task.MaxErrors));

        // What AWS holds: the sandbox state the AWS CLI would read.
        var stored = Assert.Single(_sandbox.State.Windows);
        Assert.Equal(window.WindowId, stored.WindowId);
        Assert.Equal(2, stored.Targets.Count);
        Assert.Equal("AWS-RunPatchBaseline", Assert.Single(stored.Tasks).TaskArn);
    }

    [Fact]
    public void New_again_with_the_same_settings_changes_nothing_and_says_so_other_settings_point_to_Set()
    {
        _sandbox.Reset();
        Run(Example + " @aws");
        _sandbox.Counters.Reset();
        var again = Run(Example + " @aws");
        Assert.Empty(again.Errors);
        Assert.Contains(again.Warnings, w => w.Message.Contains("already exists with these settings: nothing changed", StringComparison.Ordinal));
        Assert.Equal(0, _sandbox.Counters.Writes);

        var other = Run(Example.Replace("-Duration 3", "-Duration 4", StringComparison.Ordinal) + " @aws");
        var error = Assert.Single(other.Errors);
        Assert.Equal("PatchWindowExists,AwsPatch.Commands.NewPatchWindowCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Duration is '3', not '4'", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Set-PatchWindow -Name prod-sunday", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(0, _sandbox.Counters.Writes);
        Assert.Single(_sandbox.State.Windows);
    }

    [Theory]
    [InlineData("-Schedule 'cron(0 3 * * SUN *)'", "day-of-week", "Schedule")]
    [InlineData("-Schedule 'cron(0 3 ? * FUN *)'", "'FUN' is not a value", "Schedule")]
    [InlineData("-Schedule 'rate(2 weeks)'", "not minutes, hours or days", "Schedule")]
    [InlineData("-Schedule 'cron(0 3 ? * SUN *)' -ScheduleTimezone Europe/Atlantis", "Europe/Atlantis", "ScheduleTimezone")]
    [InlineData("-Schedule 'rate(7 days)' -ScheduleOffset 2", "cron expressions only", "ScheduleOffset")]
    [InlineData("-Schedule 'cron(0 3 ? * SUN *)' -Cutoff 3", "must be less than the duration", "Cutoff")]
    public void Bad_settings_fail_before_any_call_naming_the_field(string settings, string message, string parameter)
    {
        _sandbox.Reset();
        _sandbox.Counters.Reset();
        var result = _ps.Invoke($"New-PatchWindow -Name bad-window {settings} -Duration 3 -PatchGroup web-prod @aws");
        var error = result.Errors.FirstOrDefault() ?? (result.Terminating as System.Management.Automation.IContainsErrorRecord)?.ErrorRecord;
        Assert.NotNull(error);
        Assert.StartsWith("InvalidSchedule", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal("bad-window", error.TargetObject);
        Assert.Contains(message, error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-" + parameter, error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(0, _sandbox.Counters.Reads + _sandbox.Counters.Writes);
    }

    [Fact]
    public void Targets_that_match_no_instance_are_a_warning_and_no_window()
    {
        _sandbox.Reset();
        var result = Run("New-PatchWindow -Name nobody -Schedule 'rate(7 days)' -Duration 2 -PatchGroup no-such-group @aws");
        Assert.Empty(result.Output);
        Assert.Contains(result.Warnings, w => w.Message.Contains("match no instance", StringComparison.Ordinal));
        Assert.Empty(_sandbox.State.Windows);
    }

    [Fact]
    public void WhatIf_writes_nothing()
    {
        _sandbox.Reset();
        _sandbox.Counters.Reset();
        var result = Run(Example + " -WhatIf @aws");
        Assert.Empty(result.Output);
        Assert.Equal(0, _sandbox.Counters.Writes);
        Assert.Empty(_sandbox.State.Windows);
    }

    [Fact]
    public void Piped_instances_answer_which_windows_cover_them()
    {
        _sandbox.Reset();
        Run(Example + " @aws");
        Run("$null = New-PatchWindow -Name staging-daily -Schedule 'cron(0 22 * * ? *)' -Duration 2 -PatchGroup web-staging @aws");
        var webProd = _sandbox.State.InstancesIn("us-east-1").First(i => i.PatchGroup == "web-prod").InstanceId;
        _ps.SetVariable("one", webProd);
        var covering = Run("Get-PatchInstance -InstanceId $one @aws | Get-PatchWindow @aws").OutputOf<PatchWindow>();
        Assert.Equal("prod-sunday", Assert.Single(covering).Name);
        Assert.Equal(2, Run("Get-PatchWindow @aws").Output.Count);
        var resolved = Run("Get-PatchWindow -Name prod-sunday -ResolveTargets @aws").OutputOf<PatchWindow>().Single();
        Assert.Equal(_sandbox.State.InstancesIn("us-east-1").Where(i => i.PatchGroup == "web-prod").Select(i => i.InstanceId).Order(), resolved.InstanceIds.Order());
    }

    [Fact]
    public void Set_changes_the_schedule_and_the_task_and_Remove_deletes()
    {
        _sandbox.Reset();
        Run(Example + " @aws");
        var set = Run("Set-PatchWindow -Name prod-sunday -Schedule 'cron(30 23 ? * TUE#3 *)' -ScheduleTimezone UTC -ScheduleOffset 2 -Operation Scan -RebootOption NoReboot @aws");
        Assert.Empty(set.Errors);
        var window = Assert.Single(set.OutputOf<PatchWindow>());
        // June 2025: TUE#3 is the 17th, +2 days → Thursday the 19th 23:30Z.
        Assert.Equal(new DateTime(2025, 6, 19, 23, 30, 0, DateTimeKind.Utc), window.NextExecutionTime);
        Assert.Equal(("Scan", "NoReboot"), (Assert.Single(window.Tasks).Operation, window.Tasks[0].RebootOption));

        var bad = Run("Set-PatchWindow -Name prod-sunday -Cutoff 3 @aws");
        Assert.Equal("InvalidSchedule,AwsPatch.Commands.SetPatchWindowCommand", Assert.Single(bad.Errors).FullyQualifiedErrorId);

        Run("Set-PatchWindow -Name prod-sunday -Enabled $false @aws");
        Assert.False(_sandbox.State.Windows.Single().Enabled);

        var missing = Run("Remove-PatchWindow -Name nope-window -Force @aws");
        Assert.Equal("WindowNotFound,AwsPatch.Commands.RemovePatchWindowCommand", Assert.Single(missing.Errors).FullyQualifiedErrorId);
        Run("Get-PatchWindow -Name prod-sunday @aws | Remove-PatchWindow -Force @aws");
        Assert.Empty(_sandbox.State.Windows);
    }

    [Fact]
    public void Set_replaces_the_targets_and_points_the_patch_task_at_the_new_ones()
    {
        _sandbox.Reset();
        Run(Example + " @aws");
        var set = Run("Set-PatchWindow -Name prod-sunday -PatchGroup web-staging @aws");
        Assert.Empty(set.Errors);
        var window = Assert.Single(set.OutputOf<PatchWindow>());
        Assert.Equal(new[] { "tag:Patch Group=web-staging", "tag:PatchGroup=web-staging" }, window.Targets.Select(t => t.ToString()).Order());
        var stored = Assert.Single(_sandbox.State.Windows);
        Assert.Equal(window.Targets.Select(t => t.WindowTargetId).Order(), stored.Targets.Select(t => t.WindowTargetId).Order());   // old ones deregistered
        var task = Assert.Single(stored.Tasks);
        Assert.Equal(stored.Targets.Select(t => t.WindowTargetId).Order(), task.Targets.Single(t => t.Key == "WindowTargetIds").Values.Order());
        Assert.Equal("Install", Assert.Single(window.Tasks).Operation);   // the task kept its settings
        var resolved = Run("Get-PatchWindow -Name prod-sunday -ResolveTargets @aws").OutputOf<PatchWindow>().Single();
        Assert.Equal(_sandbox.State.InstancesIn("us-east-1").Where(i => i.PatchGroup == "web-staging").Select(i => i.InstanceId).Order(), resolved.InstanceIds.Order());

        var two = _sandbox.State.InstancesIn("us-east-1").Select(i => i.InstanceId).Order().Take(2).ToArray();
        _ps.SetVariable("two", two);
        var byId = Assert.Single(Run("Set-PatchWindow -Name prod-sunday -InstanceId $two @aws").OutputOf<PatchWindow>());
        Assert.Equal("InstanceIds=" + string.Join(",", two), Assert.Single(byId.Targets).ToString());

        var byTag = Assert.Single(Run("Set-PatchWindow -Name prod-sunday -Tag @{ Environment = 'production' } @aws").OutputOf<PatchWindow>());
        Assert.Equal("tag:Environment=production", Assert.Single(byTag.Targets).ToString());
        Assert.Single(Assert.Single(_sandbox.State.Windows).Tasks);
    }

    [Fact]
    public void Set_targets_that_match_nothing_warn_and_change_nothing_and_the_same_targets_again_are_no_change()
    {
        _sandbox.Reset();
        Run(Example + " @aws");
        _sandbox.Counters.Reset();
        var nobody = Run("Set-PatchWindow -Name prod-sunday -PatchGroup no-such-group -Duration 4 @aws");
        Assert.Empty(nobody.Output);
        Assert.Contains(nobody.Warnings, w => w.Message.Contains("match no instance in us-east-1: nothing was changed", StringComparison.Ordinal));
        Assert.Equal(0, _sandbox.Counters.Writes);
        var stored = Assert.Single(_sandbox.State.Windows);
        Assert.Equal(3, stored.Duration);
        Assert.Equal(2, stored.Targets.Count);

        var same = Run("Set-PatchWindow -Name prod-sunday -PatchGroup web-prod @aws");
        Assert.Contains(same.Warnings, w => w.Message.Contains("nothing to change", StringComparison.Ordinal));
        Assert.Equal(0, _sandbox.Counters.Writes);

        var whatIf = Run("Set-PatchWindow -Name prod-sunday -PatchGroup web-staging -WhatIf @aws");
        Assert.Empty(whatIf.Output);
        Assert.Equal(0, _sandbox.Counters.Writes);
    }

    [Theory]
    [InlineData("-PatchGroup web-prod -Tag @{ Role = 'web' }", "one way")]
    [InlineData("-InstanceId i-123", "i-123")]
    [InlineData("-Tag @{ a = 1; b = 2; c = 3; d = 4; e = 5; f = 6 }", "at most 5")]
    public void Bad_targets_for_Set_fail_before_any_call(string targets, string message)
    {
        _sandbox.Reset();
        Run(Example + " @aws");
        _sandbox.Counters.Reset();
        var result = _ps.Invoke($"Set-PatchWindow -Name prod-sunday {targets} @aws");
        var error = result.Errors.FirstOrDefault() ?? (result.Terminating as System.Management.Automation.IContainsErrorRecord)?.ErrorRecord;
        Assert.NotNull(error);
        Assert.Contains(message, error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, _sandbox.Counters.Reads + _sandbox.Counters.Writes);
    }

    [Fact]
    public void Schedule_says_when_each_instance_is_next_patched_and_why_the_rest_are_not()
    {
        _sandbox.Reset();
        Run(Example + " @aws");
        Run("$null = New-PatchWindow -Name staging-off -Schedule 'cron(0 22 * * ? *)' -Duration 2 -PatchGroup web-staging @aws");
        Run("Set-PatchWindow -Name staging-off -Enabled $false @aws");
        var entries = Run("Get-PatchSchedule @aws").OutputOf<PatchSchedule>();
        var fleet = _sandbox.State.InstancesIn("us-east-1");
        Assert.Equal(fleet.Select(i => i.InstanceId).Order(), entries.Select(e => e.InstanceId).Order());
        foreach (var entry in entries)
        {
            var group = fleet.Single(i => i.InstanceId == entry.InstanceId).PatchGroup;
            if (group == "web-prod")
            {
                Assert.Equal((Utc(2025, 6, 8, 1), "prod-sunday", "Install"), (entry.NextWindowStart!.Value, entry.WindowName!, entry.Operation!));
                Assert.Equal(Utc(2025, 6, 8, 3), entry.NextWindowCutoff);
            }
            else
            {
                Assert.Null(entry.NextWindowStart);
                Assert.Equal(group == "web-staging" ? "Only disabled windows target it" : "No maintenance window targets it.",
                    group == "web-staging" ? entry.Reason![..31] : entry.Reason);
            }
        }
        var uncovered = Run("Get-PatchSchedule -Uncovered @aws").OutputOf<PatchSchedule>();
        Assert.All(uncovered, e => Assert.Null(e.NextWindowStart));
        Assert.Equal(entries.Count(e => e.NextWindowStart == null), uncovered.Count);
    }

    [SkippableFact]
    public async Task The_AWS_CLI_sees_the_window_New_PatchWindow_created()
    {
        AwsCli.Require();
        _sandbox.Reset();
        var id = Run(Example + " @aws").OutputOf<PatchWindow>().Single().WindowId;
        var window = (await AwsCli.RunAsync(_sandbox.Endpoint, "us-east-1", "ssm", "get-maintenance-window", "--window-id", id)).Json();
        Assert.Equal("cron(0 3 ? * SUN *)", window.GetProperty("Schedule").GetString());
        Assert.Equal("Europe/Berlin", window.GetProperty("ScheduleTimezone").GetString());
        Assert.Equal("2025-06-08T01:00Z", window.GetProperty("NextExecutionTime").GetString());
        var targets = (await AwsCli.RunAsync(_sandbox.Endpoint, "us-east-1", "ssm", "describe-maintenance-window-targets", "--window-id", id)).Json();
        Assert.Equal(new[] { "tag:Patch Group", "tag:PatchGroup" },
            targets.GetProperty("Targets").EnumerateArray().Select(t => t.GetProperty("Targets")[0].GetProperty("Key").GetString()).Order());
        var tasks = (await AwsCli.RunAsync(_sandbox.Endpoint, "us-east-1", "ssm", "describe-maintenance-window-tasks", "--window-id", id)).Json();
        var task = Assert.Single(tasks.GetProperty("Tasks").EnumerateArray());
        var detail = (await AwsCli.RunAsync(_sandbox.Endpoint, "us-east-1", "ssm", "get-maintenance-window-task", "--window-id", id, "--window-task-id", task.GetProperty("WindowTaskId").GetString()!)).Json();
        Assert.Equal("Install", detail.GetProperty("TaskInvocationParameters").GetProperty("RunCommand").GetProperty("Parameters").GetProperty("Operation")[0].GetString());
    }

    [SkippableFact]
    public async Task The_AWS_CLI_sees_the_targets_Set_PatchWindow_registered_and_the_task_on_them()
    {
        AwsCli.Require();
        _sandbox.Reset();
        var id = Run(Example + " @aws").OutputOf<PatchWindow>().Single().WindowId;
        Run("$null = Set-PatchWindow -Name prod-sunday -Tag @{ Environment = 'staging' } @aws");

        var targets = (await AwsCli.RunAsync(_sandbox.Endpoint, "us-east-1", "ssm", "describe-maintenance-window-targets", "--window-id", id)).Json();
        var target = Assert.Single(targets.GetProperty("Targets").EnumerateArray());
        Assert.Equal("tag:Environment", target.GetProperty("Targets")[0].GetProperty("Key").GetString());
        Assert.Equal("staging", target.GetProperty("Targets")[0].GetProperty("Values")[0].GetString());
        var tasks = (await AwsCli.RunAsync(_sandbox.Endpoint, "us-east-1", "ssm", "describe-maintenance-window-tasks", "--window-id", id)).Json();
        var taskTargets = Assert.Single(tasks.GetProperty("Tasks").EnumerateArray()).GetProperty("Targets")[0];
        Assert.Equal("WindowTargetIds", taskTargets.GetProperty("Key").GetString());
        Assert.Equal(target.GetProperty("WindowTargetId").GetString(), Assert.Single(taskTargets.GetProperty("Values").EnumerateArray()).GetString());
    }

    [Fact]
    public void A_plan_from_priorities_flags_what_no_window_patches_by_its_due_date()
    {
        _sandbox.Reset();
        Run(Example + " @aws");
        var result = Run("Get-PatchFinding @aws | Get-PatchPriority | New-PatchPlan -RoutineWithin 10 -IgnoreCisaKev @aws");
        Assert.Empty(result.Errors);
        var plans = result.OutputOf<PatchPlan>();
        Assert.NotEmpty(plans);
        var now = _sandbox.Clock.UtcNow;
        foreach (var plan in plans)
        {
            var group = _sandbox.State.FindInstance(plan.InstanceId)!.PatchGroup;
            Assert.InRange(plan.DueDate, now.AddHours(23), now.AddDays(11));
            if (group == "web-prod" && plan.Tier != "Urgent")
                Assert.Equal((true, "prod-sunday", Utc(2025, 6, 8, 1)), (plan.MeetsDueDate, plan.WindowName!, plan.WindowStart!.Value));
            else if (group != "web-prod")
                Assert.True(plan.PatchNow && plan.WindowStart == null && plan.Reason != null, plan.InstanceId);
        }
        Assert.Contains(plans, p => p.MeetsDueDate);
        Assert.Contains(plans, p => p.PatchNow);
        Assert.Single(Assert.Single(_sandbox.State.Windows).Tasks);   // planning changed no window
        Assert.Equal(0, _sandbox.Counters["inspector2:BatchGetFindingDetails"]);   // -IgnoreCisaKev: no KEV lookup
    }

    [Fact]
    public void A_finding_in_the_CISA_KEV_catalogue_sets_the_due_date_to_its_KEV_due_date()
    {
        _sandbox.Reset();
        Run(Example + " @aws");
        // The sandbox's findings carry CISA's real catalogue dates: Looney Tunables (CVE-2023-4911) was due 2023-12-12,
        // PwnKit (CVE-2021-4034) 2022-07-18, so an instance with either is overdue on the sandbox's 2025-06-01.
        var kevFindings = _sandbox.Inspector2.FindingsIn("us-east-1").Where(f => f.Status == "ACTIVE" && f.Cisa != null).ToList();
        var expected = kevFindings.GroupBy(f => f.ResourceId).ToDictionary(g => g.Key, g => g.Min(f => f.Cisa!.DateDue));
        Assert.NotEmpty(expected);
        var withoutKev = _sandbox.State.InstancesIn("us-east-1").Select(i => i.InstanceId).First(id => !expected.ContainsKey(id)
            && _sandbox.Inspector2.FindingsIn("us-east-1").Any(f => f.ResourceId == id && f.Status == "ACTIVE"));

        var result = Run("Get-PatchFinding @aws | Get-PatchPriority | New-PatchPlan @aws");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        var plans = result.OutputOf<PatchPlan>().ToDictionary(p => p.InstanceId);
        foreach (var (instanceId, due) in expected)
        {
            var plan = plans[instanceId];
            Assert.Equal(("CisaKev", due, due), (plan.Tier, plan.DueDate, plan.KevDueDate!.Value));
            Assert.True(plan.PatchNow, instanceId);
            Assert.Equal($"Its CISA KEV due date, {due:yyyy-MM-dd}, has passed: patch it now.", plan.Reason);
        }
        Assert.Null(plans[withoutKev].KevDueDate);
        Assert.NotEqual("CisaKev", plans[withoutKev].Tier);
        // Ten ARNs a call, never more (the sandbox rejects more); one call per ten findings of the rollups.
        var arns = _sandbox.Inspector2.FindingsIn("us-east-1").Count(f => f.Status == "ACTIVE" && f.Type == "PACKAGE_VULNERABILITY");
        Assert.Equal((arns + 9) / 10, _sandbox.Counters["inspector2:BatchGetFindingDetails"]);
    }
}
