using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using AwsPatch.Tests.Hosting;
using AwsPatch.Tests.Unit.Reports;
using Xunit.Abstractions;

namespace AwsPatch.Tests.Browser;

/// <summary>
/// A report written by Export-PatchReport, opened in headless Chromium: hostile finding titles and tag values stay
/// text (no injected element, no injected script ran), the page's own script runs under its policy, and the charts
/// render. Skipped without Chromium, except in CI (CI=true).
/// </summary>
public sealed class ReportInBrowserTests(ITestOutputHelper output) : IDisposable
{
    private const string Title = "Fleet report: 'staging' & \"prod\" <ok>";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("awspatch-browser-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public async Task Hostile_strings_stay_text_no_injected_script_runs_and_the_charts_render()
    {
        Chromium.Require();
        var clock = Stopwatch.StartNew();
        var page = Path.Join(_dir, "report.html");
        using (var ps = PowerShellHost.Create())
        {
            ps.SetVariable("objects", ReportSamples.HostileObjects().ToArray());
            ps.SetVariable("page", page);
            ps.SetVariable("title", Title);
            var result = ps.Invoke("$objects | Export-PatchReport -Path $page -Title $title");
            Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        }

        var screenshot = Path.Join(_dir, "report.png");
        var dump = Chromium.RunAsync(page, Timeout, "--virtual-time-budget=1000", "--dump-dom");
        var shot = Chromium.RunAsync(page, Timeout, "--hide-scrollbars", "--window-size=1280,2000", $"--screenshot={screenshot}");
        var (dom, log) = await dump;
        var (_, shotLog) = await shot;
        output.WriteLine($"Export + two Chromium runs took {clock.ElapsedMilliseconds} ms.");

        // The page's own script ran (scripts do run here), under the policy, and nothing else tried to.
        Assert.Matches("<html lang=\"en\" class=\"js\">", dom);
        Assert.DoesNotContain("Content Security Policy", log + shotLog);

        // No injected script ran: both payloads would have renamed the page.
        Assert.Equal(Title, WebUtility.HtmlDecode(Regex.Match(dom, "<title>(.*?)</title>", RegexOptions.Singleline).Groups[1].Value));

        // No payload became an element: one script (ours), no img; the payload text is there, as text.
        Assert.Single(Regex.Matches(dom, "<script", RegexOptions.IgnoreCase));
        Assert.DoesNotMatch("<img", dom);
        Assert.Contains("<td class=\"long\">" + AsText(ReportSamples.ScriptPayload) + "</td>", dom);
        Assert.Contains("<td class=\"long\">" + AsText(ReportSamples.AttributePayload) + "</td>", dom);
        Assert.Contains("<h1>" + AsText(Title) + "</h1>", dom);

        // The charts are in the DOM with real geometry...
        var charts = Regex.Matches(dom, "<svg [^>]*width=\"([0-9]+)\" height=\"([0-9]+)\"");
        Assert.Equal(5, charts.Count);   // compliance by state and by environment, findings, runs, the rollout's timeline
        Assert.All(charts, c => Assert.True(int.Parse(c.Groups[1].Value) > 0 && int.Parse(c.Groups[2].Value) > 0));
        Assert.Contains("data-series=\"Critical\" data-value=\"1\"", dom);

        // ...and on screen: the bars' colours are painted.
        var png = PngImage.Load(screenshot);
        Assert.Equal((1280, 2000), (png.Width, png.Height));
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot is implausibly small.");
        Assert.True(png.CountColor("#b71c1c") > 1000, "No Critical bar in the findings chart.");
        Assert.True(png.CountColor("#2e7d32") > 1000, "No Compliant bar in the compliance chart.");
        Assert.Contains("<g class=\"wave\" data-wave=\"1\" data-state=\"Failed\">", dom);
        Assert.True(png.CountColor("#e65100") > 1000, "No High bar in the findings chart.");
        output.WriteLine($"Done in {clock.ElapsedMilliseconds} ms.");
    }

    /// <summary>How the browser serializes a text node: &amp;, &lt; and &gt; escaped, quotes as they are.</summary>
    private static string AsText(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
