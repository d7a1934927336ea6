using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AwsPatch.Aws.Inspector2;

namespace AwsPatch.Tests.Unit.Inspector2;

public sealed class ListFindingsTests
{
    private const string Page = """
        {
          "findings": [
            {
              "findingArn": "arn:aws:inspector2:us-east-1:123456789012:finding/0a1b2c3d4e5f60718293a4b5c6d7e8f9",
              "awsAccountId": "123456789012",
              "type": "PACKAGE_VULNERABILITY",
              "title": "CVE-2024-6387 - openssh-server, openssh-clients",
              "description": "A signal handler race condition was found in sshd.",
              "severity": "HIGH",
              "status": "ACTIVE",
              "inspectorScore": 8.1,
              "inspectorScoreDetails": { "adjustedCvss": { "score": 8.1, "scoreSource": "NVD", "version": "3.1" } },
              "epss": { "score": 0.38153 },
              "exploitAvailable": "YES",
              "fixAvailable": "YES",
              "firstObservedAt": 1719878400.123,
              "lastObservedAt": 1720051200,
              "updatedAt": 1720051200.5,
              "remediation": { "recommendation": { "text": "None Provided", "Url": "https://alas.aws.amazon.com/AL2023/ALAS-2024-652.html" } },
              "packageVulnerabilityDetails": {
                "vulnerabilityId": "CVE-2024-6387",
                "source": "AMAZON_CVE",
                "sourceUrl": "https://alas.aws.amazon.com/cve/html/CVE-2024-6387.html",
                "vendorSeverity": "Important",
                "vendorCreatedAt": 1719792000,
                "cvss": [
                  { "baseScore": 8.1, "scoringVector": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", "version": "3.1", "source": "NVD" },
                  { "baseScore": 8.1, "scoringVector": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", "version": "3.1", "source": "AMAZON_CVE" }
                ],
                "referenceUrls": ["https://alas.aws.amazon.com/AL2023/ALAS-2024-652.html", "https://www.qualys.com/2024/07/01/cve-2024-6387/regresshion.txt"],
                "relatedVulnerabilities": [],
                "vulnerablePackages": [
                  { "name": "openssh-server", "version": "8.7p1", "epoch": 0, "release": "8.amzn2023.0.10", "arch": "X86_64",
                    "packageManager": "OS", "fixedInVersion": "0:8.7p1-8.amzn2023.0.11", "remediation": "dnf update openssh --releasever 2023.5.20240701" },
                  { "name": "openssh-clients", "version": "8.7p1", "epoch": 0, "release": "8.amzn2023.0.10", "arch": "X86_64", "packageManager": "OS" }
                ]
              },
              "resources": [
                {
                  "type": "AWS_EC2_INSTANCE",
                  "id": "i-0abc1234def567890",
                  "partition": "aws",
                  "region": "us-east-1",
                  "tags": { "Environment": "staging", "Patch Group": "web" },
                  "details": { "awsEc2Instance": { "type": "t3.medium", "imageId": "ami-0123456789abcdef0", "platform": "AMAZON_LINUX_2023",
                    "ipV4Addresses": ["10.0.1.15"], "ipV6Addresses": [], "vpcId": "vpc-0a1b2c3d", "subnetId": "subnet-0a1b2c3d", "launchedAt": 1717200000 } }
                }
              ],
              "exploitabilityDetails": { "lastKnownExploitAt": 1720000000 },
              "someFutureMember": { "nested": [1, 2, 3] }
            },
            {
              "findingArn": "arn:aws:inspector2:us-east-1:123456789012:finding/ffeeddccbbaa99887766554433221100",
              "awsAccountId": "123456789012",
              "type": "PACKAGE_VULNERABILITY",
              "description": "No title, no fix, no EPSS.",
              "severity": "UNTRIAGED",
              "status": "ACTIVE",
              "fixAvailable": "NO",
              "firstObservedAt": 1719878400,
              "lastObservedAt": 1719878400,
              "remediation": {},
              "resources": [ { "type": "AWS_EC2_INSTANCE", "id": "i-0fff0000eeee11112" } ]
            }
          ],
          "nextToken": "page-2-token"
        }
        """;

