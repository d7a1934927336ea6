using AwsPatch.Sandbox.Demo;
using AwsPatch.Tests.Module;

namespace AwsPatch.Tests.Demo;

/// <summary>
/// The README's main command, `dotnet run --project src/AwsPatch.Demo`, run as a test: the embedded
/// examples/Demo.ps1 goes through the whole lifecycle against a fresh sandbox and writes the report.
/// </summary>
public sealed class DemoTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("awspatch-demo-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Embedded_script_is_examples_Demo_ps1()
    {
        Assert.Equal(File.ReadAllText(Path.Join(RepoPaths.Root, "examples", "Demo.ps1")).ReplaceLineEndings(), DemoRunner.Script.ReplaceLineEndings());
    }

    [Fact]
    public async Task Runs_the_lifecycle_end_to_end_and_writes_the_report()
    {
        var report = Path.Join(_folder, "out", "demo", "report.html");
        var output = new StringWriter();

        var exit = await DemoRunner.RunAsync(output, report, terminal: false, pollIntervalSeconds: 0.1);

        var text = output.ToString();
        Assert.True(exit == 0, text);
        // Every step ran, in order.
        var steps = new[]
        {
            "== The fleet", "== Compliance before patching", "== Critical and high findings", "== What to patch first",
            "== The patch schedule", "== The rollout plan", "== Rollout: each wave", "== The rollout as any session sees it", "== Compliance after patching", "== Did patching fix what Inspector found", "== Report", "== Effectiveness",
        };
        var at = steps.Select(s => text.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.All(at, i => Assert.True(i >= 0, text));
        Assert.Equal(at.Order(), at);

        // Readable tables from the module's views, not type names or property lists.
        Assert.Contains("InstanceId", text, StringComparison.Ordinal);
        Assert.Contains("LastOperation", text, StringComparison.Ordinal);
        Assert.Contains("SsmPingStatus", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AwsPatch.Patch", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);

        // The rollout patched its three waves and its record says it succeeded.
        Assert.Contains("Success", text, StringComparison.Ordinal);
        Assert.Contains("Succeeded", text, StringComparison.Ordinal);
        Assert.Contains("production", text, StringComparison.Ordinal);
        Assert.Contains($"Report written to {report}", text, StringComparison.Ordinal);
        var html = File.ReadAllText(report);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("AwsPatch demo", html, StringComparison.Ordinal);
        Assert.Contains("<td>prod-sunday</td>", html, StringComparison.Ordinal);   // the schedule part of the report
        Assert.Contains("have no window by their due date", text, StringComparison.Ordinal);
        Assert.Contains("NextWindowStart", text, StringComparison.Ordinal);
        // The two windows cover the default fleet: every managed instance has a next window.
        var covered = System.Text.RegularExpressions.Regex.Match(text, @"(\d+) of (\d+) managed instances have a next patch window");
        Assert.True(covered.Success, text);
        Assert.Equal(covered.Groups[2].Value, covered.Groups[1].Value);
        Assert.NotEqual("0", covered.Groups[2].Value);
        // It ends with the effectiveness figures, from Get-PatchRemediation over the rollout's installs.
        var effectiveness = text[text.IndexOf("== Effectiveness", StringComparison.Ordinal)..];
        // The released patches' CVEs were open before the rollout and its installs closed them at the rescan.
        var closed = System.Text.RegularExpressions.Regex.Match(effectiveness, @"^Closed,(\d+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(closed.Success && int.Parse(closed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, effectiveness);
        Assert.Matches(@"""Time to remediate, median"",\d", effectiveness);
        Assert.Contains("Trend, rollout ro-", effectiveness, StringComparison.Ordinal);
        Assert.Contains("Effectiveness", html, StringComparison.Ordinal);
    }
}
