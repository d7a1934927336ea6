using System.Net;
using Amazon;
using Amazon.Runtime.Endpoints;
using AwsPatch.Aws;
using AwsPatch.Aws.Inspector2;

namespace AwsPatch.Tests.Unit.Inspector2;

public sealed class EndpointTests
{
    [Theory]
    [InlineData("us-east-1", false, "https://inspector2.us-east-1.amazonaws.com/")]
    [InlineData("eu-central-1", false, "https://inspector2.eu-central-1.amazonaws.com/")]
    [InlineData("cn-northwest-1", false, "https://inspector2.cn-northwest-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", true, "https://inspector2-fips.us-gov-west-1.amazonaws.com/")]
    public void Region_endpoints_follow_the_partition(string region, bool fips, string expected)
    {
        var session = TestSessions.Resolve(region);
        var config = Inspector2ClientFactory.CreateConfig(session);
        config.UseFIPSEndpoint = fips;

        var endpoint = config.DetermineServiceOperationEndpoint(new ServiceOperationEndpointParameters(new Aws.Inspector2.Internal.Inspector2WebRequests.ListFindingsRequest(new ListFindingsRequest())));

        Assert.Equal(expected, endpoint.URL);
    }

    [Fact]
    public async Task Endpoint_url_is_the_service_url_and_the_session_region_signs()
    {
        var http = new StubHttp().Respond(HttpStatusCode.OK, """{"coveredResources":[]}""");
        var session = TestSessions.Resolve("eu-west-2", "http://127.0.0.1:50123/");
        using var client = Inspector2TestClients.Create(http, session);

        await client.ListCoverageAsync(new ListCoverageRequest(), CancellationToken.None);

        var sent = Assert.Single(http.Sent);
        Assert.Equal("http://127.0.0.1:50123/coverage/list", sent.Uri.ToString());
        Assert.Contains("Credential=AKIDEXAMPLE/", sent.Authorization);
        Assert.Contains("/eu-west-2/inspector2/aws4_request", sent.Authorization);
    }
}
