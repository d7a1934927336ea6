using AwsPatch.Reports;

namespace AwsPatch.Tests.Unit.Reports;

/// <summary>The rollout part of a report: rows of the Rollouts, Rollout waves, Rollout results and Rollbacks sections.</summary>
public sealed class RolloutSectionTests
{
    private static readonly DateTime Start = new(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);

    private static PatchRollout Rollout(int patches) => new()
    {
        RolloutId = "ro-unit",
        State = "Failed",
        StartedAt = Start,
        PatchSnapshotId = "a1b2c3d4-0000-4000-8000-000000000001",
        TestedPatches = Enumerable.Range(1, patches).Select(i => $"pkg{i}.x86_64:0:1.{i}-1").ToList(),
        RollbackOnFailure = true,
        Region = "us-east-1",
        // Out of order on purpose: the report shows waves by number.
        Waves =
        [
            new PatchRolloutWave { Wave = 3, Name = "production", State = "NotStarted", InstanceIds = ["i-3"] },
            new PatchRolloutWave
            {
                Wave = 2, Name = ReportSamples.ScriptPayload, State = "Failed", InstanceIds = ["i-2a", "i-2b"], RolledBackCount = 1,
                GateOutcomes = ["Invocations: Failed (1 instance(s))", "Compliance: Passed"],
                StartedAt = Start.AddMinutes(12), CompletedAt = Start.AddHours(1).AddMinutes(3).AddSeconds(5),
            },
            new PatchRolloutWave
            {
                Wave = 1, Name = "canary", State = "Succeeded", InstanceIds = ["i-1"], GateOutcomes = ["Invocations: Passed"],
                StartedAt = Start, CompletedAt = Start.AddMinutes(10),
            },
        ],
    };

    private static PatchRolloutResult Result(int wave, string id, bool rolledBack) => new()
    {
        RolloutId = "ro-unit", Wave = wave, WaveName = wave == 1 ? "canary" : "staging", InstanceId = id,
        Status = rolledBack ? "Failed" : "Success", Gate = rolledBack ? "Failed" : "Passed", RolledBack = rolledBack,
        SnapshotId = "snap-" + id, CommandId = "cmd-" + wave, Region = "us-east-1",
        Error = rolledBack ? "The install failed; rolled back to its pre-patch snapshot." : null,
    };

    private static List<IReadOnlyList<string?>> Rows(IReportSection section, bool html) => section.Rows(html).ToList();

    private static string? Cell(IReportSection section, bool html, IReadOnlyList<string?> row, string header) =>
        row[section.Headers(html).ToList().IndexOf(header)];

    [Fact]
    public void Every_property_of_a_rollout_its_waves_and_its_results_is_in_the_csv()
    {
        Assert.Empty(typeof(PatchRollout).GetProperties().Select(p => p.Name).Except(RolloutColumns.Rollouts.Where(c => c.InCsv).Select(c => c.Header)));
        Assert.Empty(typeof(PatchRolloutWave).GetProperties().Select(p => p.Name).Except(RolloutColumns.Waves.Select(c => c.Header)));
        Assert.Equal(typeof(PatchRolloutResult).GetProperties().Select(p => p.Name).Order(), RolloutColumns.Results.Select(c => c.Header).Order());
    }

    [Fact]
    public void Waves_are_rows_in_wave_order_with_their_timeline_offsets_and_gate_outcomes()
    {
        var content = new ReportContent();
        Assert.True(content.TryAdd(Rollout(patches: 2)));
        var waves = content.RolloutWaves;
        var rows = Rows(waves, html: false);

        Assert.Equal(["1", "2", "3"], rows.Select(r => Cell(waves, false, r, "Wave")));
        Assert.Equal(["Succeeded", "Failed", "NotStarted"], rows.Select(r => Cell(waves, false, r, "State")));
        Assert.Equal("T+00:00:00 \u2192 T+00:10:00", Cell(waves, false, rows[0], "Timeline"));
        Assert.Equal("T+00:12:00 \u2192 T+01:03:05", Cell(waves, false, rows[1], "Timeline"));
        Assert.Null(Cell(waves, false, rows[2], "Timeline"));   // never started
        Assert.Equal("2026-11-20T08:12:00Z", Cell(waves, false, rows[1], "StartedAt"));
        Assert.Equal("Invocations: Failed (1 instance(s)); Compliance: Passed", Cell(waves, false, rows[1], "GateOutcomes"));
        Assert.Equal("1", Cell(waves, false, rows[1], "RolledBackCount"));
        Assert.Equal("i-2a; i-2b", Cell(waves, false, rows[1], "InstanceIds"));
        Assert.DoesNotContain("InstanceIds", waves.Headers(html: true));
    }

