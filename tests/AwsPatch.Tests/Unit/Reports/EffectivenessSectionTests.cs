using AwsPatch.Reports;

namespace AwsPatch.Tests.Unit.Reports;

/// <summary>Export-PatchReport's effectiveness section over Get-PatchRemediation objects.</summary>
public sealed class EffectivenessSectionTests
{
    private static readonly DateTime T0 = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Remediation_objects_give_an_effectiveness_section_of_figures_and_a_remediation_table()
    {
        var content = new ReportContent();
        Assert.True(content.TryAdd(new PatchRemediation { InstanceId = "i-1", Severity = "High", Outcome = "Closed", FirstObservedAt = T0, ClosedAt = T0.AddDays(2), Environment = "staging", PatchedAt = T0.AddDays(1) }));
        Assert.True(content.TryAdd(new PatchRemediation { InstanceId = "i-2", Severity = "Medium", Outcome = "StillOpen", Reason = "PendingReboot", PackageName = "kernel", FirstObservedAt = T0, PatchedAt = T0.AddDays(1).AddHours(3) }));

        var csv = CsvReport.Files(content, "/tmp/r").Select(f => f.Section.Key).ToList();
        Assert.Equal(["effectiveness", "remediation"], csv);
        var section = content.Sections.Single(s => s.Key == "effectiveness");
        var rows = section.Rows(html: true).ToDictionary(r => r[0]!, r => r[1]);
        Assert.Equal("1", rows["Closed"]);
        Assert.Equal("1", rows["Still open: PendingReboot"]);
        Assert.Equal("2 d", rows["Time to remediate, median"]);
        Assert.Equal("1 / 0", rows["Due dates met / missed"]);
        Assert.Equal("50%", rows["Closed within due date"]);
        Assert.Equal("i-2 (1)", rows["Most open findings, instances"]);
        Assert.Equal("kernel (1)", rows["Most open findings, packages"]);
        Assert.Equal("2 instances: 1 closed / 1 open (50% closed), 0 new, median 2 d / p90 2 d", rows["Trend, installs of 2026-03-02 (no AwsPatch run found)"]);

        using var writer = new StringWriter();
        HtmlReport.Write(writer, content, "t", T0.AddDays(3));
        Assert.Contains("Effectiveness", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_trend_names_each_rollout_and_run_and_a_time_under_a_day_reads_in_hours()
    {
        var content = new ReportContent();
        Assert.True(content.TryAdd(new PatchRemediation { InstanceId = "i-1", Severity = "High", Outcome = "Closed", FirstObservedAt = T0, ClosedAt = T0.AddHours(5), PatchedAt = T0.AddHours(4), RunId = "ro-1-w1", RolloutId = "ro-1" }));
        Assert.True(content.TryAdd(new PatchRemediation { InstanceId = "i-2", Severity = "High", Outcome = "Closed", FirstObservedAt = T0, ClosedAt = T0.AddDays(3), PatchedAt = T0.AddDays(2), RunId = "nightly-7" }));

        var rows = content.Sections.Single(s => s.Key == "effectiveness").Rows(html: false).ToDictionary(r => r[0]!, r => r[1]);

        Assert.Equal("1 instances: 1 closed / 0 open (100% closed), 0 new, median 5 h / p90 5 h", rows["Trend, rollout ro-1"]);
        Assert.Equal("1 instances: 1 closed / 0 open (100% closed), 0 new, median 3 d / p90 3 d", rows["Trend, run nightly-7"]);
        Assert.Equal(["Trend, rollout ro-1", "Trend, run nightly-7"], rows.Keys.Where(k => k.StartsWith("Trend", StringComparison.Ordinal)));

        // The per-finding table names each finding's run and rollout (CSV only).
        var table = content.Sections.Single(s => s.Key == "remediation");
        var headers = table.Headers(html: false).ToList();
        var first = table.Rows(html: false).First();
        Assert.Equal(("ro-1-w1", "ro-1"), (first[headers.IndexOf("RunId")], first[headers.IndexOf("RolloutId")]));
        Assert.DoesNotContain("RunId", table.Headers(html: true));
    }

    [Fact]
    public void With_nothing_closed_the_times_are_empty_not_a_bare_unit()
    {
        var content = new ReportContent();
        Assert.True(content.TryAdd(new PatchRemediation { InstanceId = "i-2", Severity = "Medium", Outcome = "StillOpen", Reason = "NoFixAvailable", FirstObservedAt = T0 }));
        var rows = content.Sections.Single(s => s.Key == "effectiveness").Rows(html: false).ToDictionary(r => r[0]!, r => r[1]);
        Assert.Null(rows["Time to remediate, median"]);
    }
}
