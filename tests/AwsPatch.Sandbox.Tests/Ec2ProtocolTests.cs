using System.Xml.Linq;
using static AwsPatch.Tests.Sandbox.SandboxHttp;

namespace AwsPatch.Tests.Sandbox;

/// <summary>EC2 query protocol over raw HTTP: auth, errors, limits, filters, paging, regions.</summary>
public sealed class Ec2ProtocolTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxHttp _http = new(fixture.Server.Endpoint);

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task MissingAuthorizationIsRejectedWithEc2ErrorXmlAnd403()
    {
        var (status, xml) = await _http.Ec2Async("DescribeInstances", authorization: null);

        Assert.Equal(403, status);
        Assert.Equal("Response", xml.Root!.Name.LocalName);
        Assert.Equal("MissingAuthenticationToken", ErrorCode(xml));
        Assert.False(string.IsNullOrEmpty(xml.Root.Element("RequestID")?.Value));
    }

    [Fact]
    public async Task CredentialScopedToAnotherServiceIsRejected()
    {
        var (status, xml) = await _http.Ec2Async("DescribeInstances", service: "ssm");

        Assert.Equal(403, status);
        Assert.Equal("SignatureDoesNotMatch", ErrorCode(xml));
    }

    [Fact]
    public async Task UnknownActionIsInvalidActionNotA404()
    {
        var (status, xml) = await _http.Ec2Async("DescribeUnicorns");

        Assert.Equal(400, status);
        Assert.Equal("InvalidAction", ErrorCode(xml));
        Assert.Equal("The action DescribeUnicorns is not valid for this web service.", ErrorMessage(xml));
    }

    [Theory]
    [InlineData("DescribeInstances", "4", "InvalidParameterValue", "Value ( 4 ) for parameter maxResults is invalid. Expecting a value greater than 5.")]
    [InlineData("DescribeInstances", "1001", "InvalidParameterValue", null)]
    [InlineData("DescribeInstanceStatus", "2", "InvalidParameterValue", null)]
    [InlineData("DescribeVolumes", "1", "InvalidParameterValue", null)]
    public async Task MaxResultsOutOfRangeIsRejected(string action, string maxResults, string code, string? message)
    {
        var (status, xml) = await _http.Ec2Async(action, [new("MaxResults", maxResults)]);

        Assert.Equal(400, status);
        Assert.Equal(code, ErrorCode(xml));
        if (message is not null) Assert.Equal(message, ErrorMessage(xml));
    }

    [Fact]
    public async Task DescribeVolumesClampsMaxResultsAbove500()
    {
        var (status, xml) = await _http.Ec2Async("DescribeVolumes", [new("MaxResults", "900")]);

        Assert.Equal(200, status);
        Assert.NotEmpty(xml.Descendants(Ec2 + "volumeSet").Elements(Ec2 + "item"));
    }

    [Fact]
    public async Task MaxResultsWithInstanceIdsIsAnInvalidCombination()
    {
        var id = fixture.Server.State.InstancesIn("us-east-1")[0].InstanceId;
        var (status, xml) = await _http.Ec2Async("DescribeInstances", [new("MaxResults", "5"), new("InstanceId.1", id)]);

        Assert.Equal(400, status);
        Assert.Equal("InvalidParameterCombination", ErrorCode(xml));
    }

    [Fact]
    public async Task UnknownIdsFailTheWholeCallNamingEveryMissingId()
    {
        var known = fixture.Server.State.InstancesIn("us-east-1")[0].InstanceId;
        var (status, xml) = await _http.Ec2Async("DescribeInstances",
            [new("InstanceId.1", known), new("InstanceId.2", "i-0000000000000dead"), new("InstanceId.3", "i-0000beef")]);

        Assert.Equal(400, status);
        Assert.Equal("InvalidInstanceID.NotFound", ErrorCode(xml));
        Assert.Equal("The instance IDs 'i-0000000000000dead, i-0000beef' do not exist", ErrorMessage(xml));

        (_, xml) = await _http.Ec2Async("DescribeInstances", [new("InstanceId.1", "i-0000000000000dead")]);
        Assert.Equal("The instance ID 'i-0000000000000dead' does not exist", ErrorMessage(xml));

        (status, xml) = await _http.Ec2Async("DescribeInstances", [new("InstanceId.1", "web-01")]);
        Assert.Equal(400, status);
        Assert.Equal("InvalidInstanceID.Malformed", ErrorCode(xml));
        Assert.Equal("Invalid id: \"web-01\"", ErrorMessage(xml));
    }

    [Fact]
    public async Task SigningRegionSelectsWhichInstancesExist()
    {
        var eu = fixture.Server.State.InstancesIn("eu-west-1").Select(i => i.InstanceId).Order().ToList();
        var us = fixture.Server.State.InstancesIn("us-east-1").Select(i => i.InstanceId).Order().ToList();

        var (_, euXml) = await _http.Ec2Async("DescribeInstances", region: "eu-west-1");
        var (_, usXml) = await _http.Ec2Async("DescribeInstances", region: "us-east-1");
        var (status, wrongRegion) = await _http.Ec2Async("DescribeInstances", [new("InstanceId.1", us[0])], region: "eu-west-1");

        Assert.Equal(eu, InstanceIds(euXml).Order().ToList());
        Assert.Equal(us, InstanceIds(usXml).Order().ToList());
        Assert.Equal(400, status);
        Assert.Equal("InvalidInstanceID.NotFound", ErrorCode(wrongRegion));
    }

    [Fact]
    public async Task FiltersMatchTagsStatesAndPlatformWithWildcards()
    {
        var fleet = fixture.Server.State.InstancesIn("us-east-1");

        var (_, staging) = await _http.Ec2Async("DescribeInstances",
            [new("Filter.1.Name", "tag:Environment"), new("Filter.1.Value.1", "staging"),
             new("Filter.2.Name", "instance-state-name"), new("Filter.2.Value.1", "running")]);
        var (_, windows) = await _http.Ec2Async("DescribeInstances", [new("Filter.1.Name", "platform"), new("Filter.1.Value.1", "windows")]);
        var (_, webProd) = await _http.Ec2Async("DescribeInstances", [new("Filter.1.Name", "tag:Patch Group"), new("Filter.1.Value.1", "web-*")]);

        Assert.Equal(fleet.Where(i => i.Tags["Environment"] == "staging" && i.State == "running").Select(i => i.InstanceId).Order(), InstanceIds(staging).Order());
        Assert.Equal(fleet.Where(i => i.IsWindows).Select(i => i.InstanceId).Order(), InstanceIds(windows).Order());
        Assert.Equal(fleet.Count(i => i.Tags.GetValueOrDefault("Patch Group", "").StartsWith("web-", StringComparison.Ordinal)), InstanceIds(webProd).Count);
    }

    [Fact]
    public async Task UnknownFilterNameIsInvalidParameterValue()
    {
        var (status, xml) = await _http.Ec2Async("DescribeInstances", [new("Filter.1.Name", "colour"), new("Filter.1.Value.1", "blue")]);

        Assert.Equal(400, status);
        Assert.Equal("InvalidParameterValue", ErrorCode(xml));
        Assert.Equal("The filter 'colour' is invalid", ErrorMessage(xml));
    }

    [Fact]
    public async Task LinuxInstancesCarryNoPlatformElement()
    {
        var (_, xml) = await _http.Ec2Async("DescribeInstances");
        var items = xml.Descendants(Ec2 + "instancesSet").Elements(Ec2 + "item").ToList();

        foreach (var item in items)
        {
            var id = item.Element(Ec2 + "instanceId")!.Value;
            var expected = fixture.Server.State.FindInstance(id)!.IsWindows ? "windows" : null;
            Assert.Equal(expected, item.Element(Ec2 + "platform")?.Value);
        }

        Assert.Contains(items, i => i.Element(Ec2 + "platform") is null);
        Assert.Equal("123456789012", xml.Descendants(Ec2 + "ownerId").First().Value);
    }

    [Fact]
    public async Task NextTokenPagesThroughEveryInstanceOnceAndForgedTokensFail()
    {
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var parameters = new List<KeyValuePair<string, string>> { new("MaxResults", "5") };
            if (token is not null) parameters.Add(new("NextToken", token));
            var (status, xml) = await _http.Ec2Async("DescribeInstances", parameters);
            Assert.Equal(200, status);
            var page = InstanceIds(xml);
            Assert.InRange(page.Count, 1, 5);
            seen.AddRange(page);
            token = xml.Root!.Element(Ec2 + "nextToken")?.Value;
            pages++;
        }
        while (token is not null);

        var expected = fixture.Server.State.InstancesIn("us-east-1").Select(i => i.InstanceId).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, seen);
        Assert.Equal((expected.Count + 4) / 5, pages);

        var (badStatus, bad) = await _http.Ec2Async("DescribeInstances", [new("NextToken", "not-a-token")]);
        Assert.Equal(400, badStatus);
        Assert.Equal("InvalidPaginationToken", ErrorCode(bad));
    }

    [Fact]
    public async Task DescribeInstanceStatusListsRunningInstancesUnlessIncludeAll()
    {
        var fleet = fixture.Server.State.InstancesIn("us-east-1");
        static List<string> Ids(XDocument xml) =>
            xml.Descendants(Ec2 + "instanceStatusSet").Elements(Ec2 + "item").Select(i => i.Element(Ec2 + "instanceId")!.Value).ToList();

        var (_, running) = await _http.Ec2Async("DescribeInstanceStatus");
        var (_, all) = await _http.Ec2Async("DescribeInstanceStatus", [new("IncludeAllInstances", "true")]);

        Assert.Equal(fleet.Count(i => i.State == "running"), Ids(running).Count);
        Assert.Equal(fleet.Count, Ids(all).Count);
    }

    [Fact]
    public async Task DescribeVolumesFiltersByAttachedInstance()
    {
        var instance = fixture.Server.State.InstancesIn("us-east-1").First(i => i.Volumes.Count > 1);

        var (_, xml) = await _http.Ec2Async("DescribeVolumes", [new("Filter.1.Name", "attachment.instance-id"), new("Filter.1.Value.1", instance.InstanceId)]);
        var volumes = xml.Descendants(Ec2 + "volumeSet").Elements(Ec2 + "item").ToList();

        Assert.Equal(instance.Volumes.Select(v => v.VolumeId).Order(), volumes.Select(v => v.Element(Ec2 + "volumeId")!.Value).Order());
        Assert.All(volumes, v => Assert.Equal(instance.InstanceId, v.Descendants(Ec2 + "instanceId").Single().Value));

        var (status, missing) = await _http.Ec2Async("DescribeVolumes", [new("VolumeId.1", "vol-0000000000000dead")]);
        Assert.Equal(400, status);
        Assert.Equal("InvalidVolume.NotFound", ErrorCode(missing));
    }
}