    [Fact]
    public void The_tested_patch_set_is_counted_and_shortened_in_HTML_and_listed_whole_in_CSV()
    {
        var content = new ReportContent();
        content.TryAdd(Rollout(patches: 8));
        var rollouts = content.Rollouts;

        var csv = Rows(rollouts, html: false).Single();
        Assert.Single(rollouts.Headers(html: false), h => h == "TestedPatches");
        Assert.Equal("8", Cell(rollouts, false, csv, "TestedPatchCount"));
        Assert.Equal(8, Cell(rollouts, false, csv, "TestedPatches")!.Split("; ").Length);
        Assert.Equal("1", Cell(rollouts, false, csv, "WavesSucceeded"));
        Assert.Equal("1", Cell(rollouts, false, csv, "RolledBackCount"));

        var html = Rows(rollouts, html: true).Single();
        Assert.Single(rollouts.Headers(html: true), h => h == "TestedPatches");
        var shown = Cell(rollouts, true, html, "TestedPatches")!;
        Assert.StartsWith("pkg1.x86_64:0:1.1-1; ", shown, StringComparison.Ordinal);
        Assert.Contains("pkg5.", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("pkg6.", shown, StringComparison.Ordinal);
        Assert.EndsWith("\u2026 and 3 more", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_go_by_wave_and_only_the_rolled_back_instances_are_rollbacks_with_their_snapshot()
    {
        var content = new ReportContent();
        foreach (var result in new[] { Result(2, "i-2a", rolledBack: false), Result(1, "i-1", rolledBack: false), Result(2, "i-2b", rolledBack: true) })
            Assert.True(content.TryAdd(result));

        Assert.Equal(["i-1", "i-2a", "i-2b"], Rows(content.RolloutResults, false).Select(r => Cell(content.RolloutResults, false, r, "InstanceId")));
        var rollback = Assert.Single(Rows(content.Rollbacks, false));
        Assert.Equal(["ro-unit", "2", "staging", "i-2b", "snap-i-2b"], rollback.Take(5));
        Assert.Equal(["rollouts", "rollout-waves", "rollout-results", "rollbacks"], content.Sections.Select(s => s.Key).TakeLast(4));
    }

    [Fact]
    public void A_hostile_wave_name_stays_text_in_the_HTML()
    {
        var content = new ReportContent();
        content.TryAdd(Rollout(patches: 1));
        var html = ReportSamples.Html(content);
        Assert.DoesNotContain(ReportSamples.ScriptPayload, html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;window.__xss=1;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_HTML_timeline_has_a_bar_per_started_wave_in_order_placed_by_its_start_and_coloured_by_its_state()
    {
        var content = new ReportContent();
        content.TryAdd(Rollout(patches: 1));
        var html = ReportSamples.Html(content);
        var figure = html[html.IndexOf("<figure class=\"chart\" id=\"timeline-rollout-1\">", StringComparison.Ordinal)..];
        figure = figure[..figure.IndexOf("</figure>", StringComparison.Ordinal)];

        Assert.Contains("Rollout ro-unit (Failed)", figure, StringComparison.Ordinal);
        var waves = System.Text.RegularExpressions.Regex.Matches(figure, "<g class=\"wave\" data-wave=\"(\\d)\" data-state=\"(\\w+)\">").Select(m => (m.Groups[1].Value, m.Groups[2].Value));
        Assert.Equal([("1", "Succeeded"), ("2", "Failed"), ("3", "NotStarted")], waves);
        // The scale runs from the rollout's start (08:00) to its last end (09:03:05); the bar area is 260 wide from x = 170.
        Assert.Contains("<rect x=\"170\" y=\"8\" width=\"41.22\" height=\"18\" fill=\"#2e7d32\">", figure, StringComparison.Ordinal);
        Assert.Contains("<rect x=\"219.46\" y=\"34\" width=\"210.54\" height=\"18\" fill=\"#c62828\">", figure, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(figure, "<rect "));   // the production wave never started: no bar
        Assert.Contains("Invocations: Failed (1 instance(s))", figure, StringComparison.Ordinal);
        Assert.Contains("<div class=\"tile alert\" data-tile=\"rolled-back\"><span class=\"value\">1</span><span class=\"label\">Rolled back</span></div>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rolled_back_tile_counts_the_restored_instances_and_is_absent_without_rollouts()
    {
        var content = new ReportContent();
        foreach (var result in new[] { Result(1, "i-1", rolledBack: false), Result(2, "i-2a", rolledBack: true), Result(2, "i-2b", rolledBack: true) })
            content.TryAdd(result);
        Assert.Contains("data-tile=\"rolled-back\"><span class=\"value\">2</span>", ReportSamples.Html(content), StringComparison.Ordinal);
        Assert.Contains("data-tile=\"instances\"><span class=\"value\">3</span>", ReportSamples.Html(content), StringComparison.Ordinal);
        Assert.DoesNotContain("rolled-back", ReportSamples.Html(ReportSamples.Mixed()), StringComparison.Ordinal);
    }
}
