using System.Text.RegularExpressions;
using AwsPatch.Reports;

namespace AwsPatch.Tests.Unit.Reports;

/// <summary>
/// Export-PatchReport over objects from several accounts and regions: a table by account and region with a total row,
/// in HTML and as its own CSV; a report of one account and region is written exactly as before.
/// </summary>
public sealed class AccountRegionSectionTests
{
    private const string First = "111111111111";
    private const string Second = "222222222222";

    private static PatchFinding Finding(string account, string region, string instanceId, string severity) =>
        new()
        {
            FindingArn = $"arn:aws:inspector2:{region}:{account}:finding/{instanceId}-{severity}",
            InstanceId = instanceId,
            Severity = severity,
            Title = "openssh: regreSSHion",
            Status = "Active",
            Region = region,
            AccountId = account,
        };

    private static ReportContent Content(IEnumerable<object> items)
    {
        var content = new ReportContent();
        foreach (var item in items)
            Assert.True(content.TryAdd(item));
        return content;
    }

    private static ReportContent Spanning() => Content(
    [
        Finding(First, "us-east-1", "i-0000000000000001", "Critical"),
        Finding(First, "us-east-1", "i-0000000000000001", "High"),
        Finding(First, "us-east-1", "i-0000000000000002", "Critical"),
        Finding(First, "eu-west-1", "i-0000000000000003", "Medium"),
        Finding(Second, "us-east-1", "i-0000000000000004", "Critical"),
        // Compliance carries no account yet: it takes the account of its instance's findings, else groups by region
        // under an empty account.
        new PatchCompliance { InstanceId = "i-0000000000000003", ComplianceState = "NonCompliant", Region = "eu-west-1" },
        new PatchCompliance { InstanceId = "i-0000000000000005", ComplianceState = "Compliant", Region = "eu-west-1" },
        new PatchCompliance { InstanceId = "i-0000000000000006", ComplianceState = "NonCompliant", Region = "eu-west-1" },
        new PatchRunResult { InstanceId = "i-0000000000000006", Status = "Failed", Region = "eu-west-1", RunId = "run-1", Operation = "Install" },
    ]);

    private static List<string> Cells(string row) =>
        [.. Regex.Matches(row, "<td[^>]*>(.*?)</td>").Select(m => m.Groups[1].Value)];

    [Fact]
    public void Objects_from_several_accounts_and_regions_get_a_row_per_account_and_region_and_a_total()
    {
        var html = ReportSamples.Html(Spanning());

        var section = Regex.Match(html, "<section id=\"accounts\">(.*?)</section>", RegexOptions.Singleline);
        Assert.True(section.Success, "no account/region section");
        Assert.Contains("<h2>By account and region (5)</h2>", section.Value);
        Assert.Contains("<th scope=\"col\" title=\"Click to sort\">Account</th><th scope=\"col\" title=\"Click to sort\">Region</th>", section.Value);
        var rows = Regex.Matches(section.Value, "<tr>(<td.*?)</tr>").Select(m => Cells(m.Groups[1].Value)).ToList();
        // Account, Region, Instances, Compliant, Non-compliant, Critical findings, Findings, Failed runs, Runs
        Assert.Equal(
        [
            ["", "eu-west-1", "2", "50 %", "1", "0", "0", "1", "1"],
            [First, "eu-west-1", "1", "0 %", "1", "0", "1", "0", "0"],
            [First, "us-east-1", "2", "n/a", "0", "2", "3", "0", "0"],
            [Second, "us-east-1", "1", "n/a", "0", "1", "1", "0", "0"],
            ["Total", "2 regions", "6", "33.3 %", "2", "3", "5", "1", "1"],
        ], rows);
        // It comes before the per-kind tables.
        Assert.True(html.IndexOf("id=\"accounts\"", StringComparison.Ordinal) < html.IndexOf("id=\"compliance\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_breakdown_is_its_own_csv_file()
    {
        var content = Spanning();
        var (section, path) = CsvReport.Files(content, "/reports/fleet.csv").First();
        using var writer = new StringWriter();
        CsvReport.Write(writer, section);

        Assert.Equal("/reports/fleet.accounts.csv", path);
        var lines = writer.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Account,Region,Instances,Compliant,Non-compliant,Critical findings,Findings,Failed runs,Runs", lines[0]);
        Assert.Equal($"{Second},us-east-1,1,n/a,0,1,1,0,0", lines[4]);
        Assert.StartsWith("Total,2 regions,6,", lines[5]);
    }

    [Fact]
    public void A_report_of_one_account_and_region_is_unchanged()
    {
        var content = ReportSamples.Mixed();
        var html = ReportSamples.Html(content);

        Assert.DoesNotContain("id=\"accounts\"", html);
        Assert.DoesNotContain("by account and region", html);
        Assert.DoesNotContain(content.Sections, s => s.Key == "accounts");
        Assert.DoesNotContain(CsvReport.Files(content, "r.csv"), f => f.Path.EndsWith(".accounts.csv", StringComparison.Ordinal));
        // Several accounts in one region are more than one.
        Assert.Contains(Content([Finding(First, "us-east-1", "i-1", "Low"), Finding(Second, "us-east-1", "i-2", "Low")]).Sections, s => s.Key == "accounts");
    }
}
