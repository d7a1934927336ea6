using Amazon;
using AwsPatch.Aws;
using static AwsPatch.Tests.Unit.Session.SessionTestKit;

namespace AwsPatch.Tests.Unit.Session;

public sealed class RegionPrecedenceTests : IDisposable
{
    private const string Credentials = """
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = default-secret

        [dev]
        aws_access_key_id = AKIADEV
        aws_secret_access_key = dev-secret
        """;

    // Regions live in the config file beside the credentials file, as `aws configure` writes them.
    private const string Config = """
        [default]
        region = ca-central-1

        [profile dev]
        region = ap-southeast-2
        """;

    private readonly TempProfiles _profiles = new(Credentials, Config);
    private int _metadataCalls;

    public void Dispose() => _profiles.Dispose();

    private AwsSession Resolve(AwsSessionRequest request, IDictionary<string, string>? env = null, RegionEndpoint? metadata = null) =>
        Resolver(_profiles, env, metadataRegion: () => { _metadataCalls++; return metadata ?? RegionEndpoint.SAEast1; }).Resolve(request);

    private static readonly Dictionary<string, string> BothEnvRegions = new()
    {
        ["AWS_REGION"] = "eu-north-1",
        ["AWS_DEFAULT_REGION"] = "eu-south-1",
    };

    [Fact]
    public void Region_parameter_wins_over_everything()
    {
        var session = Resolve(new AwsSessionRequest { ProfileName = "dev", Region = "us-west-2", StoredRegion = "eu-west-3" }, BothEnvRegions);

        Assert.Same(RegionEndpoint.USWest2, session.Region);
        Assert.Equal("us-west-2", session.RegionName);
        Assert.Equal("-Region", session.RegionSource);
        Assert.Equal(0, _metadataCalls);
    }

    [Fact]
    public void Stored_region_string_wins_over_environment_and_profile()
    {
        var session = Resolve(new AwsSessionRequest { ProfileName = "dev", StoredRegion = "eu-west-3" }, BothEnvRegions);

        Assert.Equal("eu-west-3", session.RegionName);
        Assert.Equal("$StoredAWSRegion", session.RegionSource);
    }

    [Fact]
    public void Stored_region_can_be_a_RegionEndpoint()
    {
        var session = Resolve(new AwsSessionRequest { ProfileName = "dev", StoredRegion = RegionEndpoint.APNortheast1 });

        Assert.Same(RegionEndpoint.APNortheast1, session.Region);
        Assert.Equal("$StoredAWSRegion", session.RegionSource);
    }

    [Fact]
    public void Stored_region_can_be_an_AWSRegion_like_object()
    {
        var session = Resolve(new AwsSessionRequest { ProfileName = "dev", StoredRegion = new { Region = "me-central-1", Name = "Middle East (UAE)" } });

        Assert.Equal("me-central-1", session.RegionName);
    }

    [Fact]
    public void Stored_region_can_be_any_object_whose_ToString_is_a_region()
    {
        var session = Resolve(new AwsSessionRequest { ProfileName = "dev", StoredRegion = new RegionText("il-central-1") });

        Assert.Equal("il-central-1", session.RegionName);
    }

    [Fact]
    public void AWS_REGION_wins_over_AWS_DEFAULT_REGION_and_profile()
    {
        var session = Resolve(new AwsSessionRequest { ProfileName = "dev" }, BothEnvRegions);

        Assert.Equal("eu-north-1", session.RegionName);
        Assert.Equal("AWS_REGION", session.RegionSource);
    }

    [Fact]
    public void AWS_DEFAULT_REGION_wins_over_profile()
    {
        var session = Resolve(new AwsSessionRequest { ProfileName = "dev" }, new Dictionary<string, string> { ["AWS_DEFAULT_REGION"] = "eu-south-1" });

        Assert.Equal("eu-south-1", session.RegionName);
        Assert.Equal("AWS_DEFAULT_REGION", session.RegionSource);
    }

    [Fact]
    public void The_credential_profile_region_wins_over_instance_metadata()
    {
        var session = Resolve(new AwsSessionRequest { ProfileName = "dev" });

        Assert.Equal("ap-southeast-2", session.RegionName);
        Assert.Equal("profile 'dev'", session.RegionSource);
        Assert.Equal(0, _metadataCalls);
    }

    [Fact]
    public void A_stored_profile_name_chooses_the_profile_region()
    {
        var session = Resolve(new AwsSessionRequest { StoredCredentials = "dev" });

        Assert.Equal("ap-southeast-2", session.RegionName);
        Assert.Equal("profile 'dev'", session.RegionSource);
    }

