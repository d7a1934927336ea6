using AwsPatch.Planning;
using AwsPatch.Remediation;

namespace AwsPatch.Tests.Unit.Remediation;

/// <summary>The effectiveness figures on a hand-computed set of results.</summary>
public sealed class RemediationFiguresTests
{
    private static readonly DateTime T0 = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    private static PatchRemediation Closed(string instance, string severity, double days, string environment) => new()
    {
        InstanceId = instance, Severity = severity, Environment = environment, Outcome = "Closed", FirstObservedAt = T0, ClosedAt = T0.AddDays(days), PackageName = "glibc",
    };

    private static PatchRemediation Open(string instance, string reason, string severity, string? package, string? kb = null, double ageDays = 1) => new()
    {
        InstanceId = instance, Severity = severity, Outcome = "StillOpen", Reason = reason, PackageName = package, KbId = kb, FirstObservedAt = T0.AddDays(20 - ageDays),
    };

    [Fact]
    public void Median_p90_due_share_and_worst_offenders_match_the_hand_computed_values()
    {
        var results = new[]
        {
            Closed("i-1", "Critical", 1, "production"), Closed("i-1", "High", 2, "production"), Closed("i-2", "High", 3, "staging"),
            Closed("i-2", "Medium", 10, "staging"), Closed("i-3", "Low", 40, "staging"),
            Open("i-3", "PendingReboot", "High", "kernel"), Open("i-3", "PackageNotInBaseline", "Medium", "krb5-libs"),
            Open("i-4", "NoFixAvailable", "High", "coreutils", ageDays: 9), Open("i-4", "PendingReboot", "Critical", "Microsoft Windows", kb: "KB5041160"),
            Open("i-3", "PendingReboot", "Low", "kernel"),
            new PatchRemediation { InstanceId = "i-5", Severity = "High", Outcome = "New", FirstObservedAt = T0.AddDays(19) },
        };

        var f = RemediationFigures.Compute(results, new DueDatePolicy(), T0.AddDays(20));

        Assert.Equal((5, 5, 1), (f.Closed, f.StillOpen, f.New));
        Assert.Equal(3, f.OpenByReason["PendingReboot"]);
        // Times 1, 2, 3, 10, 40 days: nearest rank 50% = 3rd = 3 days, 90% = 5th = 40 days.
        Assert.Equal(TimeSpan.FromDays(3), f.MedianTimeToRemediate);
        Assert.Equal(TimeSpan.FromDays(40), f.P90TimeToRemediate);
        Assert.Equal((TimeSpan.FromDays(2), TimeSpan.FromDays(3)), f.BySeverity["High"]);
        Assert.Equal((TimeSpan.FromDays(1), TimeSpan.FromDays(2)), f.ByEnvironment["production"]);
        Assert.Equal((TimeSpan.FromDays(10), TimeSpan.FromDays(40)), f.ByEnvironment["staging"]);
        // Due: Critical/High 7 days (1, 2, 3 met), Medium/Low 30 days (10 met, 40 missed); the open High seen 9 days ago missed its 7.
        Assert.Equal((4, 2), (f.DueMet, f.DueMissed));
        Assert.Equal(0.4, f.ClosedWithinDueShare!.Value, 6);
        Assert.Equal(new KeyValuePair<string, int>("i-3", 3), f.WorstInstances[0]);
        Assert.Equal(new KeyValuePair<string, int>("kernel", 2), f.WorstPackages[0]);
        Assert.Contains(new KeyValuePair<string, int>("KB5041160", 1), f.WorstPackages); // Windows by KB
    }

    [Fact]
    public void The_trend_has_one_point_per_install_day_oldest_first_with_its_own_counts_share_and_median()
    {
        var day1 = T0.AddDays(10).AddHours(23); // 2026-03-11 23:00 UTC
        var day2 = T0.AddDays(12).AddMinutes(30); // 2026-03-13 00:30 UTC
        PatchRemediation At(PatchRemediation r, DateTime patched) => new()
        {
            InstanceId = r.InstanceId, Severity = r.Severity, Outcome = r.Outcome, Reason = r.Reason, FirstObservedAt = r.FirstObservedAt, ClosedAt = r.ClosedAt, PatchedAt = patched,
        };
        var results = new[]
        {
            At(Closed("i-1", "High", 11, "production"), day1), At(Closed("i-1", "High", 12, "production"), day1), At(Open("i-2", "PendingReboot", "High", "kernel"), day1),
            At(Closed("i-3", "Low", 13, "staging"), day2), At(Closed("i-3", "Low", 15, "staging"), day2), At(Closed("i-4", "Low", 20, "staging"), day2),
            At(new PatchRemediation { InstanceId = "i-4", Severity = "High", Outcome = "New", FirstObservedAt = day2.AddHours(1) }, day2),
        };

        var trend = RemediationFigures.Compute(results, new DueDatePolicy(), T0.AddDays(30)).Trend;

        Assert.Equal(2, trend.Count);
        var (first, second) = (trend[0], trend[1]);
        Assert.Equal((new DateTime(2026, 3, 11), 2, 2, 1, 0), (first.Day, first.Instances, first.Closed, first.StillOpen, first.New));
        Assert.Equal(2.0 / 3, first.ClosedShare!.Value, 6);
        Assert.Equal(TimeSpan.FromDays(11), first.MedianTimeToRemediate); // 11, 12: nearest rank 50% = 1st
        Assert.Equal((new DateTime(2026, 3, 13), 2, 3, 0, 1), (second.Day, second.Instances, second.Closed, second.StillOpen, second.New));
        Assert.Equal(1.0, second.ClosedShare!.Value, 6);
        Assert.Equal(TimeSpan.FromDays(15), second.MedianTimeToRemediate); // 13, 15, 20: 2nd
    }

