using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>Bad input never costs data: rejected at binding, one error per bad object, no file replaced, no snapshot a restore needs, no raw control text.</summary>
public sealed class BadInputTests : IClassFixture<NowSandboxFixture>, IDisposable
{
    private const string RunId = "run-20250601T120000Z-0ba0ba";
    private const string Hostile = "\u001b[31mRED\u001b[0m <script>alert(1)</script> \u202Eevil\u2066x\u2069 \u009b2J";

    /// <summary>What EC2's XML can carry of it (XML 1.0 has no ESC, not even as a character reference).</summary>
    private const string HostileTag = "<b>prod</b> \u202Eevil\u2066x\u2069 \u009b2J";

    private readonly SandboxServer _sandbox;
    private readonly PowerShellHost _ps;
    private readonly string _dir = Directory.CreateTempSubdirectory("awspatch-badinput-").FullName;

    public BadInputTests(NowSandboxFixture fixture)
    {
        _sandbox = fixture.Server;
        _sandbox.Reset();
        _ps = SandboxShell.Create(_sandbox);
        _ps.SetVariable("dir", _dir);
    }

    public void Dispose()
    {
        _ps.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private SandboxInstance Instance(int skip = 0) => _sandbox.State.InstancesIn("us-east-1")
        .Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running" && i.RootDeviceType == "ebs" && i.Volumes.Count > 1).Skip(skip).First();

    /// <summary>A completed AwsPatch snapshot set of every volume of the instance, started two days ago.</summary>
    private List<string> SeedSet(SandboxInstance instance) => SandboxSnapshotSets.Seed(_sandbox, instance, RunId, _sandbox.Clock.UtcNow.AddDays(-2));

    [Theory]
    [InlineData("Remove-PatchSnapshot @aws -OlderThan -1 -Force")]
    [InlineData("Remove-PatchSnapshot @aws -OlderThan 0 -Force")]
    [InlineData("Remove-PatchSnapshot @aws -OlderThan '-1' -Force")]
    [InlineData("Remove-PatchSnapshot @aws -OlderThan ([timespan]::FromDays(-3)) -Force")]
    [InlineData("Remove-PatchSnapshot @aws -OlderThan ([timespan]::Zero) -Force")]
    [InlineData("Remove-PatchSnapshot @aws -KeepLast 0 -Force")]
    [InlineData("Remove-PatchSnapshot @aws -KeepLast -2 -Force")]
    [InlineData("Get-PatchSnapshot @aws -OlderThan -1 | Remove-PatchSnapshot @aws -Force")]
    [InlineData("Get-PatchSnapshot @aws -NewerThan 0")]
    [InlineData("Get-PatchCompliance @aws -StaleAfter -7")]
    public void Zero_and_negative_ages_and_counts_fail_at_binding_and_nothing_is_deleted(string script)
    {
        var snapshots = SeedSet(Instance());
        _sandbox.Counters.Reset();

        var result = _ps.Invoke(script);

        var error = result.Errors.FirstOrDefault() ?? (result.Terminating as IContainsErrorRecord)?.ErrorRecord;
        Assert.NotNull(error);
        Assert.Matches("^(ParameterArgumentTransformationError|ParameterArgumentValidationError)", error!.FullyQualifiedErrorId);
        Assert.Equal(0, _sandbox.Counters.Total);
        Assert.Empty(result.Output);
        Assert.All(snapshots, id => Assert.Contains(_sandbox.State.Snapshots, s => s.SnapshotId == id));
    }

    [Fact]
    public void One_piped_object_in_an_invalid_region_is_one_error_and_the_others_go_on()
    {
        var ids = _sandbox.State.InstancesIn("us-east-1").Take(3).Select(i => i.InstanceId).ToArray();
        _ps.SetVariable("ids", ids);

        var result = _ps.Invoke("""
            $objects = @(
                [pscustomobject]@{ InstanceId = $ids[0]; Region = 'us-east-1' }
                [pscustomobject]@{ InstanceId = $ids[1]; Region = 'mars-1' }
                [pscustomobject]@{ InstanceId = $ids[2]; Region = 'us-east-1' }
            )
            $objects | Get-PatchInstance @awsNoRegion
            """);
        var typed = _ps.Invoke("$ids | Get-PatchInstance @awsNoRegion -Region mars-1");

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { ids[0], ids[2] }.Order(), result.OutputOf<PatchInstance>().Select(i => i.InstanceId).Order());
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("InvalidRegion,", error.FullyQualifiedErrorId);
        Assert.Equal(ids[1], error.TargetObject);
        Assert.Contains("mars-1", error.ToString());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        // The same value typed on the command line is nothing any object could run with: one error stops the command.
        Assert.StartsWith("InvalidRegion,", Assert.Single(typed.Errors).FullyQualifiedErrorId);
        Assert.Empty(typed.Output);
    }

    [Fact]
    public void Export_PatchReport_Force_with_nothing_to_report_leaves_the_existing_report_as_it_was()
    {
        var path = Path.Join(_dir, "report.html");
        _ps.SetVariable("path", path);
        var good = _ps.Invoke("[AwsPatch.PatchCompliance]@{ InstanceId = 'i-0000000000000001'; ComplianceState = 'Compliant'; Region = 'us-east-1' } | Export-PatchReport -Path $path");
        Assert.True(good.Errors.Count == 0 && good.Terminating is null, good.ToString());
        var before = File.ReadAllBytes(path);
        var written = File.GetLastWriteTimeUtc(path);

        var empty = _ps.Invoke("@() | Export-PatchReport -Path $path -Force");
        var unreportable = _ps.Invoke("[datetime]::UtcNow | Export-PatchReport -Path $path -Force");

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Single(Directory.GetFileSystemEntries(_dir));
        foreach (var result in new[] { empty, unreportable })
        {
            Assert.Null(result.Terminating);
            var warning = Assert.Single(result.Warnings).Message;
            Assert.Contains("Nothing to report", warning);
            Assert.Contains(path, warning);
        }
    }

