using System.Globalization;
using System.Net.Http.Headers;
using static AwsPatch.Tests.Sandbox.SandboxHttp;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// EC2's filter limit (200 filter values in one call, counted over every filter of the call) on every Describe* action
/// that takes filters, and the service time every answer carries in its Date header.
/// </summary>
public sealed class Ec2FilterLimitTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxHttp _http = new(fixture.Server.Endpoint);

    public void Dispose() => _http.Dispose();

    /// <summary><paramref name="first"/> values of one filter and <paramref name="second"/> of another, on the wire.</summary>
    private static List<KeyValuePair<string, string>> Filters(string firstName, int first, string secondName, int second)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("Filter.1.Name", firstName), new("Filter.2.Name", secondName) };
        for (var n = 1; n <= first; n++)
            parameters.Add(new($"Filter.1.Value.{n}", $"value-{n}"));
        for (var n = 1; n <= second; n++)
            parameters.Add(new($"Filter.2.Value.{n}", $"other-{n}"));
        return parameters;
    }

    [Theory]
    [InlineData("DescribeInstances", "instance-id", "tag-key")]
    [InlineData("DescribeInstanceStatus", "availability-zone", "instance-state-name")]
    [InlineData("DescribeSnapshots", "tag:AwsPatch:InstanceId", "tag-key")]
    [InlineData("DescribeImages", "block-device-mapping.snapshot-id", "tag-key")]
    [InlineData("DescribeVolumes", "attachment.instance-id", "tag-key")]
    [InlineData("DescribeReplaceRootVolumeTasks", "instance-id", "instance-id")]
    public async Task More_than_200_values_over_all_filters_of_a_call_is_FilterLimitExceeded(string action, string filter, string other)
    {
        var (overStatus, over) = await _http.Ec2Async(action, Filters(filter, 200, other, 1));
        var (atStatus, at) = await _http.Ec2Async(action, Filters(filter, 199, other, 1));

        Assert.Equal(400, overStatus);
        Assert.Equal("Response", over.Root!.Name.LocalName);
        Assert.Equal("FilterLimitExceeded", ErrorCode(over));
        Assert.Equal("The maximum number of filter values specified on a single call is 200", ErrorMessage(over));
        Assert.False(string.IsNullOrEmpty(over.Root.Element("RequestID")?.Value));
        Assert.True(atStatus == 200, at.ToString());
    }

    [Fact]
    public async Task Instance_ids_outside_the_filters_do_not_count()
    {
        var ids = fixture.Server.State.InstancesIn("us-east-1").Take(5).Select(i => i.InstanceId).ToList();
        var parameters = Filters("tag-key", 200, "tag-value", 0).Where(p => p.Key != "Filter.2.Name").ToList();
        parameters.AddRange(ids.Select((id, n) => new KeyValuePair<string, string>($"InstanceId.{n + 1}", id)));

        var (status, xml) = await _http.Ec2Async("DescribeInstances", parameters);

        Assert.True(status == 200, xml.ToString());
    }

    [SkippableFact]
    public async Task The_AWS_CLI_reads_the_limit_error_as_EC2s()
    {
        AwsCli.Require();
        var values = string.Join(",", Enumerable.Range(1, 200).Select(n => $"i-{n:x17}"));

        var result = await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            "ec2", "describe-snapshots", "--owner-ids", "self", "--filters", "Name=tag-key,Values=AwsPatch:RunId", $"Name=tag:AwsPatch:InstanceId,Values={values}");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("An error occurred (FilterLimitExceeded) when calling the DescribeSnapshots operation", result.Stderr);
        Assert.Contains("The maximum number of filter values specified on a single call is 200", result.Stderr);
    }

    [Fact]
    public async Task Every_answer_is_dated_with_the_sandbox_clock_on_every_protocol_errors_too()
    {
        await using var server = await AwsPatch.Sandbox.SandboxServer.StartAsync(new AwsPatch.Sandbox.SandboxOptions { AccessKeys = TestKeys.All, ClockStart = DateTime.UtcNow.AddDays(-3) });
        server.Clock.Advance(TimeSpan.FromSeconds(42));
        var expected = server.Clock.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        using var http = SignedClient(server.Endpoint);

        var ec2 = await http.SendAsync(Signed(HttpMethod.Post, "/", new FormUrlEncodedContent([new("Action", "DescribeInstances"), new("Version", "2016-11-15")]), "ec2"));
        var ec2Error = await http.SendAsync(Signed(HttpMethod.Post, "/", new FormUrlEncodedContent([new("Action", "DescribeUnicorns"), new("Version", "2016-11-15")]), "ec2"));
        var ssmRequest = Signed(HttpMethod.Post, "/", Json("{}", "application/x-amz-json-1.1"), "ssm");
        ssmRequest.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSSM.DescribeInstanceInformation");
        var ssm = await http.SendAsync(ssmRequest);
        var inspector = await http.SendAsync(Signed(HttpMethod.Post, "/findings/list", Json("{}", "application/json"), "inspector2"));

        Assert.Equal(200, (int)ec2.StatusCode);
        Assert.Equal(400, (int)ec2Error.StatusCode);
        Assert.Equal(200, (int)ssm.StatusCode);
        Assert.Equal(200, (int)inspector.StatusCode);
        Assert.All(new[] { ec2, ec2Error, ssm, inspector }, response => Assert.Equal(expected, response.Headers.GetValues("Date").Single()));
    }

    private static HttpRequestMessage Signed(HttpMethod method, string path, HttpContent content, string service)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Options.Set(SigningHandler.Service, service);
        return request;
    }

    private static StringContent Json(string body, string mediaType)
    {
        var content = new StringContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }
}