    [Fact]
    public void The_trend_has_one_point_per_rollout_and_per_run_with_its_median_and_p90_and_a_day_only_for_installs_no_run_was_joined_to()
    {
        var patched = T0.AddDays(10);
        PatchRemediation In(PatchRemediation r, string? runId, string? rolloutId, DateTime at) => new()
        {
            InstanceId = r.InstanceId, Severity = r.Severity, Outcome = r.Outcome, Reason = r.Reason, FirstObservedAt = r.FirstObservedAt, ClosedAt = r.ClosedAt,
            PatchedAt = at, RunId = runId, RolloutId = rolloutId,
        };
        var results = new[]
        {
            // Run A (on its own): closed after 2, 4, 6, 8, 30 days, one still open.
            In(Closed("i-1", "High", 2, "staging"), "run-a", null, patched), In(Closed("i-1", "High", 4, "staging"), "run-a", null, patched),
            In(Closed("i-2", "High", 6, "staging"), "run-a", null, patched), In(Closed("i-2", "Low", 8, "staging"), "run-a", null, patched),
            In(Closed("i-2", "Low", 30, "staging"), "run-a", null, patched), In(Open("i-2", "PendingReboot", "High", "kernel"), "run-a", null, patched),
            // Rollout R: its waves' runs w1 and w2 are one point; closed after 1 and 3 days, two open.
            In(Closed("i-3", "Critical", 1, "production"), "ro-1-w1", "ro-1", patched.AddDays(1)), In(Closed("i-4", "High", 3, "production"), "ro-1-w2", "ro-1", patched.AddDays(2)),
            In(Open("i-4", "PackageNotInBaseline", "Medium", "krb5-libs"), "ro-1-w2", "ro-1", patched.AddDays(2)), In(Open("i-3", "NoFixAvailable", "High", "coreutils"), "ro-1-w1", "ro-1", patched.AddDays(1)),
            // An install no AwsPatch run did (a maintenance window): its day.
            In(Closed("i-5", "High", 5, "staging"), null, null, patched.AddDays(3).AddHours(5)),
        };

        var trend = RemediationFigures.Compute(results, new DueDatePolicy(), T0.AddDays(40)).Trend;

        Assert.Equal(3, trend.Count);
        var (run, rollout, day) = (trend[0], trend[1], trend[2]);
        Assert.Equal(("run-a", (string?)null, false, 2, 5, 1), (run.RunId, run.RolloutId, run.IsDay, run.Instances, run.Closed, run.StillOpen));
        Assert.Equal(5.0 / 6, run.ClosedShare!.Value, 6);
        // 2, 4, 6, 8, 30 days: nearest rank 50% = ceil(2.5) = 3rd = 6 days, 90% = ceil(4.5) = 5th = 30 days.
        Assert.Equal((TimeSpan.FromDays(6), TimeSpan.FromDays(30)), (run.MedianTimeToRemediate, run.P90TimeToRemediate));
        Assert.Equal(((string?)null, "ro-1", 2, 2, 2, patched.AddDays(1)), (rollout.RunId, rollout.RolloutId, rollout.Instances, rollout.Closed, rollout.StillOpen, rollout.FirstPatchedAt));
        Assert.Equal(0.5, rollout.ClosedShare!.Value, 6);
        // 1, 3 days: 50% = 1st = 1 day, 90% = ceil(1.8) = 2nd = 3 days.
        Assert.Equal((TimeSpan.FromDays(1), TimeSpan.FromDays(3)), (rollout.MedianTimeToRemediate, rollout.P90TimeToRemediate));
        Assert.Equal((true, new DateTime(2026, 3, 14), 1), (day.IsDay, day.Day, day.Closed));
    }

    [Fact]
    public void Nothing_closed_gives_no_times_and_nothing_judged_gives_no_share()
    {
        var f = RemediationFigures.Compute([], new DueDatePolicy(), T0);
        Assert.Null(f.MedianTimeToRemediate);
        Assert.Null(f.ClosedWithinDueShare);
        Assert.Empty(f.Trend);
        Assert.Equal(TimeSpan.FromDays(2), RemediationFigures.Percentile([TimeSpan.FromDays(2)], 90));
    }
}
