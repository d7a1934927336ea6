using System.Text.Json;

namespace AwsPatch.Tests.Sandbox;

/// <summary>Systems Manager JSON 1.1 over raw HTTP: auth, errors, limits, filters, paging, regions.</summary>
public sealed class SsmProtocolTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxHttp _http = new(fixture.Server.Endpoint);

    public void Dispose() => _http.Dispose();

    private static string Type(JsonElement json) => json.GetProperty("__type").GetString()!;

    private static List<string> Ids(JsonElement json) =>
        json.GetProperty("InstanceInformationList").EnumerateArray().Select(i => i.GetProperty("InstanceId").GetString()!).ToList();

    /// <summary>What DescribeInstanceInformation lists: managed instances, never stopped ones (its API reference).</summary>
    private IEnumerable<SandboxInstanceView> Managed(string region) => fixture.Server.State.InstancesIn(region)
        .Where(i => i.Ssm is not null && i.State != "stopped").Select(i => new SandboxInstanceView(i.InstanceId, i.Ssm!.PingStatus, i.Ssm.PlatformType, i.Tags));

    private sealed record SandboxInstanceView(string Id, string Ping, string Platform, IReadOnlyDictionary<string, string> Tags);

    [Fact]
    public async Task MissingAuthorizationIsMissingAuthenticationTokenException403()
    {
        var (status, json) = await _http.SsmAsync("DescribeInstanceInformation", authorization: null);

        Assert.Equal(403, status);
        Assert.Equal("MissingAuthenticationTokenException", Type(json));
    }

    [Fact]
    public async Task UnknownTargetIsUnknownOperationException()
    {
        var (status, json) = await _http.SsmAsync("DescribeUnicorns");

        Assert.Equal(400, status);
        Assert.Equal("UnknownOperationException", Type(json));
    }

    [Fact]
    public async Task CredentialScopedToEc2IsRejected()
    {
        var (status, json) = await _http.SsmAsync("DescribeInstanceInformation", service: "ec2");

        Assert.Equal(400, status);
        Assert.Equal("InvalidSignatureException", Type(json));
    }

    [Theory]
    [InlineData(4, "Member must have value greater than or equal to 5")]
    [InlineData(51, "Member must have value less than or equal to 50")]
    public async Task MaxResultsOutsideFiveToFiftyIsAValidationException(int maxResults, string constraint)
    {
        var (status, json) = await _http.SsmAsync("DescribeInstanceInformation", new { MaxResults = maxResults });

        Assert.Equal(400, status);
        Assert.Equal("ValidationException", Type(json));
        Assert.Equal($"1 validation error detected: Value '{maxResults}' at 'maxResults' failed to satisfy constraint: {constraint}",
            json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task OnlyManagedInstancesOfTheSigningRegionAppear()
    {
        var (_, us) = await _http.SsmAsync("DescribeInstanceInformation", new { MaxResults = 50 });
        var (_, eu) = await _http.SsmAsync("DescribeInstanceInformation", new { MaxResults = 50 }, region: "eu-west-1");

        Assert.Equal(Managed("us-east-1").Select(i => i.Id).Order(), Ids(us).Order());
        Assert.Equal(Managed("eu-west-1").Select(i => i.Id).Order(), Ids(eu).Order());
        Assert.True(Managed("us-east-1").Count() < fixture.Server.State.InstancesIn("us-east-1").Count, "the fleet has unmanaged instances");

        var first = us.GetProperty("InstanceInformationList")[0];
        Assert.Equal(JsonValueKind.Number, first.GetProperty("LastPingDateTime").ValueKind);
        Assert.Equal("EC2Instance", first.GetProperty("ResourceType").GetString());
    }

    [Fact]
    public async Task FiltersSelectByTagPingStatusAndPlatform()
    {
        var (_, lost) = await _http.SsmAsync("DescribeInstanceInformation",
            new { Filters = new[] { new { Key = "PingStatus", Values = new[] { "ConnectionLost" } } }, MaxResults = 50 });
        var (_, windowsProd) = await _http.SsmAsync("DescribeInstanceInformation", new
        {
            Filters = new[]
            {
                new { Key = "PlatformTypes", Values = new[] { "Windows" } },
                new { Key = "tag:Environment", Values = new[] { "production" } },
            },
            MaxResults = 50,
        });
        var (_, legacy) = await _http.SsmAsync("DescribeInstanceInformation",
            new { InstanceInformationFilterList = new[] { new { key = "PingStatus", valueSet = new[] { "Online" } } }, MaxResults = 50 });

        Assert.Equal(Managed("us-east-1").Where(i => i.Ping == "ConnectionLost").Select(i => i.Id).Order(), Ids(lost).Order());
        Assert.Equal(Managed("us-east-1").Where(i => i.Platform == "Windows" && i.Tags["Environment"] == "production").Select(i => i.Id).Order(),
            Ids(windowsProd).Order());
        Assert.Equal(Managed("us-east-1").Count(i => i.Ping == "Online"), Ids(legacy).Count);
    }

    [Fact]
    public async Task FilterMistakesGetTheModelledErrors()
    {
        var (_, both) = await _http.SsmAsync("DescribeInstanceInformation", new
        {
            Filters = new[] { new { Key = "PingStatus", Values = new[] { "Online" } } },
            InstanceInformationFilterList = new[] { new { key = "PingStatus", valueSet = new[] { "Online" } } },
        });
        var (_, badKey) = await _http.SsmAsync("DescribeInstanceInformation",
            new { Filters = new[] { new { Key = "Colour", Values = new[] { "blue" } } } });
        var (_, badValue) = await _http.SsmAsync("DescribeInstanceInformation",
            new { Filters = new[] { new { Key = "PingStatus", Values = new[] { "Sleepy" } } } });

        Assert.Equal("InvalidInstanceInformationFilterValue", Type(both));
        Assert.Equal("InvalidFilterKey", Type(badKey));
        Assert.Equal("InvalidInstanceInformationFilterValue", Type(badValue));
    }

    [Fact]
    public async Task NextTokenPagesThroughEveryManagedInstanceOnce()
    {
        var seen = new List<string>();
        string? token = null;
        do
        {
            var (status, json) = await _http.SsmAsync("DescribeInstanceInformation",
                token is null ? new { MaxResults = 5 } : new { MaxResults = 5, NextToken = token });
            Assert.Equal(200, status);
            seen.AddRange(Ids(json));
            token = json.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(Managed("us-east-1").Select(i => i.Id).Order(StringComparer.Ordinal), seen);

        var (badStatus, bad) = await _http.SsmAsync("DescribeInstanceInformation", new { NextToken = "forged" });
        Assert.Equal(400, badStatus);
        Assert.Equal("InvalidNextToken", Type(bad));
    }
}
