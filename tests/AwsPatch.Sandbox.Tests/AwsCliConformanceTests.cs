using System.Runtime.CompilerServices;
using System.Text.Json;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// The AWS CLI as an independent client: botocore parses (and so validates) every response against the
/// official models, and its paginators drive MaxResults/NextToken. Each CLI start costs about a second of
/// Python, so the first test starts every read-only command at once (three at a time) and each test awaits its own.
/// </summary>
public sealed class AwsCliConformanceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly string[][] Commands =
    [
        ["ec2", "describe-instances", "--page-size", "5"],
        ["ec2", "describe-instances", "--filters", "Name=tag:Environment,Values=staging"],
        ["ec2", "describe-volumes", "--page-size", "5"],
        ["ec2", "describe-instance-status", "--include-all-instances"],
        ["ssm", "describe-instance-information", "--max-results", "5"],
        ["ssm", "describe-instance-information", "--page-size", "5"],
        ["ec2", "describe-instances", "--instance-ids", "i-0000000000000dead"],
        ["inspector2", "list-findings", "--filter-criteria", CriticalOnly],
        ["inspector2", "list-findings", "--page-size", "7"],
        ["inspector2", "list-findings", "--max-items", "5"],
        ["inspector2", "list-coverage", "--page-size", "5"],
    ];

    private const string CriticalOnly = """{"severity":[{"comparison":"EQUALS","value":"CRITICAL"}]}""";

    private static readonly ConditionalWeakTable<SandboxServer, Dictionary<string, Task<CliResult>>> Batches = new();

    private Dictionary<string, Task<CliResult>> Batch => Batches.GetValue(fixture.Server, server =>
    {
        var gate = new SemaphoreSlim(3);
        return Commands.ToDictionary(c => string.Join(" ", c), async c =>
        {
            await gate.WaitAsync();
            try { return await AwsCli.RunAsync(server.Endpoint, "us-east-1", c); }
            finally { gate.Release(); }
        });
    });

    private Task<CliResult> Aws(params string[] arguments) =>
        Batch.TryGetValue(string.Join(" ", arguments), out var started) ? started : AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1", arguments);

    private IReadOnlyList<AwsPatch.Sandbox.SandboxInstance> UsEast => fixture.Server.State.InstancesIn("us-east-1");

    private static List<JsonElement> Instances(JsonElement output) =>
        output.GetProperty("Reservations").EnumerateArray().SelectMany(r => r.GetProperty("Instances").EnumerateArray()).ToList();

    [SkippableFact]
    public async Task DescribeInstancesPagesThroughEveryInstanceExactlyOnce()
    {
        AwsCli.Require();

        var output = (await Aws("ec2", "describe-instances", "--page-size", "5")).Json();
        var instances = Instances(output);
        await Task.WhenAll(Batch.Values);

        Assert.Equal(UsEast.Select(i => i.InstanceId).Order(), instances.Select(i => i.GetProperty("InstanceId").GetString()).Order());
        // Paging took one call per 5 instances; the batch's two other describe-instances commands add one each.
        Assert.True(fixture.Server.Counters["ec2:DescribeInstances"] >= (UsEast.Count + 4) / 5 + 2, "the CLI paged with MaxResults=5");
        foreach (var instance in instances)
        {
            var model = fixture.Server.State.FindInstance(instance.GetProperty("InstanceId").GetString()!)!;
            Assert.Equal(model.IsWindows, instance.TryGetProperty("Platform", out var platform));
            if (model.IsWindows) Assert.Equal("windows", platform.GetString());
            Assert.Equal(model.State, instance.GetProperty("State").GetProperty("Name").GetString());
            Assert.Equal(model.Volumes.Count, instance.GetProperty("BlockDeviceMappings").GetArrayLength());
        }
    }

    [SkippableFact]
    public async Task DescribeInstancesFiltersByTag()
    {
        AwsCli.Require();

        var output = (await Aws("ec2", "describe-instances", "--filters", "Name=tag:Environment,Values=staging")).Json();

        Assert.Equal(UsEast.Where(i => i.Tags["Environment"] == "staging").Select(i => i.InstanceId).Order(),
            Instances(output).Select(i => i.GetProperty("InstanceId").GetString()).Order());
    }

    [SkippableFact]
    public async Task DescribeVolumesPagesThroughEveryVolume()
    {
        AwsCli.Require();

        var output = (await Aws("ec2", "describe-volumes", "--page-size", "5")).Json();
        var volumes = output.GetProperty("Volumes").EnumerateArray().ToList();

        Assert.Equal(UsEast.SelectMany(i => i.Volumes).Select(v => v.VolumeId).Order(), volumes.Select(v => v.GetProperty("VolumeId").GetString()).Order());
        Assert.All(volumes, v => Assert.Equal("in-use", v.GetProperty("State").GetString()));
        Assert.All(volumes, v => Assert.Equal(1, v.GetProperty("Attachments").GetArrayLength()));
    }

    [SkippableFact]
    public async Task DescribeInstanceStatusIncludesStoppedInstancesWhenAsked()
    {
        AwsCli.Require();

        var output = (await Aws("ec2", "describe-instance-status", "--include-all-instances")).Json();
        var statuses = output.GetProperty("InstanceStatuses").EnumerateArray().ToList();

        Assert.Equal(UsEast.Count, statuses.Count);
        Assert.Contains(statuses, s => s.GetProperty("InstanceState").GetProperty("Name").GetString() == "stopped");
        Assert.Contains(statuses, s => s.GetProperty("InstanceStatus").GetProperty("Status").GetString() == "ok");
    }

    [SkippableFact]
    public async Task DescribeInstanceInformationPagesThroughManagedInstances()
    {
        AwsCli.Require();

        // --max-results is sent as MaxResults and turns the CLI's auto-paging off: one page plus the service's NextToken.
        var onePage = (await Aws("ssm", "describe-instance-information", "--max-results", "5")).Json();
        // --page-size pages through everything, five at a time.
        var all = (await Aws("ssm", "describe-instance-information", "--page-size", "5")).Json()
            .GetProperty("InstanceInformationList").EnumerateArray().ToList();

        Assert.Equal(5, onePage.GetProperty("InstanceInformationList").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(onePage.GetProperty("NextToken").GetString()));
        // Managed instances, never stopped ones (the operation's API reference).
        Assert.Equal(UsEast.Where(i => i.Ssm is not null && i.State != "stopped").Select(i => i.InstanceId).Order(), all.Select(i => i.GetProperty("InstanceId").GetString()).Order());
        Assert.All(all, i => Assert.Equal("EC2Instance", i.GetProperty("ResourceType").GetString()));
        Assert.Contains(all, i => i.GetProperty("PingStatus").GetString() == "ConnectionLost");
    }

    [SkippableFact]
    public async Task UnknownInstanceIdIsTheServiceErrorWithExitCode254()
    {
        AwsCli.Require();

        var result = await Aws("ec2", "describe-instances", "--instance-ids", "i-0000000000000dead");

        Assert.Contains(result.ExitCode, new[] { 254, 255 });
        Assert.Contains("InvalidInstanceID.NotFound", result.Stderr);
        Assert.Contains("The instance ID 'i-0000000000000dead' does not exist", result.Stderr);
    }

    [SkippableFact]
    public async Task Inspector2ListFindingsFiltersBySeverity()
    {
        AwsCli.Require();

        var findings = (await Aws("inspector2", "list-findings", "--filter-criteria", CriticalOnly)).Json().GetProperty("findings").EnumerateArray().ToList();

        Assert.Equal(fixture.Server.Inspector2.FindingsIn("us-east-1").Where(f => f.Severity == "CRITICAL").Select(f => f.FindingArn).Order(StringComparer.Ordinal),
            findings.Select(f => f.GetProperty("findingArn").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal("CRITICAL", f.GetProperty("severity").GetString()));
    }

    [SkippableFact]
    public async Task Inspector2ListFindingsPagesThroughEveryFindingExactlyOnce()
    {
        AwsCli.Require();

        // --page-size: the CLI pages with maxResults=7 until nextToken runs out; --max-items: one short result plus the CLI's own NextToken.
        var all = (await Aws("inspector2", "list-findings", "--page-size", "7")).Json().GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("findingArn").GetString()!).ToList();
        var first = (await Aws("inspector2", "list-findings", "--max-items", "5")).Json();

        Assert.Equal(fixture.Server.Inspector2.FindingsIn("us-east-1").Select(f => f.FindingArn).Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(5, first.GetProperty("findings").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("NextToken").GetString()));
    }

    [SkippableFact]
    public async Task Inspector2ListCoverageListsEveryInstanceOfTheRegion()
    {
        AwsCli.Require();

        var covered = (await Aws("inspector2", "list-coverage", "--page-size", "5")).Json().GetProperty("coveredResources").EnumerateArray().ToList();

        Assert.Equal(UsEast.Select(i => i.InstanceId).Order(), covered.Select(c => c.GetProperty("resourceId").GetString()).Order());
        Assert.Contains(covered, c => c.GetProperty("scanStatus").GetProperty("reason").GetString() == "UNMANAGED_EC2_INSTANCE");
    }

    [SkippableFact]
    public async Task BatchGetFindingDetailsParsesWithCisaDataAndPerArnErrors()
    {
        AwsCli.Require();
        var findings = fixture.Server.Inspector2.FindingsIn("us-east-1");
        var kev = findings.First(f => f.Cisa != null);
        var notListed = findings.First(f => f.Type == "PACKAGE_VULNERABILITY" && f.Cisa == null);
        var unknown = "arn:aws:inspector2:us-east-1:123456789012:finding/" + new string('0', 32);

        // Debian's CLI 2.9 predates BatchGetFindingDetails (2023): the newer official model is laid over it.
        var output = (await AwsCli.RunWithNewerModelAsync(fixture.Server.Endpoint, "us-east-1", "inspector2", "BatchGetFindingDetails", "inspector2", "batch-get-finding-details",
            "--finding-arns", kev.FindingArn, notListed.FindingArn, unknown)).Json();

        var details = output.GetProperty("findingDetails").EnumerateArray().ToDictionary(d => d.GetProperty("findingArn").GetString()!);
        var cisa = details[kev.FindingArn].GetProperty("cisaData");
        Assert.StartsWith(kev.Cisa!.DateDue.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), cisa.GetProperty("dateDue").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(kev.Cisa.DateAdded.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), cisa.GetProperty("dateAdded").GetString(), StringComparison.Ordinal);
        Assert.Equal(kev.Cisa.Action, cisa.GetProperty("action").GetString());
        Assert.False(details[notListed.FindingArn].TryGetProperty("cisaData", out _));
        var error = Assert.Single(output.GetProperty("errors").EnumerateArray());
        Assert.Equal((unknown, "FINDING_DETAILS_NOT_FOUND"), (error.GetProperty("findingArn").GetString(), error.GetProperty("errorCode").GetString()));
    }
}
