using Amazon.Runtime;
using AwsPatch.Aws;
using static AwsPatch.Tests.Unit.Session.SessionTestKit;

namespace AwsPatch.Tests.Unit.Session;

/// <summary>Every text a session, request or session error produces, on every path, is free of key material.</summary>
public sealed class NoSecretLeakTests : IDisposable
{
    private readonly TempProfiles _profiles = new(
        $"""
        [leaky]
        aws_access_key_id = {AccessKey}
        aws_secret_access_key = {SecretKey}
        aws_session_token = {SessionToken}
        """,
        """
        [profile leaky]
        region = eu-west-1
        """);

    public void Dispose() => _profiles.Dispose();

    public static TheoryData<string> Scenarios() => new()
    {
        "keys", "keys+token", "access-key-only", "secret-key-only", "token-only", "profile", "env-keys",
        "stored-object", "stored-awspscredentials", "credential", "no-region", "invalid-region",
        "invalid-endpoint", "endpoint-with-password", "no-credentials", "missing-profile", "host",
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void No_text_contains_a_key_secret_or_token(string scenario)
    {
        var secretCredentials = new SessionAWSCredentials(AccessKey, SecretKey, SessionToken);
        var env = new Dictionary<string, string>();
        var request = new AwsSessionRequest { Region = "us-east-1" };
        Func<HostCredentials?> host = () => null;
        switch (scenario)
        {
            case "keys": request = new() { Region = "us-east-1", AccessKey = AccessKey, SecretKey = SecretKey }; break;
            case "keys+token": request = new() { Region = "us-east-1", AccessKey = AccessKey, SecretKey = SecretKey, SessionToken = SessionToken }; break;
            case "access-key-only": request = new() { Region = "us-east-1", AccessKey = AccessKey, SessionToken = SessionToken }; break;
            case "secret-key-only": request = new() { Region = "us-east-1", SecretKey = SecretKey }; break;
            case "token-only": request = new() { Region = "us-east-1", SessionToken = SessionToken }; break;
            case "profile": request = new() { ProfileName = "leaky" }; break;
            case "env-keys":
                env["AWS_ACCESS_KEY_ID"] = AccessKey;
                env["AWS_SECRET_ACCESS_KEY"] = SecretKey;
                env["AWS_SESSION_TOKEN"] = SessionToken;
                break;
            case "stored-object": request = new() { Region = "us-east-1", StoredCredentials = secretCredentials }; break;
            case "stored-awspscredentials":
                request = new() { Region = "us-east-1", StoredCredentials = new FakeAwsPsCredentials(secretCredentials, "Supplied Key Parameters", FakeCredentialsSource.Strings) };
                break;
            case "credential": request = new() { Region = "us-east-1", Credential = secretCredentials }; break;
            case "no-region": request = new() { AccessKey = AccessKey, SecretKey = SecretKey, SessionToken = SessionToken }; break;
            case "invalid-region": request = new() { Region = "nowhere", AccessKey = AccessKey, SecretKey = SecretKey }; break;
            case "invalid-endpoint": request = new() { Region = "us-east-1", AccessKey = AccessKey, SecretKey = SecretKey, EndpointUrl = "not a url " + SecretKey }; break;
            case "endpoint-with-password":
                request = new() { Region = "us-east-1", AccessKey = AccessKey, SecretKey = SecretKey, EndpointUrl = $"http://{AccessKey}:{Uri.EscapeDataString(SecretKey)}@localhost:4566" };
                break;
            case "no-credentials": break;
            case "missing-profile": request = new() { Region = "us-east-1", ProfileName = "absent", AccessKey = null, Credential = secretCredentials }; break;
            case "host": host = () => new HostCredentials(secretCredentials, "SDK default chain: EC2 instance profile (instance metadata)"); break;
            default: throw new ArgumentOutOfRangeException(nameof(scenario));
        }

        var texts = new List<string> { request.ToString() };
        try
        {
            var session = Resolver(_profiles, env, host, metadataRegion: () => null).Resolve(request);
            texts.AddRange([session.ToString(), session.CredentialSource, session.RegionSource, session.EndpointSource ?? string.Empty]);
        }
        catch (AwsSessionException error)
        {
            texts.AddRange([error.Message, error.RecommendedAction, error.ErrorId, error.ToString()]);
        }

        foreach (var text in texts)
            foreach (var secret in Secrets.Concat([Uri.EscapeDataString(SecretKey)]))
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
    }
}
