using System.Text.Json;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>Amazon Inspector REST-JSON over raw HTTP: routing, errors, filter semantics, paging, coverage, finding details.</summary>
public sealed class Inspector2ProtocolTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxHttp _http = new(fixture.Server.Endpoint);

    public void Dispose() => _http.Dispose();

    private IReadOnlyList<Inspector2Finding> UsEast => fixture.Server.Inspector2.FindingsIn("us-east-1");

    private static object Eq(string value) => new { comparison = "EQUALS", value };

    /// <summary>Every finding ARN of a ListFindings query, following nextToken; asserts each page's size.</summary>
    private async Task<List<string>> AllArnsAsync(object? filterCriteria, int maxResults = 100, object? sortCriteria = null)
    {
        var arns = new List<string>();
        string? token = null;
        do
        {
            var (status, json, _) = await _http.Inspector2Async("/findings/list", new { maxResults, nextToken = token, filterCriteria, sortCriteria });
            Assert.Equal(200, status);
            var page = json.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("findingArn").GetString()!).ToList();
            Assert.True(page.Count <= maxResults);
            arns.AddRange(page);
            token = json.TryGetProperty("nextToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        return arns;
    }

    private async Task AssertFilterAsync(object filterCriteria, Func<Inspector2Finding, bool> expected)
    {
        var arns = await AllArnsAsync(filterCriteria);
        var want = UsEast.Where(expected).Select(f => f.FindingArn).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(want);
        Assert.Equal(want, arns.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListFindingsPagesThroughEveryFindingExactlyOnceAndCountsEachPage()
    {
        fixture.Server.Counters.Reset();

        var arns = await AllArnsAsync(null, maxResults: 7);

        Assert.Equal(arns.Count, arns.Distinct().Count());
        Assert.Equal(UsEast.Select(f => f.FindingArn).Order(StringComparer.Ordinal), arns.Order(StringComparer.Ordinal));
        Assert.Equal((UsEast.Count + 6) / 7, fixture.Server.Counters["inspector2:ListFindings"]);
        Assert.Equal(arns, await AllArnsAsync(null, maxResults: 7));
    }

    [Fact]
    public async Task FindingsHaveTheModelShape()
    {
        var (_, json, _) = await _http.Inspector2Async("/findings/list", new { maxResults = 100, filterCriteria = new { findingType = new[] { Eq("PACKAGE_VULNERABILITY") } } });
        var finding = json.GetProperty("findings")[0];

        Assert.Matches("^arn:aws:inspector2:us-east-1:123456789012:finding/[0-9a-f]{32}$", finding.GetProperty("findingArn").GetString());
        Assert.Equal(JsonValueKind.Number, finding.GetProperty("firstObservedAt").ValueKind);
        Assert.True(finding.GetProperty("remediation").GetProperty("recommendation").TryGetProperty("text", out _));
        var resource = finding.GetProperty("resources")[0];
        Assert.Equal("AWS_EC2_INSTANCE", resource.GetProperty("type").GetString());
        Assert.Equal("aws", resource.GetProperty("partition").GetString());
        Assert.StartsWith("ami-", resource.GetProperty("details").GetProperty("awsEc2Instance").GetProperty("imageId").GetString());
        var package = finding.GetProperty("packageVulnerabilityDetails").GetProperty("vulnerablePackages")[0];
        Assert.Equal("OS", package.GetProperty("packageManager").GetString());
        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.TryGetProperty("epss", out var e) && e.GetProperty("score").GetDouble() > 0.5);
        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("remediation").GetProperty("recommendation").TryGetProperty("Url", out _));
    }

    [Fact]
    public async Task FiltersAreOrWithinAFieldAndAndAcrossFields()
    {
        await AssertFilterAsync(new { severity = new[] { Eq("CRITICAL"), Eq("HIGH") } }, f => f.Severity is "CRITICAL" or "HIGH");
        await AssertFilterAsync(new { title = new[] { new { comparison = "PREFIX", value = "CVE-2024-" } } }, f => f.Title.StartsWith("CVE-2024-", StringComparison.Ordinal));
        await AssertFilterAsync(new { findingStatus = new[] { new { comparison = "NOT_EQUALS", value = "ACTIVE" }, new { comparison = "NOT_EQUALS", value = "SUPPRESSED" } } },
            f => f.Status == "CLOSED");
        await AssertFilterAsync(new { severity = new[] { Eq("HIGH") }, fixAvailable = new[] { Eq("YES") }, exploitAvailable = new[] { Eq("YES") } },
            f => f is { Severity: "HIGH", FixAvailable: "YES", ExploitAvailable: "YES" });
        await AssertFilterAsync(new { inspectorScore = new[] { new { lowerInclusive = 7.5, upperInclusive = 8.1 } } }, f => f.InspectorScore is >= 7.5 and <= 8.1);
        await AssertFilterAsync(new { epssScore = new[] { new { lowerInclusive = 0.5 } } }, f => f.EpssScore >= 0.5);
        await AssertFilterAsync(new { resourceTags = new[] { new { comparison = "EQUALS", key = "Environment", value = "production" } } },
            f => f.ResourceTags.GetValueOrDefault("Environment") == "production");
        await AssertFilterAsync(new { vulnerablePackages = new[] { new { name = Eq("glibc") } } }, f => f.Packages.Any(p => p.Name == "glibc"));
        await AssertFilterAsync(new { vulnerabilityId = new[] { Eq("CVE-2024-6387") }, ec2InstanceImageId = new[] { Eq("ami-0557a15b87f6559cf") } },
            f => f.VulnerabilityId == "CVE-2024-6387" && f.ImageId == "ami-0557a15b87f6559cf");

        var cutoff = new DateTime(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        var epoch = (cutoff - DateTime.UnixEpoch).TotalSeconds;
        await AssertFilterAsync(new { firstObservedAt = new[] { new { startInclusive = epoch } } }, f => f.FirstObservedAt >= cutoff);

        var ids = UsEast.Select(f => f.ResourceId).Distinct().Take(2).ToArray();
        await AssertFilterAsync(new { resourceId = ids.Select(Eq).ToArray() }, f => ids.Contains(f.ResourceId));
    }

    [Fact]
    public async Task SortCriteriaOrdersEveryPageAndPagesStayComplete()
    {
        var arns = await AllArnsAsync(null, maxResults: 10, sortCriteria: new { field = "SEVERITY", sortOrder = "DESC" });

        var ranks = arns.Select(a => UsEast.Single(f => f.FindingArn == a).Severity).Select(s => Array.IndexOf(["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNTRIAGED"], s)).ToList();
        Assert.Equal(ranks.Order(), ranks);
        Assert.Equal(UsEast.Count, arns.Distinct().Count());

        var byEpss = await AllArnsAsync(null, maxResults: 25, sortCriteria: new { field = "EPSS_SCORE", sortOrder = "DESC" });
        var scores = byEpss.Select(a => UsEast.Single(f => f.FindingArn == a).EpssScore ?? -1).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Theory]
    [InlineData("/findings/list", """{"filterCriteria":{"severity":[{"comparison":"LIKE","value":"HIGH"}]}}""", "filterCriteria.severity.1.member.comparison")]
    [InlineData("/findings/list", """{"filterCriteria":{"severity":[{"comparison":"EQUALS","value":"a"},{"comparison":"EQUALS","value":"b"},{"comparison":"EQUALS","value":"c"},{"comparison":"EQUALS","value":"d"},{"comparison":"EQUALS","value":"e"},{"comparison":"EQUALS","value":"f"},{"comparison":"EQUALS","value":"g"},{"comparison":"EQUALS","value":"h"},{"comparison":"EQUALS","value":"i"},{"comparison":"EQUALS","value":"j"},{"comparison":"EQUALS","value":"k"}]}}""", "filterCriteria.severity")]
    [InlineData("/findings/list", """{"maxResults":0}""", "maxResults")]
    [InlineData("/findings/list", """{"maxResults":101}""", "maxResults")]
    [InlineData("/findings/list", """{"filterCriteria":{"colour":[{"comparison":"EQUALS","value":"red"}]}}""", "filterCriteria.colour")]
    [InlineData("/findings/list", """{"nextToken":"not-a-token"}""", "nextToken")]
    [InlineData("/coverage/list", """{"maxResults":201}""", "maxResults")]
    [InlineData("/coverage/list", """{"filterCriteria":{"resourceId":[{"comparison":"PREFIX","value":"i-"}]}}""", "filterCriteria.resourceId.1.member.comparison")]
    [InlineData("/findings/details/batch/get", """{"findingArns":[]}""", "findingArns")]
    public async Task BadRequestsAreValidationExceptionsWithReasonAndFields(string path, string body, string field)
    {
        var (status, json, errorType) = await _http.Inspector2Async(path, body);

        Assert.Equal(400, status);
        Assert.Equal("ValidationException", errorType);
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
        Assert.Contains(json.GetProperty("reason").GetString(), new[] { "CANNOT_PARSE", "FIELD_VALIDATION_FAILED", "OTHER" });
        Assert.Equal(field, json.GetProperty("fields")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task RegionWithoutInspectorAnswersAccessDeniedSayingNotEnabled()
    {
        fixture.Server.Inspector2.SetEnabled("us-east-1", false);
        try
        {
            foreach (var path in new[] { "/findings/list", "/coverage/list" })
            {
                var (status, json, errorType) = await _http.Inspector2Async(path);
                Assert.Equal(403, status);
                Assert.Equal("AccessDeniedException", errorType);
                Assert.Contains("not enabled", json.GetProperty("message").GetString());
            }

            var (euStatus, _, _) = await _http.Inspector2Async("/findings/list", region: "eu-west-1");
            Assert.Equal(200, euStatus);
        }
        finally
        {
            fixture.Server.Inspector2.SetEnabled("us-east-1", true);
        }
    }

    [Fact]
    public async Task InjectedFaultsUseInspectorsErrorShapes()
    {
        try
        {
            fixture.Server.Faults.For("inspector2:ListFindings").ThrottleRate = 1;
            var (status, json, errorType) = await _http.Inspector2Async("/findings/list");
            Assert.Equal(429, status);
            Assert.Equal("ThrottlingException", errorType);
            Assert.True(json.TryGetProperty("message", out _));

            fixture.Server.Faults.Clear();
            fixture.Server.Faults.For("inspector2:ListCoverage").ServerErrorRate = 1;
            (status, _, errorType) = await _http.Inspector2Async("/coverage/list");
            Assert.Equal(500, status);
            Assert.Equal("InternalServerException", errorType);
        }
        finally
        {
            fixture.Server.Faults.Clear();
        }
    }

    [Fact]
    public async Task RoutingLeavesEc2AndSsmAloneAndChecksTheScope()
    {
        var (ec2Status, ec2) = await _http.Ec2Async("DescribeInstances");
        Assert.Equal(200, ec2Status);
        Assert.NotEmpty(SandboxHttp.InstanceIds(ec2));
        var (ssmStatus, _) = await _http.SsmAsync("DescribeInstanceInformation");
        Assert.Equal(200, ssmStatus);

        var (status, _, errorType) = await _http.Inspector2Async("/findings/list", service: "ec2");
        Assert.Equal(403, status);
        Assert.Equal("InvalidSignatureException", errorType);
        (status, _, errorType) = await _http.Inspector2Async("/findings/unicorns");
        Assert.Equal(404, status);
        Assert.Equal("UnknownOperationException", errorType);
        (status, _, errorType) = await _http.Inspector2Async("/findings/list", authorization: null);
        Assert.Equal(403, status);
        Assert.Equal("MissingAuthenticationTokenException", errorType);
    }

    [Fact]
    public async Task CoverageIsActiveForManagedRunningInstancesOnly()
    {
        var (status, json, _) = await _http.Inspector2Async("/coverage/list", new { maxResults = 5 });
        Assert.Equal(200, status);
        Assert.Equal(5, json.GetProperty("coveredResources").GetArrayLength());

        var (_, filtered, _) = await _http.Inspector2Async("/coverage/list",
            new { filterCriteria = new { scanStatusCode = new[] { new { comparison = "NOT_EQUALS", value = "ACTIVE" } } } });
        var inactive = filtered.GetProperty("coveredResources").EnumerateArray()
            .ToDictionary(c => c.GetProperty("resourceId").GetString()!, c => c.GetProperty("scanStatus").GetProperty("reason").GetString());
        var instances = fixture.Server.State.InstancesIn("us-east-1");
        Assert.Equal(instances.Where(i => i.Ssm is null || i.State == "stopped").Select(i => i.InstanceId).Order(), inactive.Keys.Order());
        Assert.All(instances.Where(i => i.State == "stopped"), i => Assert.Equal("EC2_INSTANCE_STOPPED", inactive[i.InstanceId]));
        Assert.All(instances.Where(i => i.Ssm is null && i.State == "running"), i => Assert.Equal("UNMANAGED_EC2_INSTANCE", inactive[i.InstanceId]));
    }

    [Fact]
    public async Task BatchGetFindingDetailsAnswersKnownArnsAndReportsTheOthers()
    {
        var known = UsEast.First(f => f.Type == "PACKAGE_VULNERABILITY").FindingArn;
        var unknown = "arn:aws:inspector2:us-east-1:123456789012:finding/" + new string('0', 32);

        var (status, json, _) = await _http.Inspector2Async("/findings/details/batch/get", new { findingArns = new[] { known, unknown, "bogus" } });

        Assert.Equal(200, status);
        Assert.Equal(known, json.GetProperty("findingDetails").EnumerateArray().Single().GetProperty("findingArn").GetString());
        var errors = json.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("findingArn").GetString()!, e => e.GetProperty("errorCode").GetString());
        Assert.Equal("FINDING_DETAILS_NOT_FOUND", errors[unknown]);
        Assert.Equal("INVALID_INPUT", errors["bogus"]);
    }

    [Fact]
    public async Task BatchGetFindingDetailsCarriesTheCisaKevEntryOfListedCves()
    {
        var kev = UsEast.First(f => f.VulnerabilityId == "CVE-2023-4911");
        var notListed = UsEast.First(f => f.Type == "PACKAGE_VULNERABILITY" && f.VulnerabilityId == "CVE-2023-38545");

        var (status, json, _) = await _http.Inspector2Async("/findings/details/batch/get", new { findingArns = new[] { kev.FindingArn, notListed.FindingArn } });

        Assert.Equal(200, status);
        var details = json.GetProperty("findingDetails").EnumerateArray().ToDictionary(d => d.GetProperty("findingArn").GetString()!);
        var cisa = details[kev.FindingArn].GetProperty("cisaData");
        // CISA's catalogue: CVE-2023-4911 added 2023-11-21, due 2023-12-12 (epoch seconds on the wire).
        Assert.Equal(new DateTimeOffset(2023, 11, 21, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), cisa.GetProperty("dateAdded").GetDouble());
        Assert.Equal(new DateTimeOffset(2023, 12, 12, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), cisa.GetProperty("dateDue").GetDouble());
        // The catalogue's current requiredAction for it (CISA added the BOD 22-01 cloud wording to its entries).
        Assert.Equal("Apply mitigations per vendor instructions, follow applicable BOD 22-01 guidance for cloud services, or discontinue use of the product if mitigations are unavailable.",
            cisa.GetProperty("action").GetString());
        Assert.False(details[notListed.FindingArn].TryGetProperty("cisaData", out _));
    }
}
