using AwsPatch.Reports;

namespace AwsPatch.Tests.Unit.Reports;

public sealed class CsvReportTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a=b", "a=b")]
    public void Fields_are_quoted_as_RFC_4180_says_and_formulas_are_defused(string value, string expected)
    {
        using var writer = new StringWriter();
        CsvText.WriteField(writer, value);
        Assert.Equal(expected, writer.ToString());
    }

    [Fact]
    public void Records_end_with_CRLF()
    {
        using var writer = new StringWriter();
        CsvText.WriteRecord(writer, ["a", null, "c,d"]);
        Assert.Equal("a,,\"c,d\"\r\n", writer.ToString());
    }

    [Theory]
    [InlineData("/tmp/out/report.csv", "/tmp/out/report")]
    [InlineData("/tmp/out/report.CSV", "/tmp/out/report")]
    [InlineData("/tmp/out/report", "/tmp/out/report")]
    [InlineData("/tmp/out/report.html", "/tmp/out/report.html")]
    public void One_file_per_kind_present_named_from_the_base(string path, string expectedBase)
    {
        var content = new ReportContent();
        content.TryAdd(ReportSamples.Compliance("i-0000000000000001", "Compliant"));
        content.TryAdd(ReportSamples.Run("i-0000000000000001", "Success"));

        var files = CsvReport.Files(content, path);

        Assert.Equal([expectedBase + ".compliance.csv", expectedBase + ".runs.csv"], files.Select(f => f.Path));
        Assert.Equal(["compliance", "runs"], files.Select(f => f.Section.Key));
        Assert.Equal(4, CsvReport.Files(ReportSamples.Mixed(), path).Count);
    }

    [Fact]
    public void A_file_has_a_header_of_property_names_and_one_record_per_object()
    {
        var content = ReportSamples.Hostile();
        using var writer = new StringWriter();
        CsvReport.Write(writer, content.Findings);
        var text = writer.ToString();

        var header = text[..text.IndexOf("\r\n", StringComparison.Ordinal)].Split(',');
        Assert.Equal(ReportColumns.Findings.Select(c => c.Header), header);
        Assert.Contains("\"" + ReportSamples.QuotePayload.Replace("\"", "\"\"") + "\"", text);
        Assert.Contains("openssh-server; openssh-clients", text);
        Assert.Contains("Environment=", text);
    }

    [Fact]
    public void Every_column_of_a_kind_is_in_its_csv()
    {
        Assert.Equal(
            typeof(PatchCompliance).GetProperties().Select(p => p.Name).Order(),
            ReportColumns.Compliance.Select(c => c.Header).Where(h => typeof(PatchCompliance).GetProperty(h) != null).Order());
        Assert.Equal(
            typeof(PatchRunResult).GetProperties().Select(p => p.Name).Order(),
            ReportColumns.Runs.Select(c => c.Header).Order());
        Assert.Equal(
            typeof(PatchPriority).GetProperties().Select(p => p.Name).Order(),
            ReportColumns.Priorities.Select(c => c.Header).Order());
        Assert.Equal(
            typeof(PatchFinding).GetProperties().Select(p => p.Name).Order(),
            ReportColumns.Findings.Select(c => c.Header).Where(h => h != "Environment").Order());
        Assert.Equal(
            typeof(PatchPlan).GetProperties().Select(p => p.Name).Order(),
            ScheduleColumns.Plan.Select(c => c.Header).Order());
    }
}
