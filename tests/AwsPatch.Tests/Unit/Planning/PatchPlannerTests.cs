using AwsPatch.Planning;

namespace AwsPatch.Tests.Unit.Planning;

/// <summary>The due-date policy's tiers and the plan's "first Install window by the due date" rule.</summary>
public sealed class PatchPlannerTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    private static PatchPriority Priority(int critical = 0, int high = 0, int exploitable = 0, bool internet = false, string? environment = null) =>
        new() { InstanceId = "i-0123456789abcdef0", CriticalCount = critical, HighCount = high, ExploitAvailableCount = exploitable, InternetFacing = internet, Environment = environment, Region = "us-east-1" };

    private static PatchInstance Instance(string group) => new() { InstanceId = "i-0123456789abcdef0", Region = "us-east-1", PatchGroup = group, Tags = new Dictionary<string, string> { ["Patch Group"] = group } };

    private static PatchWindow Window(string name, DateTime start, string operation = "Install", bool enabled = true) => new()
    {
        WindowId = "mw-0123456789abcdef" + name.Length % 10, Name = name, Enabled = enabled, Duration = 3, Cutoff = 1, NextExecutionTime = start, NextExecutions = new[] { start },
        Targets = new[] { new PatchWindowTarget { WindowTargetId = "t-1", Targets = new[] { "tag:Patch Group=web-prod" }, Pairs = new[] { new KeyValuePair<string, IReadOnlyList<string>>("tag:Patch Group", new[] { "web-prod" }) } } },
        Tasks = new[] { new PatchWindowTask { WindowTaskId = "task-1", Operation = operation, WindowTargetIds = new[] { "t-1" } } },
    };

    [Theory]
    [InlineData(1, 0, 1, true, "production", "Urgent", 24)]
    [InlineData(1, 0, 1, true, "PRD", "Urgent", 24)]
    [InlineData(1, 0, 1, false, "production", "CriticalHigh", 7 * 24)]   // not internet-facing
    [InlineData(1, 0, 1, true, "staging", "CriticalHigh", 7 * 24)]      // not production
    [InlineData(1, 0, 0, true, "prod", "CriticalHigh", 7 * 24)]         // no exploit
    [InlineData(0, 3, 2, true, "prod", "CriticalHigh", 7 * 24)]         // High only
    [InlineData(0, 0, 0, true, "prod", "Routine", 30 * 24)]
    public void The_policy_tiers_and_due_dates(int critical, int high, int exploitable, bool internet, string environment, string tier, int hours)
    {
        var policy = new DueDatePolicy();
        var priority = Priority(critical, high, exploitable, internet, environment);
        Assert.Equal(tier, policy.TierOf(priority));
        Assert.Equal(Now.AddHours(hours), policy.DueDate(priority, Now));
    }

    [Fact]
    public void The_periods_are_parameters()
    {
        var policy = new DueDatePolicy { CriticalHigh = TimeSpan.FromDays(3) };
        Assert.Equal(Now.AddDays(3), policy.DueDate(Priority(high: 1), Now));
        Assert.Throws<ArgumentException>(() => new DueDatePolicy { Routine = TimeSpan.Zero }.Validate());
    }

    [Fact]
    public void A_CISA_KEV_due_date_wins_only_when_it_comes_first()
    {
        // Now is 2026-12-02 12:00Z. A High finding is due in 7 days: 2026-12-09 12:00Z.
        var policy = new DueDatePolicy();
        var high = Priority(high: 1);
        var kevSooner = new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(("CisaKev", kevSooner), (policy.TierOf(high, Now, kevSooner), policy.DueDate(high, Now, kevSooner)));

        var kevLater = new DateTime(2026, 12, 23, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(("CriticalHigh", new DateTime(2026, 12, 9, 12, 0, 0, DateTimeKind.Utc)), (policy.TierOf(high, Now, kevLater), policy.DueDate(high, Now, kevLater)));

        // Urgent (24 h: 2026-12-03 12:00Z) beats a KEV date two days out; a KEV date that passed beats everything.
        var urgent = Priority(1, 0, 1, true, "prod");
        Assert.Equal("Urgent", policy.TierOf(urgent, Now, Now.AddDays(2)));
        var passed = new DateTime(2023, 12, 12, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(("CisaKev", passed), (policy.TierOf(urgent, Now, passed), policy.DueDate(urgent, Now, passed)));
    }

    [Fact]
    public void A_passed_KEV_due_date_means_patch_now_even_with_a_window_tomorrow()
    {
        var passed = new DateTime(2023, 12, 12, 0, 0, 0, DateTimeKind.Utc);
        var plan = PatchPlanner.Plan(Priority(high: 1), Instance("web-prod"), new[] { Window("sunday", Now.AddDays(1)) }, new DueDatePolicy(), Now, passed);
        Assert.Equal(("CisaKev", passed, passed), (plan.Tier, plan.DueDate, plan.KevDueDate!.Value));
        Assert.True(plan.PatchNow);
        Assert.Equal(Now.AddDays(1), plan.WindowStart);
        Assert.Equal("Its CISA KEV due date, 2023-12-12, has passed: patch it now.", plan.Reason);

        var soon = PatchPlanner.Plan(Priority(high: 1), Instance("web-prod"), new[] { Window("sunday", Now.AddDays(1)) }, new DueDatePolicy(), Now, Now.AddDays(3));
        Assert.Equal(("CisaKev", true), (soon.Tier, soon.MeetsDueDate));
    }

    [Fact]
    public void The_first_Install_window_by_the_due_date_meets_it_and_a_later_one_does_not()
    {
        var policy = new DueDatePolicy();
        var windows = new[] { Window("sunday", Now.AddDays(4)), Window("scan-daily", Now.AddHours(2), "Scan") };
        var inTime = PatchPlanner.Plan(Priority(high: 1), Instance("web-prod"), windows, policy, Now);
        Assert.True(inTime.MeetsDueDate);
        Assert.False(inTime.PatchNow);
        Assert.Equal(("sunday", Now.AddDays(4)), (inTime.WindowName, inTime.WindowStart!.Value));   // the Scan window does not patch

        var urgent = PatchPlanner.Plan(Priority(1, 0, 1, true, "prod"), Instance("web-prod"), windows, policy, Now);
        Assert.True(urgent.PatchNow);
        Assert.Equal(Now.AddDays(4), urgent.WindowStart);
        Assert.Contains("after the due date", urgent.Reason, StringComparison.Ordinal);

        var uncovered = PatchPlanner.Plan(Priority(high: 1), Instance("db-prod"), windows, policy, Now);
        Assert.True(uncovered.PatchNow);
        Assert.Null(uncovered.WindowStart);
        Assert.Equal("No maintenance window targets it.", uncovered.Reason);
        Assert.Equal("The instance was not found in the region.", PatchPlanner.Plan(Priority(), null, windows, policy, Now).Reason);
    }
}
