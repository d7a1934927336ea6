using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>What the composition matrix does not show row by row: -Environment filtering, the runs in a report, the empty report.</summary>
public sealed class OutputCompositionTests : IClassFixture<NowSandboxFixture>, IDisposable
{
    private readonly SandboxServer _sandbox;
    private readonly PowerShellHost _ps;
    private readonly string _dir = Directory.CreateTempSubdirectory("awspatch-outputs-").FullName;

    public OutputCompositionTests(NowSandboxFixture fixture)
    {
        _sandbox = fixture.Server;
        _sandbox.Reset();
        _sandbox.Clock.AdvancePerRequest = TimeSpan.FromSeconds(10);
        _ps = SandboxShell.Create(_sandbox);
        _ps.SetVariable("dir", _dir);
    }

    public void Dispose()
    {
        _ps.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The managed instances DescribeInstanceInformation lists (never stopped ones, as its API reference says).</summary>
    private List<string> ManagedIn(string environment) => _sandbox.State.InstancesIn("us-east-1")
        .Where(i => i.Ssm is not null && i.State != "stopped" && i.Tags.GetValueOrDefault("Environment") == environment).Select(i => i.InstanceId).Order().ToList();

    [Fact]
    public void Get_PatchCompliance_Environment_reports_only_that_environment_listed_or_piped()
    {
        var production = ManagedIn("production");
        var staging = ManagedIn("staging");
        Assert.NotEmpty(production);
        Assert.NotEmpty(staging);

        var listed = _ps.Invoke("Get-PatchCompliance @aws -Environment production");
        var piped = _ps.Invoke("Get-PatchInstance @aws -ManagedOnly | Get-PatchCompliance @awsNoRegion -Environment staging");
        var byGroup = _ps.Invoke("Get-PatchCompliance @aws -PatchGroup web-staging, web-prod -Environment production");

        Assert.True(listed.Errors.Count == 0 && listed.Terminating is null, listed.ToString());
        Assert.Equal(production, listed.OutputOf<PatchCompliance>().Select(c => c.InstanceId).Order());
        Assert.All(listed.OutputOf<PatchCompliance>(), c => Assert.Equal("production", c.Environment));
        Assert.True(piped.Errors.Count == 0 && piped.Terminating is null, piped.ToString());
        Assert.Equal(staging, piped.OutputOf<PatchCompliance>().Select(c => c.InstanceId).Order());
        Assert.All(piped.OutputOf<PatchCompliance>(), c => Assert.Equal("staging", c.Environment));
        Assert.Null(byGroup.Terminating);
        Assert.All(byGroup.OutputOf<PatchCompliance>(), c => Assert.Contains(c.InstanceId, production));
    }

    [Fact]
    public void Stop_PatchRun_on_a_finished_run_sends_no_cancel_and_says_so()
    {
        var id = ManagedIn("staging").First(i => _sandbox.State.FindInstance(i)!.Ssm!.PingStatus == "Online");
        _ps.SetVariable("id", id);
        var run = _ps.Invoke("Invoke-PatchRun @aws -InstanceId $id -Operation Scan -Wait -PollIntervalSeconds 0.1").OutputOf<PatchRunResult>();
        _ps.SetVariable("runId", Assert.Single(run).RunId);
        _sandbox.Counters.Reset();

        var byId = _ps.Invoke("Stop-PatchRun @aws -RunId $runId -Force -PassThru");
        var piped = _ps.Invoke("Get-PatchRun @aws | Stop-PatchRun @awsNoRegion -Force");

        Assert.Equal(0, _sandbox.Counters["ssm:CancelCommand"]);
        Assert.Equal(0, _sandbox.Counters.Writes);
        var commandId = Assert.Single(_sandbox.State.Commands).CommandId;
        foreach (var result in new[] { byId, piped })
        {
            Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
            Assert.Empty(result.Output);
            var warning = Assert.Single(result.Warnings).Message;
            Assert.Contains(commandId, warning);
            Assert.Contains(run[0].RunId, warning);
            Assert.Contains("already finished (Success)", warning);
        }
    }

    [Fact]
    public void Export_PatchReport_reports_runs_in_html_and_csv()
    {
        var id = ManagedIn("staging").First(i => _sandbox.State.FindInstance(i)!.Ssm!.PingStatus == "Online");
        _ps.SetVariable("id", id);
        _ps.Invoke("Invoke-PatchRun @aws -InstanceId $id -Operation Scan -Wait -PollIntervalSeconds 0.1 | Out-Null");

        var result = _ps.Invoke("""
            $runs = Get-PatchRun @aws
            $runs | Export-PatchReport -Path "$dir/report.html"
            $runs | Export-PatchReport -Path "$dir/report.csv" -Format Csv -PassThru
            """);

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        var run = Assert.Single(_ps.Invoke("Get-PatchRun @aws").OutputOf<PatchRun>());
        var html = File.ReadAllText(Path.Join(_dir, "report.html"));
        Assert.Contains("<section id=\"run-summaries\"><h2>Run summaries (1)</h2>", html);
        Assert.Contains("<td>" + run.RunId + "</td>", html);
        var csv = Assert.IsType<FileInfo>(Assert.Single(result.Output).BaseObject);
        Assert.Equal(Path.Join(_dir, "report.run-summaries.csv"), csv.FullName);
        var lines = File.ReadAllLines(csv.FullName);
        Assert.StartsWith("\uFEFFRunId,Operation,Status,InstanceCount,CompletedCount,ErrorCount,RequestedAt,CommandIds,Region", lines[0]);
        Assert.StartsWith(run.RunId + ",Scan,Success,1,1,0,", lines[1]);
        Assert.Contains(run.CommandIds[0], lines[1]);
    }

    [Fact]
    public void An_empty_report_is_a_warning_and_no_file()
    {
        var html = _ps.Invoke("@() | Export-PatchReport -Path \"$dir/empty.html\"");
        var csv = _ps.Invoke("@() | Export-PatchReport -Path \"$dir/empty.csv\" -Format Csv");
        var wrongOnly = _ps.Invoke("'i-0123456789abcdef0' | Export-PatchReport -Path \"$dir/wrong.html\"");

        Assert.Contains("Nothing to report", Assert.Single(html.Warnings).Message);
        Assert.Contains("Nothing to report", Assert.Single(csv.Warnings).Message);
        Assert.StartsWith("UnsupportedInputType,", Assert.Single(wrongOnly.Errors).FullyQualifiedErrorId);
        Assert.Contains("Nothing to report", Assert.Single(wrongOnly.Warnings).Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }
}