    [Fact]
    public async Task Sends_a_signed_rest_json_post_with_the_models_member_names()
    {
        var http = new StubHttp().Respond(HttpStatusCode.OK, """{"findings":[]}""");
        using var client = Inspector2TestClients.Create(http);

        await client.ListFindingsAsync(new ListFindingsRequest
        {
            FilterCriteria = new FilterCriteria
            {
                ResourceId = [StringFilter.EqualTo("i-0abc1234def567890"), StringFilter.EqualTo("i-0fff0000eeee11112")],
                Severity = [StringFilter.EqualTo("CRITICAL"), StringFilter.EqualTo("HIGH")],
                FindingStatus = [StringFilter.EqualTo("ACTIVE")],
                VulnerabilityId = [StringFilter.Prefix("CVE-2024-")],
                ResourceType = [StringFilter.NotEqualTo("AWS_LAMBDA_FUNCTION")],
                InspectorScore = [NumberFilter.AtLeast(7.5)],
                EpssScore = [new NumberFilter { LowerInclusive = 0.1, UpperInclusive = 1 }],
                LastObservedAt = [new DateFilter { StartInclusive = new DateTime(2024, 7, 1, 0, 0, 0, DateTimeKind.Utc) }],
                VulnerablePackages = [new PackageFilter { Name = StringFilter.EqualTo("openssh-server") }],
            },
            SortCriteria = new SortCriteria { Field = "INSPECTOR_SCORE", SortOrder = "DESC" },
            MaxResults = Inspector2Limits.ListFindingsMaxResults,
            NextToken = "tok/en+=",
        }, CancellationToken.None);

        var sent = Assert.Single(http.Sent);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://inspector2.us-east-1.amazonaws.com/findings/list", sent.Uri.ToString());
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("2020-06-08", sent.Headers["x-amz-api-version"]);
        Assert.Contains(" api/Inspector2#", sent.Headers["User-Agent"]);
        Assert.Matches(new Regex(@"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/us-east-1/inspector2/aws4_request, SignedHeaders=\S*content-type\S*host\S*x-amz-date\S*, Signature=[0-9a-f]{64}$"), sent.Authorization);
        Assert.Matches("^[0-9a-f]{64}$", sent.Headers["x-amz-content-sha256"]);
        AssertJson("""
            {
              "filterCriteria": {
                "severity": [{"comparison":"EQUALS","value":"CRITICAL"},{"comparison":"EQUALS","value":"HIGH"}],
                "findingStatus": [{"comparison":"EQUALS","value":"ACTIVE"}],
                "lastObservedAt": [{"startInclusive":1719792000}],
                "inspectorScore": [{"lowerInclusive":7.5}],
                "epssScore": [{"lowerInclusive":0.1,"upperInclusive":1}],
                "resourceType": [{"comparison":"NOT_EQUALS","value":"AWS_LAMBDA_FUNCTION"}],
                "resourceId": [{"comparison":"EQUALS","value":"i-0abc1234def567890"},{"comparison":"EQUALS","value":"i-0fff0000eeee11112"}],
                "vulnerabilityId": [{"comparison":"PREFIX","value":"CVE-2024-"}],
                "vulnerablePackages": [{"name":{"comparison":"EQUALS","value":"openssh-server"}}]
              },
              "sortCriteria": {"field":"INSPECTOR_SCORE","sortOrder":"DESC"},
              "maxResults": 100,
              "nextToken": "tok/en+="
            }
            """, sent.Body);
    }

    [Fact]
    public async Task An_empty_request_sends_an_empty_object()
    {
        var http = new StubHttp().Respond(HttpStatusCode.OK, "{}");
        using var client = Inspector2TestClients.Create(http);

        var page = await client.ListFindingsAsync(new ListFindingsRequest(), CancellationToken.None);

        Assert.Equal("{}", Assert.Single(http.Sent).Body);
        Assert.Empty(page.Findings);
        Assert.Null(page.NextToken);
    }

