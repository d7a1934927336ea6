using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;
using AwsPatch.Tests.Sandbox;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Export-PatchReport's schedule part: a plan from New-PatchPlan and the windows from Get-PatchWindow, piped in
/// together, give a "Patch plan" section (instances at risk of missing their due date first) and a "Maintenance
/// windows" section (soonest first), in HTML and as CSV files.
/// </summary>
public sealed class ScheduleReportTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxServer _sandbox = fixture.Server;
    private readonly PowerShellHost _ps = SandboxShell.Create(fixture.Server);
    private readonly string _dir = Directory.CreateTempSubdirectory("awspatch-schedule-report-").FullName;

    public void Dispose()
    {
        _ps.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void A_plan_and_windows_give_a_plan_section_at_risk_first_and_a_windows_section_soonest_first()
    {
        _sandbox.Reset();
        _ps.SetVariable("dir", _dir);
        var result = _ps.Invoke("""
            $null = New-PatchWindow @aws -Name prod-sunday -Schedule 'cron(0 3 ? * SUN *)' -ScheduleTimezone Europe/Berlin -Duration 3 -Cutoff 1 -PatchGroup web-prod -Operation Install
            $null = New-PatchWindow @aws -Name daily-scan -Schedule 'cron(0 22 * * ? *)' -Duration 2 -Cutoff 1 -PatchGroup web-staging -Operation Scan
            $plan = Get-PatchFinding @aws | Get-PatchPriority | New-PatchPlan -IgnoreCisaKev @aws
            $windows = Get-PatchWindow @aws
            @($plan) + @($windows) | Export-PatchReport -Path "$dir/schedule.html"
            @($plan) + @($windows) | Export-PatchReport -Path "$dir/schedule.csv" -Format Csv
            $plan
            """);
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        var plans = result.OutputOf<PatchPlan>();
        Assert.Contains(plans, p => p.PatchNow);
        Assert.Contains(plans, p => p.MeetsDueDate);

        var html = File.ReadAllText(Path.Join(_dir, "schedule.html"));
        Assert.Contains("Patch plan", html, StringComparison.Ordinal);
        Assert.Contains("Maintenance windows", html, StringComparison.Ordinal);
        Assert.Contains("<td>prod-sunday</td>", html, StringComparison.Ordinal);

        var planRows = File.ReadAllLines(Path.Join(_dir, "schedule.plan.csv"));
        Assert.StartsWith("PatchNow,InstanceId,Tier,DueDate,", planRows[0], StringComparison.Ordinal);
        Assert.Equal(plans.Count, planRows.Length - 1);
        var atRisk = planRows.Skip(1).Select(r => r.StartsWith("true,", StringComparison.Ordinal)).ToList();
        Assert.Equal(atRisk.OrderByDescending(x => x), atRisk);   // every instance at risk comes before every one in time
        Assert.Equal(plans.Count(p => p.PatchNow), atRisk.Count(x => x));

        // The daily scan (22:00Z, next 2025-06-01 22:00) comes before Sunday's install (2025-06-08 01:00Z).
        var windowRows = File.ReadAllLines(Path.Join(_dir, "schedule.windows.csv"));
        Assert.Equal(3, windowRows.Length);
        Assert.StartsWith("daily-scan,", windowRows[1], StringComparison.Ordinal);
        Assert.Contains(",2025-06-01T22:00:00Z,", windowRows[1], StringComparison.Ordinal);
        Assert.StartsWith("prod-sunday,", windowRows[2], StringComparison.Ordinal);
        Assert.Contains(",2025-06-08T01:00:00Z,", windowRows[2], StringComparison.Ordinal);
    }
}
