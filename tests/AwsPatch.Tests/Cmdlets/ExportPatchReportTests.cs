using System.Management.Automation;
using System.Text;
using AwsPatch.Tests.Hosting;
using AwsPatch.Tests.Unit.Reports;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>Export-PatchReport through the real engine: local files only, no AWS session and no sandbox.</summary>
public sealed class ExportPatchReportTests : IDisposable
{
    private readonly PowerShellHost _ps = PowerShellHost.Create();
    private readonly string _dir = Directory.CreateTempSubdirectory("awspatch-report-").FullName;

    public ExportPatchReportTests()
    {
        _ps.SetVariable("dir", _dir);
        _ps.SetVariable("mixed", ReportSamples.MixedObjects().ToArray());
        // The hosted engine has no Set-Location; relative paths resolve against this location.
        _ps.Runspace.SessionStateProxy.Path.SetLocation(WildcardPattern.Escape(_dir));
    }

    public void Dispose()
    {
        _ps.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void A_mixed_pipeline_built_in_PowerShell_becomes_one_html_file_relative_to_the_current_location()
    {
        var result = _ps.Invoke("""
            $objects = @(
                [AwsPatch.PatchCompliance]@{ InstanceId = 'i-0000000000000001'; ComplianceState = 'Compliant'; Environment = 'staging'; Region = 'us-east-1' }
                [AwsPatch.PatchCompliance]@{ InstanceId = 'i-0000000000000002'; ComplianceState = 'NonCompliant'; Environment = 'staging'; Region = 'us-east-1' }
                [AwsPatch.PatchFinding]@{ InstanceId = 'i-0000000000000002'; Severity = 'Critical'; Title = 'openssh'; Region = 'us-east-1' }
                [AwsPatch.PatchPriority]@{ Rank = 1; InstanceId = 'i-0000000000000002'; Region = 'us-east-1' }
                [AwsPatch.PatchRunResult]@{ InstanceId = 'i-0000000000000002'; Status = 'Failed'; Region = 'us-east-1' }
            )
            $objects | Export-PatchReport -Path out/new/report.html -Title 'Staging' -PassThru
            """);

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        var item = Assert.Single(result.Output);
        var file = Assert.IsType<FileInfo>(item.BaseObject);
        // The provider's item (as Get-Item gives it), which the FileInfo's own view needs to show its folder and mode.
        Assert.Equal(Path.Join(_dir, "out", "new"), item.Properties["PSParentPath"]?.Value?.ToString()?.Split("::").Last());
        Assert.Equal(Path.Join(_dir, "out", "new", "report.html"), file.FullName);
        var html = File.ReadAllText(file.FullName);
        Assert.Contains("<title>Staging</title>", html);
        Assert.Contains("id=\"chart-compliance\"", html);
        Assert.Contains("id=\"chart-findings\"", html);
        Assert.Contains("id=\"chart-runs\"", html);
        Assert.Contains("<td>openssh</td>", html);
        Assert.Empty(Directory.GetFiles(Path.Join(_dir, "out", "new"), "*.tmp"));
    }

    [Fact]
    public void Needs_no_aws_session_and_has_no_session_parameters()
    {
        var command = _ps.Module.ExportedCmdlets["Export-PatchReport"];
        Assert.DoesNotContain("Region", command.Parameters.Keys);
        Assert.DoesNotContain("ProfileName", command.Parameters.Keys);

        _ps.SetVariable("StoredAWSRegion", null);
        var result = _ps.Invoke("$mixed | Export-PatchReport -Path report.html");
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        Assert.True(File.Exists(Path.Join(_dir, "report.html")));
    }

    [Fact]
    public void WhatIf_writes_nothing_at_all()
    {
        var html = _ps.Invoke("$mixed | Export-PatchReport -Path missing/report.html -WhatIf -PassThru");
        var csv = _ps.Invoke("$mixed | Export-PatchReport -Path missing/report.csv -Format Csv -Force -WhatIf -PassThru");

        Assert.Empty(html.Output);
        Assert.Empty(csv.Output);
        Assert.Null(html.Terminating);
        Assert.Contains("What if:", html.HostText);
        Assert.Equal(4, csv.HostText.Split("What if:").Length - 1);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void An_existing_file_needs_Force_and_is_untouched_without_it()
    {
        var path = Path.Join(_dir, "report.html");
        File.WriteAllText(path, "previous report");

        var refused = _ps.Invoke("$mixed | Export-PatchReport -Path report.html -PassThru");

        var error = Terminating(refused);
        Assert.StartsWith("FileExists,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal(path, error.TargetObject);
        Assert.Contains("-Force", error.ErrorDetails.RecommendedAction);
        Assert.Empty(refused.Output);
        Assert.Equal("previous report", File.ReadAllText(path));

        var forced = _ps.Invoke("$mixed | Export-PatchReport -Path report.html -Force -PassThru");
        Assert.True(forced.Errors.Count == 0 && forced.Terminating is null, forced.ToString());
        Assert.Single(forced.Output);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("existing")]
    [InlineData("existing/")]
    [InlineData("not-yet/")]
    public void A_folder_is_not_a_report_path(string path)
    {
        Directory.CreateDirectory(Path.Join(_dir, "existing"));
        _ps.SetVariable("target", path);

        var result = _ps.Invoke("$mixed | Export-PatchReport -Path $target");

        var error = Terminating(result);
        Assert.StartsWith("PathIsDirectory,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("report.html", error.ErrorDetails.RecommendedAction);
        Assert.Equal(["existing"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_dir, "existing")));
    }

    [Fact]
    public void A_path_outside_the_file_system_is_refused()
    {
        var result = _ps.Invoke("$mixed | Export-PatchReport -Path Variable:/report");

        var error = Terminating(result);
        Assert.StartsWith("PathNotFileSystem,", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void Csv_writes_one_file_per_kind_named_from_the_base()
    {
        var result = _ps.Invoke("$mixed | Export-PatchReport -Path audit/report.csv -Format Csv -PassThru");

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        var files = result.OutputOf<FileInfo>();
        Assert.Equal(
            ["report.compliance.csv", "report.findings.csv", "report.priorities.csv", "report.runs.csv"],
            files.Select(f => f.Name));
        Assert.All(files, f => Assert.Equal(Path.Join(_dir, "audit"), f.DirectoryName));

        var bytes = File.ReadAllBytes(Path.Join(_dir, "audit", "report.findings.csv"));
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Severity,Title,VulnerabilityId,", lines[0]);
        Assert.Equal(1 + 3, lines.Length);
        Assert.Equal(1 + 6, File.ReadAllText(Path.Join(_dir, "audit", "report.compliance.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Csv_refuses_existing_files_before_writing_any()
    {
        Directory.CreateDirectory(Path.Join(_dir, "audit"));
        File.WriteAllText(Path.Join(_dir, "audit", "report.runs.csv"), "old");

        var result = _ps.Invoke("$mixed | Export-PatchReport -Path audit/report -Format Csv");

        var error = Terminating(result);
        Assert.StartsWith("FileExists,", error.FullyQualifiedErrorId);
        Assert.Equal(["report.runs.csv"], Directory.GetFiles(Path.Join(_dir, "audit")).Select(Path.GetFileName));
        Assert.Equal("old", File.ReadAllText(Path.Join(_dir, "audit", "report.runs.csv")));
    }

    [Fact]
    public void Unsupported_objects_are_errors_naming_their_type_and_the_rest_are_written()
    {
        var result = _ps.Invoke("""
            $items = @('not a report object') + $mixed + @([pscustomobject]@{ InstanceId = 'i-0000000000000009' }, 42)
            $items | Export-PatchReport -Path report.html -PassThru
            """);

        Assert.Null(result.Terminating);
        Assert.Single(result.Output);
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.StartsWith("UnsupportedInputType,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidType, e.CategoryInfo.Category);
        });
        Assert.Contains("System.String", result.Errors[0].Exception.Message);
        Assert.Equal("not a report object", result.Errors[0].TargetObject);
        Assert.Contains("System.Management.Automation.PSCustomObject", result.Errors[1].Exception.Message);
        Assert.Contains("System.Int32", result.Errors[2].Exception.Message);
        var html = File.ReadAllText(Path.Join(_dir, "report.html"));
        Assert.Contains("<h2>Compliance (6)</h2>", html);
        Assert.Contains("<h2>Findings (3)</h2>", html);
    }

    [Fact]
    public void Csv_with_no_objects_writes_nothing_and_warns()
    {
        var result = _ps.Invoke("@() | Export-PatchReport -Path report.csv -Format Csv");

        Assert.Null(result.Terminating);
        Assert.Contains("no CSV file was written", Assert.Single(result.Warnings).Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    /// <summary>A cmdlet's terminating error ends its statement and lands in the error stream; nothing came out.</summary>
    private static ErrorRecord Terminating(PowerShellResult result)
    {
        Assert.Empty(result.Output);
        return Assert.Single(result.Errors);
    }
}
