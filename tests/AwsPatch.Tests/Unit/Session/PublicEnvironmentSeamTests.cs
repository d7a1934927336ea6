using System.Diagnostics;
using AwsPatch.Aws;

namespace AwsPatch.Tests.Unit.Session;

/// <summary>
/// The public environment-seam constructor keeps the real SDK chains but, with AWS_EC2_METADATA_DISABLED=true and
/// no container/web identity variables, answers without any network call.
/// </summary>
public sealed class PublicEnvironmentSeamTests : IDisposable
{
    private readonly TempProfiles _profiles = new();

    public void Dispose() => _profiles.Dispose();

    private AwsSessionResolver Resolver(params (string Name, string Value)[] extra)
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_SHARED_CREDENTIALS_FILE"] = _profiles.CredentialsPath,
        };
        foreach (var (name, value) in extra) env[name] = value;
        return new AwsSessionResolver(name => env.TryGetValue(name, out var value) ? value : null);
    }

    [Fact]
    public void Resolves_from_seam_variables()
    {
        var session = Resolver(
                ("AWS_ACCESS_KEY_ID", "AKIASEAM"),
                ("AWS_SECRET_ACCESS_KEY", "seam-secret"),
                ("AWS_DEFAULT_REGION", "eu-central-1"),
                ("AWS_ENDPOINT_URL", "http://localhost:4566"))
            .Resolve(new AwsSessionRequest());

        Assert.Equal("eu-central-1 via AWS_DEFAULT_REGION; credentials from environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; endpoint http://localhost:4566/ via AWS_ENDPOINT_URL", session.ToString());
    }

    [Fact]
    public void Metadata_disabled_means_NoCredentials()
    {
        var error = Assert.Throws<AwsSessionException>(() => Resolver().Resolve(new AwsSessionRequest { Region = "us-east-1" }));

        Assert.Equal(AwsSessionErrorKind.NoCredentials, error.Kind);
    }

    [Fact]
    public void Metadata_disabled_means_NoRegion()
    {
        var error = Assert.Throws<AwsSessionException>(() => Resolver().Resolve(new AwsSessionRequest { AccessKey = "AKIASEAM", SecretKey = "seam-secret" }));

        Assert.Equal(AwsSessionErrorKind.NoRegion, error.Kind);
    }
}
