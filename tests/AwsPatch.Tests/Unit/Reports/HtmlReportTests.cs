using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AwsPatch.Reports;

namespace AwsPatch.Tests.Unit.Reports;

public sealed class HtmlReportTests
{
    [Theory]
    [InlineData("&", "&amp;")]
    [InlineData("<", "&lt;")]
    [InlineData(">", "&gt;")]
    [InlineData("\"", "&quot;")]
    [InlineData("'", "&#39;")]
    [InlineData("a\u0000b\u0007c", "a\uFFFDb\uFFFDc")]
    [InlineData("tab\tnew\nline", "tab\tnew\nline")]
    [InlineData("Ünïcødé ✓", "Ünïcødé ✓")]
    public void The_encoder_replaces_every_markup_character(string text, string expected) =>
        Assert.Equal(expected, HtmlText.Encode(text));

    [Fact]
    public void Hostile_titles_and_tag_values_stay_text()
    {
        var html = ReportSamples.Html(ReportSamples.Hostile(), title: ReportSamples.ScriptPayload + ReportSamples.AttributePayload);

        // The page's own script is the only script element; no payload became an element or an attribute.
        Assert.Single(Regex.Matches(html, "<script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("window.__xss=1;document.title='pwned'", html);
        Assert.DoesNotContain("\"><img", html);
        Assert.DoesNotContain("onerror=\"", html);

        // The payloads are there as text: in the title, the heading, table cells and chart labels.
        var script = HtmlText.Encode(ReportSamples.ScriptPayload);
        var attribute = HtmlText.Encode(ReportSamples.AttributePayload);
        Assert.Contains("<title>" + script + attribute + "</title>", html);
        Assert.Contains("<h1>" + script + attribute + "</h1>", html);
        Assert.Contains("\">" + script + "</td>", html);   // a long cell: <td class="long">
        Assert.Contains("\">" + attribute + "</td>", html);
        Assert.Contains(">" + HtmlText.Encode(ReportSamples.QuotePayload) + "</td>", html);
        Assert.Contains("data-label=\"" + attribute + "\"", html);
        Assert.Contains("&lt;script&gt;window.__xss=1;document.title=&#39;pwned&#39;&lt;/script&gt;", html);
    }

    [Fact]
    public void The_policy_forbids_external_loads_and_allows_only_the_page_s_own_script_by_hash()
    {
        var html = ReportSamples.Html(ReportSamples.Mixed());

        var policy = Regex.Match(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").Groups[1].Value;
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("style-src 'unsafe-inline'", policy);
        Assert.DoesNotContain("script-src 'unsafe-inline'", policy);
        Assert.DoesNotContain("http", policy);

        var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        Assert.Contains($"script-src 'sha256-{hash}'", policy);

        // Nothing to fetch: no external reference of any kind.
        Assert.DoesNotMatch("(src|href)=", html);
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("@import", html);
        Assert.True(html.IndexOf("Content-Security-Policy", StringComparison.Ordinal) < html.IndexOf("<title>", StringComparison.Ordinal), "The policy comes first in <head>.");
    }

    [Fact]
    public void Charts_count_what_came_in()
    {
        var html = ReportSamples.Html(ReportSamples.Mixed());

        Assert.Equal([("Compliant", 3), ("NonCompliant", 1), ("Stale", 1), ("NotScanned", 1)], Bars(html, "chart-compliance"));
        Assert.Equal([("Critical", 2), ("High", 1)], Bars(html, "chart-findings"));
        Assert.Equal([("Success", 2), ("Failed", 1)], Bars(html, "chart-runs"));
        Assert.Equal([("production", 1), ("staging", 4), (ReportCharts.NoEnvironment, 1)], Bars(html, "chart-environments"));

        var staging = Regex.Match(Chart(html, "chart-environments"), "<g class=\"bar\" data-label=\"staging\".*?</g>").Value;
        Assert.Contains("data-series=\"Compliant\" data-value=\"3\"", staging);
        Assert.Contains("data-series=\"Not compliant\" data-value=\"1\"", staging);
    }

    [Fact]
    public void Charts_of_kinds_that_did_not_come_in_are_left_out()
    {
        var content = new ReportContent();
        content.TryAdd(ReportSamples.Finding("i-0000000000000001", "Low"));
        var html = ReportSamples.Html(content);

        Assert.Contains("id=\"chart-findings\"", html);
        Assert.DoesNotContain("id=\"chart-compliance\"", html);
        Assert.DoesNotContain("id=\"chart-runs\"", html);
        Assert.Contains("None in this report.", html);
    }

    [Fact]
    public void An_instance_with_findings_but_no_patch_state_is_counted_and_named_beside_the_compliance_tile()
    {
        // The demo's report: 17 managed instances with compliance, and bastion-01, which Inspector scans but Systems
        // Manager does not manage, with findings only. It read "18 Instances" beside a percentage of 17.
        var content = new ReportContent();
        content.TryAdd(ReportSamples.Compliance("i-0000000000000001", "Compliant"));
        content.TryAdd(ReportSamples.Compliance("i-0000000000000002", "NonCompliant"));
        content.TryAdd(ReportSamples.Finding("i-0000000000000002", "High"));
        content.TryAdd(ReportSamples.Finding("i-0000000000000003", "Critical"));
        var html = ReportSamples.Html(content);

        Assert.Equal("3", Tile(html, "instances"));
        Assert.Equal("50 %", Tile(html, "compliant"));
        Assert.Contains("Compliant, of 2 with a patch state", html, StringComparison.Ordinal);
        Assert.Equal("1", Tile(html, "no-patch-state"));
        Assert.DoesNotContain("data-tile=\"no-patch-state\"", ReportSamples.Html(ReportSamples.Mixed()), StringComparison.Ordinal);
    }

    [Fact]
    public void Tiles_sum_up_the_report()
    {
        var html = ReportSamples.Html(ReportSamples.Mixed());

        Assert.Equal("6", Tile(html, "instances"));
        Assert.Equal("50 %", Tile(html, "compliant"));
        Assert.Equal("2", Tile(html, "critical"));
        Assert.Equal("1", Tile(html, "failed"));
    }

    [Fact]
    public void Tables_have_one_row_per_object_and_sortable_headers()
    {
        var html = ReportSamples.Html(ReportSamples.Mixed());

        foreach (var (key, count) in new[] { ("compliance", 6), ("findings", 3), ("priorities", 1), ("runs", 3) })
        {
            var section = Regex.Match(html, $"<section id=\"{key}\">.*?</section>", RegexOptions.Singleline).Value;
            Assert.Contains("<table class=\"sortable\">", section);
            Assert.Equal(count, Regex.Matches(section, "<tr>").Count - 1);
        }
    }

    [Fact]
    public void Numbers_and_times_are_invariant_whatever_the_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var html = ReportSamples.Html(ReportSamples.Mixed());
            Assert.Contains("<td class=\"num\">8.1</td>", html);
            Assert.Contains("<td class=\"num\">0.422</td>", html);
            Assert.Contains("<td class=\"num\">42.5</td>", html);
            Assert.Contains("<td>2026-11-20T08:30:00Z</td>", html);
            Assert.DoesNotContain("8,1", html);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    private static string Chart(string html, string id) =>
        Regex.Match(html, $"<figure class=\"chart\" id=\"{id}\">.*?</figure>", RegexOptions.Singleline).Value;

    private static List<(string, int)> Bars(string html, string id) =>
        [.. Regex.Matches(Chart(html, id), "<g class=\"bar\" data-label=\"([^\"]*)\" data-total=\"([0-9]+)\"")
            .Select(m => (System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))];

    private static string Tile(string html, string key) =>
        Regex.Match(html, $"data-tile=\"{key}\"><span class=\"value\">([^<]*)</span>").Groups[1].Value;
}
