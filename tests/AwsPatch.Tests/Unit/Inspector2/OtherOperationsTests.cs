using System.Net;
using AwsPatch.Aws.Inspector2;

namespace AwsPatch.Tests.Unit.Inspector2;

public sealed class OtherOperationsTests
{
    [Fact]
    public async Task ListCoverage_posts_its_filter_and_reads_covered_resources()
    {
        var http = new StubHttp().Respond(HttpStatusCode.OK, """
            {
              "coveredResources": [
                { "resourceType": "AWS_EC2_INSTANCE", "resourceId": "i-0abc1234def567890", "accountId": "123456789012", "scanType": "PACKAGE",
                  "scanStatus": { "statusCode": "ACTIVE", "reason": "SUCCESSFUL" },
                  "resourceMetadata": { "ec2": { "tags": { "Environment": "staging" }, "amiId": "ami-0123456789abcdef0", "platform": "LINUX" } },
                  "lastScannedAt": 1720051200, "scanMode": "EC2_SSM_AGENT_BASED" },
                { "resourceType": "AWS_EC2_INSTANCE", "resourceId": "i-0fff0000eeee11112", "accountId": "123456789012", "scanType": "PACKAGE",
                  "scanStatus": { "statusCode": "INACTIVE", "reason": "UNMANAGED_EC2_INSTANCE" } }
              ],
              "nextToken": "c2"
            }
            """);
        using var client = Inspector2TestClients.Create(http);

        var page = await client.ListCoverageAsync(new ListCoverageRequest
        {
            FilterCriteria = new CoverageFilterCriteria
            {
                ResourceId = [StringFilter.EqualTo("i-0abc1234def567890"), StringFilter.EqualTo("i-0fff0000eeee11112")],
                ResourceType = [StringFilter.EqualTo("AWS_EC2_INSTANCE")],
            },
            MaxResults = Inspector2Limits.ListCoverageMaxResults,
        }, CancellationToken.None);

        var sent = Assert.Single(http.Sent);
        Assert.Equal("/coverage/list", sent.Uri.AbsolutePath);
        ListFindingsTests.AssertJson("""
            { "filterCriteria": {
                "resourceId": [{"comparison":"EQUALS","value":"i-0abc1234def567890"},{"comparison":"EQUALS","value":"i-0fff0000eeee11112"}],
                "resourceType": [{"comparison":"EQUALS","value":"AWS_EC2_INSTANCE"}] },
              "maxResults": 200 }
            """, sent.Body);
        Assert.Equal("c2", page.NextToken);
        Assert.Equal(2, page.CoveredResources.Count);
        var active = page.CoveredResources[0];
        Assert.Equal(("AWS_EC2_INSTANCE", "i-0abc1234def567890", "123456789012", "PACKAGE"), (active.ResourceType, active.ResourceId, active.AccountId, active.ScanType));
        Assert.Equal(("ACTIVE", "SUCCESSFUL"), (active.ScanStatus!.StatusCode, active.ScanStatus.Reason));
        Assert.Equal(("ami-0123456789abcdef0", "LINUX", "staging"), (active.ResourceMetadata!.Ec2!.AmiId, active.ResourceMetadata.Ec2.Platform, active.ResourceMetadata.Ec2.Tags!["Environment"]));
        Assert.Equal(new DateTime(2024, 7, 4, 0, 0, 0, DateTimeKind.Utc), active.LastScannedAt);
        Assert.Equal("EC2_SSM_AGENT_BASED", active.ScanMode);
        Assert.Equal("UNMANAGED_EC2_INSTANCE", page.CoveredResources[1].ScanStatus!.Reason);
        Assert.Null(page.CoveredResources[1].ResourceMetadata);
    }

    [Fact]
    public async Task BatchGetFindingDetails_sends_the_arns_and_reads_details_and_errors()
    {
        const string Arn1 = "arn:aws:inspector2:us-east-1:123456789012:finding/0a1b2c3d4e5f60718293a4b5c6d7e8f9";
        const string Arn2 = "arn:aws:inspector2:us-east-1:123456789012:finding/ffeeddccbbaa99887766554433221100";
        var http = new StubHttp().Respond(HttpStatusCode.OK, $$"""
            {
              "findingDetails": [
                { "findingArn": "{{Arn1}}", "cisaData": { "dateAdded": 1720051200, "dateDue": 1721865600, "action": "Apply mitigations per vendor instructions." },
                  "riskScore": 87, "evidences": [ { "evidenceRule": "Exploit-Kit", "evidenceDetail": "Seen in the wild", "severity": "High" } ],
                  "ttps": ["T1190"], "tools": ["metasploit"], "exploitObserved": { "firstSeen": 1719878400, "lastSeen": 1720051200 },
                  "referenceUrls": ["https://nvd.nist.gov/vuln/detail/CVE-2024-6387"], "cwes": ["CWE-362"], "epssScore": 0.38153 }
              ],
              "errors": [ { "findingArn": "{{Arn2}}", "errorCode": "FINDING_DETAILS_NOT_FOUND", "errorMessage": "No details." } ]
            }
            """);
        using var client = Inspector2TestClients.Create(http);

        var result = await client.BatchGetFindingDetailsAsync(new BatchGetFindingDetailsRequest { FindingArns = [Arn1, Arn2] }, CancellationToken.None);

        var sent = Assert.Single(http.Sent);
        Assert.Equal("/findings/details/batch/get", sent.Uri.AbsolutePath);
        ListFindingsTests.AssertJson($$"""{ "findingArns": ["{{Arn1}}", "{{Arn2}}"] }""", sent.Body);
        var detail = Assert.Single(result.FindingDetails);
        Assert.Equal(Arn1, detail.FindingArn);
        Assert.Equal(new DateTime(2024, 7, 25, 0, 0, 0, DateTimeKind.Utc), detail.CisaData!.DateDue);
        Assert.Equal(87, detail.RiskScore);
        Assert.Equal("Exploit-Kit", Assert.Single(detail.Evidences).EvidenceRule);
        Assert.Equal(["T1190"], detail.Ttps);
        Assert.Equal(["metasploit"], detail.Tools);
        Assert.Equal(new DateTime(2024, 7, 4, 0, 0, 0, DateTimeKind.Utc), detail.ExploitObserved!.LastSeen);
        Assert.Equal(["CWE-362"], detail.Cwes);
        Assert.Equal(0.38153, detail.EpssScore);
        var error = Assert.Single(result.Errors);
        Assert.Equal((Arn2, "FINDING_DETAILS_NOT_FOUND", "No details."), (error.FindingArn, error.ErrorCode, error.ErrorMessage));
    }
}
