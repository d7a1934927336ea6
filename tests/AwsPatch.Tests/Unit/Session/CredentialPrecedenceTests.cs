using Amazon.Runtime;
using AwsPatch.Aws;
using static AwsPatch.Tests.Unit.Session.SessionTestKit;

namespace AwsPatch.Tests.Unit.Session;

public sealed class CredentialPrecedenceTests : IDisposable
{
    // Every profile carries a distinct access key id so a test can tell which one was loaded.
    private const string Files = """
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = default-secret

        [dev]
        aws_access_key_id = AKIADEV
        aws_secret_access_key = dev-secret

        [ops]
        aws_access_key_id = AKIAOPS
        aws_secret_access_key = ops-secret
        aws_session_token = ops-token

        [regiononly]
        region = eu-west-1
        """;

    private readonly TempProfiles _profiles = new(Files);
    private readonly BasicAWSCredentials _credentialParameter = new("AKIAPARAMOBJECT", "param-secret");
    private readonly BasicAWSCredentials _storedObject = new("AKIASTOREDOBJECT", "stored-secret");
    private readonly Dictionary<string, string> _envKeys = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIAENVIRONMENT",
        ["AWS_SECRET_ACCESS_KEY"] = "env-secret",
        ["AWS_PROFILE"] = "ops",
    };

    private int _hostCalls;

    public void Dispose() => _profiles.Dispose();

    private Func<HostCredentials?> Host(string accessKey = "AKIAHOST") => () =>
    {
        _hostCalls++;
        return new HostCredentials(new BasicAWSCredentials(accessKey, "host-secret"), "SDK default chain: EC2 instance profile (instance metadata)");
    };

    private AwsSession Resolve(AwsSessionRequest request, IDictionary<string, string>? env = null, Func<HostCredentials?>? host = null) =>
        Resolver(_profiles, env, host ?? Host()).Resolve(request);

    private AwsSessionRequest Everything(string? accessKey = AccessKey, string? secretKey = SecretKey) => new()
    {
        Region = "us-east-1",
        AccessKey = accessKey,
        SecretKey = secretKey,
        ProfileName = "dev",
        Credential = _credentialParameter,
        StoredCredentials = _storedObject,
    };

    [Fact]
    public void Keys_win_over_every_other_source()
    {
        var session = Resolve(Everything(), _envKeys);

        Assert.IsType<BasicAWSCredentials>(session.Credentials);
        Assert.Equal(AccessKey, AccessKeyOf(session.Credentials));
        Assert.Equal("-AccessKey/-SecretKey", session.CredentialSource);
        Assert.Equal(0, _hostCalls);
    }

    [Fact]
    public void Keys_with_a_session_token_give_session_credentials()
    {
        var session = Resolve(new AwsSessionRequest { Region = "us-east-1", AccessKey = AccessKey, SecretKey = SecretKey, SessionToken = SessionToken, ProfileName = "dev" });

        var immutable = session.Credentials.GetCredentials();
        Assert.IsType<SessionAWSCredentials>(session.Credentials);
        Assert.Equal(SessionToken, immutable.Token);
        Assert.Equal("-AccessKey/-SecretKey/-SessionToken", session.CredentialSource);
    }

    [Fact]
    public void ProfileName_wins_over_credential_stored_and_environment()
    {
        var session = Resolve(Everything(accessKey: null, secretKey: null), _envKeys);

        Assert.Equal("AKIADEV", AccessKeyOf(session.Credentials));
        Assert.Equal("-ProfileName 'dev'", session.CredentialSource);
    }

    [Fact]
    public void ProfileName_honours_ProfileLocation()
    {
        using var elsewhere = new TempProfiles("""
            [dev]
            aws_access_key_id = AKIAELSEWHERE
            aws_secret_access_key = elsewhere-secret
            """);

        var session = Resolve(new AwsSessionRequest { Region = "us-east-1", ProfileName = "dev", ProfileLocation = elsewhere.CredentialsPath });

        Assert.Equal("AKIAELSEWHERE", AccessKeyOf(session.Credentials));
    }

    [Fact]
    public void Missing_ProfileName_is_terminating_and_never_falls_through()
    {
        var request = new AwsSessionRequest { Region = "us-east-1", ProfileName = "nosuch", Credential = _credentialParameter, StoredCredentials = _storedObject };

        var error = Fails(() => Resolve(request, _envKeys));

        Assert.Equal(AwsSessionErrorKind.ProfileNotFound, error.Kind);
        Assert.Equal("ProfileNotFound", error.ErrorId);
        Assert.Contains("'nosuch'", error.Message);
        Assert.Contains(_profiles.CredentialsPath, error.Message);
        Assert.Contains("-ProfileName", error.RecommendedAction);
        Assert.Contains("-ProfileLocation", error.RecommendedAction);
        Assert.Equal(0, _hostCalls);
    }

    [Fact]
    public void ProfileName_in_a_missing_ProfileLocation_is_ProfileNotFound()
    {
        var missing = Path.Combine(_profiles.Directory, "no-such-dir", "credentials");

        var error = Fails(() => Resolve(new AwsSessionRequest { Region = "us-east-1", ProfileName = "dev", ProfileLocation = missing }, _envKeys));

        Assert.Equal(AwsSessionErrorKind.ProfileNotFound, error.Kind);
        Assert.Contains(missing, error.Message);
        Assert.Equal(0, _hostCalls);
    }

    [Fact]
    public void ProfileName_without_credentials_is_ProfileNotFound()
    {
        var error = Fails(() => Resolve(new AwsSessionRequest { Region = "us-east-1", ProfileName = "regiononly" }, _envKeys));

        Assert.Equal(AwsSessionErrorKind.ProfileNotFound, error.Kind);
        Assert.Contains("no usable credentials", error.Message);
    }

    [Fact]
    public void Credential_wins_over_stored_and_environment()
    {
        var session = Resolve(new AwsSessionRequest { Region = "us-east-1", Credential = _credentialParameter, StoredCredentials = _storedObject }, _envKeys);

        Assert.Same(_credentialParameter, session.Credentials);
        Assert.Equal("-Credential", session.CredentialSource);
    }

    [Fact]
    public void Stored_credentials_object_wins_over_environment()
    {
        var session = Resolve(new AwsSessionRequest { Region = "us-east-1", StoredCredentials = _storedObject }, _envKeys);

        Assert.Same(_storedObject, session.Credentials);
        Assert.Equal("$StoredAWSCredentials", session.CredentialSource);
    }

    [Fact]
    public void Stored_profile_name_loads_that_profile()
    {
        var session = Resolve(new AwsSessionRequest { Region = "us-east-1", StoredCredentials = "dev" }, _envKeys);

        Assert.Equal("AKIADEV", AccessKeyOf(session.Credentials));
        Assert.Equal("$StoredAWSCredentials (profile 'dev')", session.CredentialSource);
    }

    [Fact]
    public void Stored_AWSPSCredentials_shape_gives_its_credentials_and_profile()
    {
        var stored = new FakeAwsPsCredentials(_storedObject, "dev", FakeCredentialsSource.Saved);

        var session = Resolve(new AwsSessionRequest { Region = "us-east-1", StoredCredentials = stored }, _envKeys);

        Assert.Same(_storedObject, session.Credentials);
        Assert.Equal("$StoredAWSCredentials (profile 'dev')", session.CredentialSource);
    }

    [Fact]
    public void Missing_stored_profile_is_terminating()
    {
        var error = Fails(() => Resolve(new AwsSessionRequest { Region = "us-east-1", StoredCredentials = "gone" }, _envKeys));

        Assert.Equal(AwsSessionErrorKind.ProfileNotFound, error.Kind);
        Assert.Contains("$StoredAWSCredentials", error.Message);
        Assert.Contains("Set-AWSCredential", error.RecommendedAction);
        Assert.Equal(0, _hostCalls);
    }

    [Fact]
    public void Environment_keys_win_over_AWS_PROFILE_default_profile_and_host()
    {
        var session = Resolve(new AwsSessionRequest { Region = "us-east-1" }, _envKeys);

        Assert.Equal("AKIAENVIRONMENT", AccessKeyOf(session.Credentials));
        Assert.Equal("environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", session.CredentialSource);
        Assert.Equal(0, _hostCalls);
    }

    [Fact]
    public void Environment_session_token_is_used()
    {
        var env = new Dictionary<string, string>(_envKeys) { ["AWS_SESSION_TOKEN"] = "env-token" };

        var session = Resolve(new AwsSessionRequest { Region = "us-east-1" }, env);

        Assert.Equal("env-token", session.Credentials.GetCredentials().Token);
        Assert.EndsWith("/AWS_SESSION_TOKEN", session.CredentialSource);
    }

    [Fact]
    public void Half_environment_keys_are_skipped_like_the_SDK_does()
    {
        var env = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIAHALF" };

        var session = Resolve(new AwsSessionRequest { Region = "us-east-1" }, env);

        Assert.Equal("AKIADEFAULT", AccessKeyOf(session.Credentials));
    }

    [Fact]
    public void AWS_PROFILE_wins_over_default_profile_and_host()
    {
        var env = new Dictionary<string, string> { ["AWS_PROFILE"] = "ops" };

        var session = Resolve(new AwsSessionRequest { Region = "us-east-1" }, env);

        Assert.Equal("AKIAOPS", AccessKeyOf(session.Credentials));
        Assert.Equal("ops-token", session.Credentials.GetCredentials().Token);
        Assert.Equal("profile 'ops' (AWS_PROFILE)", session.CredentialSource);
        Assert.Equal(0, _hostCalls);
    }

    [Fact]
    public void Missing_AWS_PROFILE_is_terminating_like_the_SDK_chain()
    {
        var env = new Dictionary<string, string> { ["AWS_PROFILE"] = "typo" };

        var error = Fails(() => Resolve(new AwsSessionRequest { Region = "us-east-1" }, env));

        Assert.Equal(AwsSessionErrorKind.ProfileNotFound, error.Kind);
        Assert.Contains("AWS_PROFILE", error.Message);
        Assert.Contains("AWS_PROFILE", error.RecommendedAction);
        Assert.Equal(0, _hostCalls);
    }

    [Fact]
    public void Default_profile_wins_over_host()
    {
        var session = Resolve(new AwsSessionRequest { Region = "us-east-1" });

        Assert.Equal("AKIADEFAULT", AccessKeyOf(session.Credentials));
        Assert.Equal("profile 'default'", session.CredentialSource);
        Assert.Equal(0, _hostCalls);
    }

    [Fact]
    public void Host_chain_is_the_last_step()
    {
        using var empty = new TempProfiles();

        var session = Resolver(empty, host: Host()).Resolve(new AwsSessionRequest { Region = "us-east-1" });

        Assert.Equal("AKIAHOST", AccessKeyOf(session.Credentials));
        Assert.Equal("SDK default chain: EC2 instance profile (instance metadata)", session.CredentialSource);
        Assert.Equal(1, _hostCalls);
    }

    [Fact]
    public void Web_identity_environment_asks_the_SDK_chain_before_profiles()
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/var/run/secrets/token",
            ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/patcher",
        };

        var session = Resolve(new AwsSessionRequest { Region = "us-east-1" }, env, Host("AKIAWEBIDENTITY"));

        Assert.Equal("AKIAWEBIDENTITY", AccessKeyOf(session.Credentials));
        Assert.Equal(1, _hostCalls);
    }

    [Fact]
    public void Nothing_anywhere_is_NoCredentials_naming_every_option()
    {
        using var empty = new TempProfiles();

        var error = Fails(() => Resolver(empty, host: () => null).Resolve(new AwsSessionRequest { Region = "us-east-1" }));

        Assert.Equal(AwsSessionErrorKind.NoCredentials, error.Kind);
        Assert.Equal("NoCredentials", error.ErrorId);
        foreach (var option in new[] { "-ProfileName", "-ProfileLocation", "-AccessKey/-SecretKey", "-SessionToken", "-Credential", "Set-AWSCredential", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "~/.aws/credentials" })
            Assert.Contains(option, error.RecommendedAction);
    }

    [Theory]
    [InlineData(AccessKey, null, null, "-AccessKey was given without -SecretKey")]
    [InlineData(null, SecretKey, null, "-SecretKey was given without -AccessKey")]
    [InlineData(AccessKey, null, SessionToken, "-AccessKey was given without -SecretKey")]
    [InlineData(null, null, SessionToken, "-SessionToken was given without -AccessKey and -SecretKey")]
    public void Incomplete_keys_are_terminating_even_with_other_sources(string? accessKey, string? secretKey, string? token, string expected)
    {
        var request = new AwsSessionRequest
        {
            Region = "us-east-1",
            AccessKey = accessKey,
            SecretKey = secretKey,
            SessionToken = token,
            ProfileName = "dev",
            Credential = _credentialParameter,
        };

        var error = Fails(() => Resolve(request, _envKeys));

        Assert.Equal(AwsSessionErrorKind.IncompleteKeys, error.Kind);
        Assert.Equal("IncompleteKeys", error.ErrorId);
        Assert.StartsWith(expected, error.Message);
        Assert.Contains("-AccessKey", error.RecommendedAction);
        Assert.Contains("-SecretKey", error.RecommendedAction);
    }
}
