using AwsPatch.Aws;
using static AwsPatch.Tests.Unit.Session.SessionTestKit;

namespace AwsPatch.Tests.Unit.Session;

public sealed class EndpointTests : IDisposable
{
    private readonly TempProfiles _profiles = new();

    public void Dispose() => _profiles.Dispose();

    private AwsSession Resolve(string? parameter, string? environment)
    {
        var env = new Dictionary<string, string>();
        if (environment is not null) env["AWS_ENDPOINT_URL"] = environment;
        return Resolver(_profiles, env).Resolve(new AwsSessionRequest
        {
            Region = "us-east-1",
            AccessKey = "AKIAENDPOINT",
            SecretKey = "endpoint-secret",
            EndpointUrl = parameter,
        });
    }

    [Fact]
    public void EndpointUrl_parameter_wins_over_AWS_ENDPOINT_URL()
    {
        var session = Resolve("http://localhost:4566", "https://env.example.com");

        Assert.Equal(new Uri("http://localhost:4566/"), session.EndpointUrl);
        Assert.Equal("-EndpointUrl", session.EndpointSource);
    }

    [Fact]
    public void AWS_ENDPOINT_URL_is_used_without_the_parameter()
    {
        var session = Resolve(null, "https://env.example.com:8443/base");

        Assert.Equal(new Uri("https://env.example.com:8443/base"), session.EndpointUrl);
        Assert.Equal("AWS_ENDPOINT_URL", session.EndpointSource);
    }

    [Fact]
    public void No_endpoint_anywhere_is_none()
    {
        var session = Resolve(null, null);

        Assert.Null(session.EndpointUrl);
        Assert.Null(session.EndpointSource);
        Assert.DoesNotContain("endpoint", session.ToString());
    }

    [Theory]
    [InlineData("localhost:4566")]
    [InlineData("/relative/path")]
    [InlineData("ftp://files.example.com")]
    [InlineData("not a url")]
    [InlineData("http://user:p4ssw0rd@localhost:4566")]
    public void Invalid_parameter_is_InvalidEndpointUrl(string value)
    {
        var error = Fails(() => Resolve(value, "http://localhost:4566"));

        Assert.Equal(AwsSessionErrorKind.InvalidEndpointUrl, error.Kind);
        Assert.Equal("InvalidEndpointUrl", error.ErrorId);
        Assert.Contains("-EndpointUrl", error.Message);
        Assert.Contains("-EndpointUrl", error.RecommendedAction);
        Assert.DoesNotContain("p4ssw0rd", error.Message + error.RecommendedAction);
    }

    [Fact]
    public void Invalid_environment_value_names_AWS_ENDPOINT_URL()
    {
        var error = Fails(() => Resolve(null, "localhost"));

        Assert.Equal(AwsSessionErrorKind.InvalidEndpointUrl, error.Kind);
        Assert.Contains("AWS_ENDPOINT_URL", error.Message);
        Assert.Contains("AWS_ENDPOINT_URL", error.RecommendedAction);
    }

    [Fact]
    public void ToString_includes_the_endpoint_and_its_source()
    {
        var session = Resolve("http://127.0.0.1:4566", null);

        Assert.Equal("us-east-1 via -Region; credentials from -AccessKey/-SecretKey; endpoint http://127.0.0.1:4566/ via -EndpointUrl", session.ToString());
    }
}