    [Fact]
    public async Task Reads_a_realistic_page()
    {
        var http = new StubHttp().Respond(HttpStatusCode.OK, Page);
        using var client = Inspector2TestClients.Create(http);

        var page = await client.ListFindingsAsync(new ListFindingsRequest { MaxResults = 2 }, CancellationToken.None);

        Assert.Equal("page-2-token", page.NextToken);
        Assert.Equal(2, page.Findings.Count);
        var f = page.Findings[0];
        Assert.Equal("arn:aws:inspector2:us-east-1:123456789012:finding/0a1b2c3d4e5f60718293a4b5c6d7e8f9", f.FindingArn);
        Assert.Equal("123456789012", f.AwsAccountId);
        Assert.Equal("PACKAGE_VULNERABILITY", f.Type);
        Assert.Equal("CVE-2024-6387 - openssh-server, openssh-clients", f.Title);
        Assert.StartsWith("A signal handler race", f.Description);
        Assert.Equal("HIGH", f.Severity);
        Assert.Equal("ACTIVE", f.Status);
        Assert.Equal(8.1, f.InspectorScore);
        Assert.Equal(0.38153, f.Epss!.Score);
        Assert.Equal("YES", f.ExploitAvailable);
        Assert.Equal("YES", f.FixAvailable);
        Assert.Equal(new DateTime(2024, 7, 2, 0, 0, 0, 123, DateTimeKind.Utc), f.FirstObservedAt);
        Assert.Equal(DateTimeKind.Utc, f.FirstObservedAt!.Value.Kind);
        Assert.Equal(new DateTime(2024, 7, 4, 0, 0, 0, DateTimeKind.Utc), f.LastObservedAt);
        Assert.Equal(new DateTime(2024, 7, 4, 0, 0, 0, 500, DateTimeKind.Utc), f.UpdatedAt);
        Assert.Equal("None Provided", f.Remediation!.Recommendation!.Text);
        Assert.Equal("https://alas.aws.amazon.com/AL2023/ALAS-2024-652.html", f.Remediation.Recommendation.Url);
        Assert.Equal(new DateTime(2024, 7, 3, 9, 46, 40, DateTimeKind.Utc), f.ExploitabilityDetails!.LastKnownExploitAt);

        var v = f.PackageVulnerabilityDetails!;
        Assert.Equal("CVE-2024-6387", v.VulnerabilityId);
        Assert.Equal("AMAZON_CVE", v.Source);
        Assert.Equal("https://alas.aws.amazon.com/cve/html/CVE-2024-6387.html", v.SourceUrl);
        Assert.Equal("Important", v.VendorSeverity);
        Assert.Equal(new DateTime(2024, 7, 1, 0, 0, 0, DateTimeKind.Utc), v.VendorCreatedAt);
        Assert.Equal(2, v.Cvss.Count);
        Assert.Equal(8.1, v.Cvss[0].BaseScore);
        Assert.Equal("3.1", v.Cvss[0].Version);
        Assert.Equal("NVD", v.Cvss[0].Source);
        Assert.StartsWith("CVSS:3.1/AV:N", v.Cvss[0].ScoringVector);
        Assert.Equal(2, v.ReferenceUrls.Count);
        Assert.Empty(v.RelatedVulnerabilities);
        Assert.Equal(2, v.VulnerablePackages.Count);
        var p = v.VulnerablePackages[0];
        Assert.Equal(("openssh-server", "8.7p1", 0, "8.amzn2023.0.10", "X86_64", "OS"), (p.Name, p.Version, p.Epoch!.Value, p.Release, p.Arch, p.PackageManager));
        Assert.Equal("0:8.7p1-8.amzn2023.0.11", p.FixedInVersion);
        Assert.Equal("dnf update openssh --releasever 2023.5.20240701", p.Remediation);
        Assert.Null(v.VulnerablePackages[1].FixedInVersion);

        var r = Assert.Single(f.Resources);
        Assert.Equal(("AWS_EC2_INSTANCE", "i-0abc1234def567890", "aws", "us-east-1"), (r.Type, r.Id, r.Partition, r.Region));
        Assert.Equal("web", r.Tags!["Patch Group"]);
        var ec2 = r.Details!.AwsEc2Instance!;
        Assert.Equal(("t3.medium", "ami-0123456789abcdef0", "AMAZON_LINUX_2023", "vpc-0a1b2c3d", "subnet-0a1b2c3d"), (ec2.Type, ec2.ImageId, ec2.Platform, ec2.VpcId, ec2.SubnetId));
        Assert.Equal(["10.0.1.15"], ec2.IpV4Addresses!);
        Assert.Equal(new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc), ec2.LaunchedAt);

        // Optional members absent: nulls and empty lists, not failures.
        var g = page.Findings[1];
        Assert.Null(g.Title);
        Assert.Null(g.InspectorScore);
        Assert.Null(g.Epss);
        Assert.Null(g.ExploitAvailable);
        Assert.Null(g.PackageVulnerabilityDetails);
        Assert.Null(g.Remediation!.Recommendation);
        Assert.Null(g.UpdatedAt);
        Assert.Equal("i-0fff0000eeee11112", Assert.Single(g.Resources).Id);
        Assert.Null(g.Resources[0].Details);
    }

    internal static void AssertJson(string expected, string actual)
    {
        // Member order does not matter; names, nesting, values and absent members do.
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(e.RootElement, a.RootElement), $"Expected {JsonSerializer.Serialize(e.RootElement)}\nActual   {actual}");
    }
}