    [Fact]
    public void A_set_a_running_restore_uses_is_not_deleted_at_all()
    {
        var instance = Instance();
        var other = Instance(skip: 1);
        var inUse = SeedSet(instance);
        var free = SeedSet(other);
        _sandbox.Clock.AdvancePerRequest = TimeSpan.Zero;   // the restore stays pending while the removal runs
        _ps.SetVariable("id", instance.InstanceId);
        _ps.SetVariable("ids", new[] { instance.InstanceId, other.InstanceId });
        var restore = _ps.Invoke($"Get-PatchSnapshot @aws -InstanceId $id -RunId {RunId} | Restore-PatchSnapshot @aws -Force");
        var task = Assert.Single(restore.OutputOf<PatchRestoreResult>());
        _sandbox.Counters.Reset();

        var result = _ps.Invoke($"Get-PatchSnapshot @aws -InstanceId $ids -RunId {RunId} | Remove-PatchSnapshot @aws -Force -PassThru");

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("SnapshotRestoreInProgress,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.Contains(task.TaskId, error.Exception.Message);
        Assert.Contains(instance.InstanceId, error.Exception.Message);
        Assert.Equal(inUse[0], error.TargetObject);
        // Not one snapshot of the set in use went, data volumes included; the other set is gone.
        Assert.All(inUse, id => Assert.Contains(_sandbox.State.Snapshots, s => s.SnapshotId == id));
        Assert.All(free, id => Assert.DoesNotContain(_sandbox.State.Snapshots, s => s.SnapshotId == id));
        Assert.Equal(free.Count, _sandbox.Counters["ec2:DeleteSnapshot"]);
        Assert.Equal(other.InstanceId, Assert.Single(result.OutputOf<PatchSnapshot>()).InstanceId);
    }

    [Fact]
    public void Terminal_escapes_and_bidi_overrides_from_AWS_are_neutralised_in_objects_and_in_the_report()
    {
        var instance = Instance();
        _sandbox.State.Update(_ => instance.Tags["Environment"] = HostileTag);
        var template = _sandbox.Inspector2.FindingsIn("us-east-1").First(f => f.ResourceId == instance.InstanceId && f.Status == "ACTIVE");
        _sandbox.Inspector2.AddFinding(new Inspector2Finding
        {
            FindingArn = $"arn:aws:inspector2:us-east-1:{template.AwsAccountId}:finding/0123456789abcdef0123456789abcdef",
            AwsAccountId = template.AwsAccountId,
            Region = "us-east-1",
            Title = "CVE-2099-0001 - " + Hostile,
            Severity = "CRITICAL",
            VulnerabilityId = "CVE-2099-0001",
            FirstObservedAt = template.FirstObservedAt,
            LastObservedAt = template.LastObservedAt,
            ResourceId = instance.InstanceId,
            ResourceTags = new Dictionary<string, string>(StringComparer.Ordinal) { ["Environment"] = Hostile },
            Packages = template.Packages,
        });
        _ps.SetVariable("id", instance.InstanceId);
        var path = Path.Join(_dir, "report.html");
        _ps.SetVariable("path", path);

        var got = _ps.Invoke("""
            $instance = Get-PatchInstance @aws -InstanceId $id
            $findings = Get-PatchFinding @aws -InstanceId $id -Severity Critical
            $instance
            $findings
            $findings | Export-PatchReport -Path $path
            """);

        Assert.True(got.Errors.Count == 0 && got.Terminating is null, got.ToString());
        var patchInstance = Assert.Single(got.OutputOf<object>().OfType<PatchInstance>());
        var finding = Assert.Single(got.OutputOf<object>().OfType<PatchFinding>(), f => f.VulnerabilityId == "CVE-2099-0001");
        foreach (var text in new[] { finding.Title, finding.ResourceTags["Environment"] })
        {
            AssertNeutral(text);
            Assert.Contains("\uFFFD[31mRED\uFFFD[0m <script>alert(1)</script> \uFFFDevil\uFFFDx\uFFFD \uFFFD2J", text);   // markup is the report's to encode
        }
        foreach (var text in new[] { patchInstance.Environment!, patchInstance.Tags["Environment"] })
        {
            AssertNeutral(text);
            Assert.Equal("<b>prod</b> \uFFFDevil\uFFFDx\uFFFD \uFFFD2J", text);
        }
        var html = File.ReadAllText(path);
        AssertNeutral(html);
        Assert.Contains("\uFFFD[31mRED\uFFFD[0m &lt;script&gt;alert(1)&lt;/script&gt; \uFFFDevil\uFFFDx\uFFFD \uFFFD2J", html);
        Assert.DoesNotContain("<script>alert", html);
    }

    private static void AssertNeutral(string text)
    {
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u009b', text);
        Assert.DoesNotContain('\u202E', text);
        Assert.DoesNotContain('\u2066', text);
        Assert.DoesNotContain('\u2069', text);
    }
}