    [Fact]
    public void Without_a_credential_profile_the_AWS_PROFILE_or_default_profile_region_is_used()
    {
        var byKeys = Resolve(new AwsSessionRequest { AccessKey = "AKIAKEYS", SecretKey = "keys-secret" });
        var byEnvProfile = Resolve(new AwsSessionRequest { AccessKey = "AKIAKEYS", SecretKey = "keys-secret" }, new Dictionary<string, string> { ["AWS_PROFILE"] = "dev" });

        Assert.Equal("ca-central-1", byKeys.RegionName);
        Assert.Equal("profile 'default'", byKeys.RegionSource);
        Assert.Equal("ap-southeast-2", byEnvProfile.RegionName);
        Assert.Equal("profile 'dev'", byEnvProfile.RegionSource);
    }

    [Fact]
    public void Instance_metadata_is_the_last_step()
    {
        using var noRegions = new TempProfiles(Credentials);

        var session = Resolver(noRegions, metadataRegion: () => RegionEndpoint.SAEast1)
            .Resolve(new AwsSessionRequest { ProfileName = "dev" });

        Assert.Same(RegionEndpoint.SAEast1, session.Region);
        Assert.Equal("SDK region chain (instance metadata)", session.RegionSource);
    }

    [Fact]
    public void Nothing_anywhere_is_NoRegion_naming_every_option()
    {
        using var noRegions = new TempProfiles(Credentials);

        var error = Fails(() => Resolver(noRegions, metadataRegion: () => null).Resolve(new AwsSessionRequest { ProfileName = "dev" }));

        Assert.Equal(AwsSessionErrorKind.NoRegion, error.Kind);
        Assert.Equal("NoRegion", error.ErrorId);
        foreach (var option in new[] { "-Region", "Set-DefaultAWSRegion", "AWS_REGION", "AWS_DEFAULT_REGION", "profile 'dev'", "~/.aws/config" })
            Assert.Contains(option, error.RecommendedAction);
    }

    [Theory]
    [InlineData("us-east")]
    [InlineData("useast1")]
    [InlineData("us-east-1a")]
    [InlineData("Virginia")]
    [InlineData("us_east_1")]
    public void Unknown_region_names_are_InvalidRegion_and_do_not_fall_through(string name)
    {
        var error = Fails(() => Resolve(new AwsSessionRequest { ProfileName = "dev", Region = name }, BothEnvRegions));

        Assert.Equal(AwsSessionErrorKind.InvalidRegion, error.Kind);
        Assert.Equal("InvalidRegion", error.ErrorId);
        Assert.Contains($"'{name}' from -Region", error.Message);
        Assert.Contains("-Region", error.RecommendedAction);
        Assert.Contains("us-east-1", error.RecommendedAction);
    }

    [Theory]
    [InlineData("AWS_REGION", "AWS_REGION")]
    [InlineData("AWS_DEFAULT_REGION", "AWS_DEFAULT_REGION")]
    public void An_invalid_environment_region_names_the_variable(string variable, string expected)
    {
        var error = Fails(() => Resolve(new AwsSessionRequest { ProfileName = "dev" }, new Dictionary<string, string> { [variable] = "mars-1" }));

        Assert.Equal(AwsSessionErrorKind.InvalidRegion, error.Kind);
        Assert.Contains(expected, error.RecommendedAction);
    }

    [Fact]
    public void An_invalid_stored_region_points_at_Set_DefaultAWSRegion()
    {
        var error = Fails(() => Resolve(new AwsSessionRequest { ProfileName = "dev", StoredRegion = "nowhere" }));

        Assert.Equal(AwsSessionErrorKind.InvalidRegion, error.Kind);
        Assert.Contains("Set-DefaultAWSRegion", error.RecommendedAction);
    }

    [Theory]
    [InlineData("xx-newplace-9")]
    [InlineData("us-gov-west-1")]
    [InlineData("eusc-de-east-1")]
    public void Well_formed_names_work_even_when_newer_than_the_SDK(string name)
    {
        var session = Resolve(new AwsSessionRequest { ProfileName = "dev", Region = name });

        Assert.Equal(name, session.RegionName);
    }

    [Fact]
    public void Region_names_are_case_and_space_insensitive()
    {
        var session = Resolve(new AwsSessionRequest { ProfileName = "dev", Region = " EU-West-1 " });

        Assert.Same(RegionEndpoint.EUWest1, session.Region);
    }

    private sealed class RegionText(string name)
    {
        public override string ToString() => name;
    }
}
