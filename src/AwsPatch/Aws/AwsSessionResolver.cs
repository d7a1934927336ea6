using System;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace AwsPatch.Aws;

/// <summary>
/// Turns an <see cref="AwsSessionRequest"/> into an <see cref="AwsSession"/> following STYLE.md section 3:
/// credentials: keys → -ProfileName → -Credential → $StoredAWSCredentials → environment keys →
/// AWS_PROFILE/default profile → SDK chain (container, web identity, instance profile);
/// region: -Region → $StoredAWSRegion → AWS_REGION/AWS_DEFAULT_REGION → the chosen profile → instance metadata;
/// endpoint: -EndpointUrl → AWS_ENDPOINT_URL; then, with a role ARN, the role assumed through STS from those credentials
/// (<see cref="Roles"/> keeps each role's credentials until shortly before they expire).
/// Thread-safe; every failure is an <see cref="AwsSessionException"/>.
/// </summary>
public sealed class AwsSessionResolver
{
    private const string DefaultProfileName = "default";

    private readonly Func<string, string?> _environment;
    private readonly Func<HostCredentials?> _hostCredentials;
    private readonly Func<RegionEndpoint?> _instanceMetadataRegion;

    /// <summary>Real process environment and the real SDK chains.</summary>
    public AwsSessionResolver()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    /// <summary>
    /// Environment variables come from <paramref name="environment"/>; the SDK chains stay real but are skipped
    /// without a network call when it reports AWS_EC2_METADATA_DISABLED=true (and no container/web identity).
    /// </summary>
    public AwsSessionResolver(Func<string, string?> environment)
        : this(
            environment ?? throw new ArgumentNullException(nameof(environment)),
            SdkDefaultChains.HostCredentials(environment),
            SdkDefaultChains.InstanceMetadataRegion(environment))
    {
    }

    /// <summary>Test seam: the host-only steps (container/instance credentials, instance metadata region) injected.</summary>
    internal AwsSessionResolver(
        Func<string, string?> environment,
        Func<HostCredentials?> hostCredentials,
        Func<RegionEndpoint?> instanceMetadataRegion)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        _hostCredentials = hostCredentials ?? throw new ArgumentNullException(nameof(hostCredentials));
        _instanceMetadataRegion = instanceMetadataRegion ?? throw new ArgumentNullException(nameof(instanceMetadataRegion));
    }

    public AwsSession Resolve(AwsSessionRequest request)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));

        var profiles = new ProfileLookup(
            NullIfBlank(request.ProfileLocation) ?? NullIfBlank(_environment("AWS_SHARED_CREDENTIALS_FILE")));
        var (endpoint, endpointSource) = ResolveEndpoint(request);
        var credentials = ResolveCredentials(request, profiles);
        var (region, regionSource) = ResolveRegion(request, profiles, credentials.ProfileName);
        var session = new AwsSession(credentials.Credentials, credentials.Source, region, regionSource, endpoint, endpointSource);
        var roleArn = NullIfBlank(request.RoleArn);
        if (roleArn is null)
            return session;
        if (!RoleArns.IsRoleArn(roleArn))
        {
            throw new AwsSessionException(
                AwsSessionErrorKind.InvalidRoleArn,
                $"'{roleArn}' is not an IAM role ARN (expected arn:aws:iam::<12-digit account id>:role/<name>).",
                "Pass -RoleArn as a role ARN such as arn:aws:iam::111111111111:role/AwsPatch, or -AccountId 111111111111 -RoleName AwsPatch.");
        }
        // The source credentials are named by where they came from and their access key id (never the secret).
        var sourceKey = credentials.Source + "\n" + (NullIfBlank(request.AccessKey) ?? string.Empty)
            + (request.Credential is null ? string.Empty : "\n#" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(request.Credential));
        return session.WithRole(Roles.For(session, sourceKey, roleArn, NullIfBlank(request.ExternalId)));
    }

    /// <summary>The assumed roles' credentials, kept across resolves (and so across cmdlet invocations).</summary>
    public RoleCredentialCache Roles { get; } = new RoleCredentialCache();

    // ---- credentials ----------------------------------------------------------------------------------

    private ResolvedCredentials ResolveCredentials(AwsSessionRequest request, ProfileLookup profiles)
    {
        var accessKey = NullIfBlank(request.AccessKey);
        var secretKey = NullIfBlank(request.SecretKey);
        var sessionToken = NullIfBlank(request.SessionToken);
        if (accessKey is not null && secretKey is not null)
        {
            return sessionToken is null
                ? new ResolvedCredentials(new BasicAWSCredentials(accessKey, secretKey), "-AccessKey/-SecretKey", null)
                : new ResolvedCredentials(new SessionAWSCredentials(accessKey, secretKey, sessionToken), "-AccessKey/-SecretKey/-SessionToken", null);
        }

        if (accessKey is not null || secretKey is not null || sessionToken is not null)
            throw IncompleteKeys(accessKey is not null, secretKey is not null);

        var profileName = NullIfBlank(request.ProfileName);
        if (profileName is not null)
            return LoadProfile(profiles, profileName, $"-ProfileName '{profileName}'", ProfileOrigin.Parameter);

        if (request.Credential is not null)
            return new ResolvedCredentials(request.Credential, "-Credential", null);

        if (StoredCredentialsShim.TryRead(request.StoredCredentials, out var storedCredentials, out var storedProfile))
        {
            var source = storedProfile is null ? "$StoredAWSCredentials" : $"$StoredAWSCredentials (profile '{storedProfile}')";
            if (storedCredentials is not null)
                return new ResolvedCredentials(storedCredentials, source, storedProfile);
            return LoadProfile(profiles, storedProfile!, source, ProfileOrigin.ShellVariable);
        }

        return ResolveDefaultChain(profiles);
    }

    private ResolvedCredentials ResolveDefaultChain(ProfileLookup profiles)
    {
        var envAccessKey = NullIfBlank(_environment("AWS_ACCESS_KEY_ID"));
        var envSecretKey = NullIfBlank(_environment("AWS_SECRET_ACCESS_KEY")) ?? NullIfBlank(_environment("AWS_SECRET_KEY"));
        if (envAccessKey is not null && envSecretKey is not null)
        {
            var envToken = NullIfBlank(_environment("AWS_SESSION_TOKEN"));
            return envToken is null
                ? new ResolvedCredentials(new BasicAWSCredentials(envAccessKey, envSecretKey), "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", null)
                : new ResolvedCredentials(new SessionAWSCredentials(envAccessKey, envSecretKey, envToken), "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN", null);
        }

        // The SDK chain ranks web identity (EKS service accounts) above profiles.
        var webIdentity = !string.IsNullOrEmpty(_environment("AWS_WEB_IDENTITY_TOKEN_FILE"))
            && !string.IsNullOrEmpty(_environment("AWS_ROLE_ARN"));
        HostCredentials? host = null;
        if (webIdentity)
        {
            host = _hostCredentials();
            if (host is not null)
                return new ResolvedCredentials(host.Credentials, host.Source, null);
        }

        var envProfile = NullIfBlank(_environment("AWS_PROFILE"));
        if (envProfile is not null)
            return LoadProfile(profiles, envProfile, $"profile '{envProfile}' (AWS_PROFILE)", ProfileOrigin.EnvironmentVariable);

        if (profiles.TryGet(DefaultProfileName, out var defaultProfile)
            && AWSCredentialsFactory.TryGetAWSCredentials(defaultProfile, profiles.Source, out var defaultCredentials))
        {
            return new ResolvedCredentials(defaultCredentials, $"profile '{DefaultProfileName}'", DefaultProfileName);
        }

        if (!webIdentity)
            host = _hostCredentials();
        if (host is not null)
            return new ResolvedCredentials(host.Credentials, host.Source, null);

        throw new AwsSessionException(
            AwsSessionErrorKind.NoCredentials,
            "No AWS credentials were found. Looked for -AccessKey/-SecretKey, -ProfileName, -Credential, "
            + "$StoredAWSCredentials, the environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and AWS_PROFILE, "
            + $"the 'default' profile in {profiles.Describe()}, container credentials and an EC2 instance profile.",
            "Pass -ProfileName <name> (a profile in ~/.aws/credentials or ~/.aws/config; -ProfileLocation for another file), "
            + "or -AccessKey/-SecretKey (and -SessionToken for temporary keys), or -Credential <AWSCredentials>; "
            + "or run Set-AWSCredential -ProfileName <name> once for this session; "
            + "or set the environment variable AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; "
            + "or create a 'default' profile (aws configure, or Set-AWSCredential -StoreAs default).");
    }

    private static ResolvedCredentials LoadProfile(ProfileLookup profiles, string name, string source, ProfileOrigin origin)
    {
        if (!profiles.TryGet(name, out var profile))
            throw ProfileNotFound(name, profiles, origin, found: false);

        if (!AWSCredentialsFactory.TryGetAWSCredentials(profile, profiles.Source, out var credentials))
            throw ProfileNotFound(name, profiles, origin, found: true);

        return new ResolvedCredentials(credentials, source, name);
    }

    // ---- region ---------------------------------------------------------------------------------------

    private (RegionEndpoint Region, string Source) ResolveRegion(AwsSessionRequest request, ProfileLookup profiles, string? credentialProfile)
    {
        var parameter = NullIfBlank(request.Region);
        if (parameter is not null)
            return (ParseRegion(parameter, "-Region"), "-Region");

        var stored = StoredRegionName(request.StoredRegion);
        if (stored is not null)
            return (ParseRegion(stored, "$StoredAWSRegion"), "$StoredAWSRegion");

        foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            var value = NullIfBlank(_environment(variable));
            if (value is not null)
                return (ParseRegion(value, variable), variable);
        }

        var profileName = credentialProfile ?? NullIfBlank(_environment("AWS_PROFILE")) ?? DefaultProfileName;
        if (profiles.TryGet(profileName, out var profile) && profile.Region is not null)
        {
            var source = $"profile '{profileName}'";
            return (ParseRegion(profile.Region.SystemName, source), source);
        }

        var metadataRegion = _instanceMetadataRegion();
        if (metadataRegion is not null)
            return (metadataRegion, "SDK region chain (instance metadata)");

        throw new AwsSessionException(
            AwsSessionErrorKind.NoRegion,
            "No AWS region was found. Looked for -Region, $StoredAWSRegion, the environment variables AWS_REGION and "
            + $"AWS_DEFAULT_REGION, a region in profile '{profileName}' ({profiles.Describe()}) and EC2 instance metadata.",
            "Pass -Region <name> (for example -Region us-east-1), or run Set-DefaultAWSRegion -Region <name> once for this session, "
            + "or set the environment variable AWS_REGION (or AWS_DEFAULT_REGION), "
            + $"or add 'region = <name>' to profile '{profileName}' in ~/.aws/config.");
    }

    private static string? StoredRegionName(object? stored)
    {
        switch (stored)
        {
            case null:
                return null;
            case string text:
                return NullIfBlank(text);
            case RegionEndpoint endpoint:
                return endpoint.SystemName;
        }

        // AWS.Tools' AWSRegion objects (Get-AWSRegion) carry the name in Region; RegionEndpoint-like ones in SystemName.
        foreach (var name in new[] { "SystemName", "Region" })
        {
            var property = stored.GetType().GetProperty(name);
            if (property is not null && property.GetIndexParameters().Length == 0)
            {
                var value = property.GetValue(stored);
                if (value is RegionEndpoint nested) return nested.SystemName;
                if (value is string text && NullIfBlank(text) is { } trimmed) return trimmed;
            }
        }

        return NullIfBlank(stored.ToString());
    }

    private static RegionEndpoint ParseRegion(string name, string source)
    {
        if (RegionNames.TryParse(name, out var region))
            return region!;

        var fix = source switch
        {
            "-Region" => "Pass -Region with a region code such as us-east-1 or eu-west-1 (tab completion lists them).",
            "$StoredAWSRegion" => "Run Set-DefaultAWSRegion -Region <code> (for example us-east-1), or Clear-DefaultAWSRegion and pass -Region.",
            "AWS_REGION" or "AWS_DEFAULT_REGION" => $"Set the environment variable {source} to a region code such as us-east-1, or pass -Region.",
            _ => $"Fix 'region = ...' in {source} (~/.aws/config) to a region code such as us-east-1, or pass -Region.",
        };
        throw new AwsSessionException(
            AwsSessionErrorKind.InvalidRegion,
            $"'{name}' from {source} is not an AWS region code (expected something like us-east-1).",
            fix);
    }

    // ---- endpoint -------------------------------------------------------------------------------------

    private (Uri? Url, string? Source) ResolveEndpoint(AwsSessionRequest request)
    {
        var (text, source) = NullIfBlank(request.EndpointUrl) is { } parameter
            ? (parameter, "-EndpointUrl")
            : (NullIfBlank(_environment("AWS_ENDPOINT_URL")), "AWS_ENDPOINT_URL");
        if (text is null)
            return (null, null);

        if (Uri.TryCreate(text, UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(url.Host)
            && string.IsNullOrEmpty(url.UserInfo))
        {
            return (url, source);
        }

        // The value is not echoed: a malformed URL may carry user:password.
        throw new AwsSessionException(
            AwsSessionErrorKind.InvalidEndpointUrl,
            $"The value of {source} is not an absolute http:// or https:// URL without user information.",
            source == "-EndpointUrl"
                ? "Pass -EndpointUrl as a full URL such as http://localhost:4566 or https://ec2.us-east-1.amazonaws.com, or leave it out to use the AWS endpoint of the region."
                : "Set the environment variable AWS_ENDPOINT_URL to a full URL such as http://localhost:4566, or remove it to use the AWS endpoint of the region.");
    }

    // ---- errors ---------------------------------------------------------------------------------------

    private static AwsSessionException IncompleteKeys(bool hasAccessKey, bool hasSecretKey)
    {
        var given = hasAccessKey ? "-AccessKey was given without -SecretKey"
            : hasSecretKey ? "-SecretKey was given without -AccessKey"
            : "-SessionToken was given without -AccessKey and -SecretKey";
        return new AwsSessionException(
            AwsSessionErrorKind.IncompleteKeys,
            given + "; explicit keys need both parts.",
            "Pass both -AccessKey and -SecretKey (plus -SessionToken for temporary credentials), "
            + "or use -ProfileName or -Credential instead of keys.");
    }

    private static AwsSessionException ProfileNotFound(string name, ProfileLookup profiles, ProfileOrigin origin, bool found)
    {
        var named = origin switch
        {
            ProfileOrigin.Parameter => $"-ProfileName '{name}'",
            ProfileOrigin.ShellVariable => $"profile '{name}' from $StoredAWSCredentials",
            _ => $"profile '{name}' from the environment variable AWS_PROFILE",
        };
        var message = found
            ? $"The {named} was found in {profiles.Describe()} but holds no usable credentials (no keys, role, SSO or process settings)."
            : $"The {named} was not found in {profiles.Describe()}. Other credentials are not tried, so that commands never run against another account.";
        var action = origin switch
        {
            ProfileOrigin.Parameter =>
                "Check the spelling of -ProfileName, pass -ProfileLocation if the profile lives in another file, "
                + "or create it (aws configure --profile <name>, or Set-AWSCredential -StoreAs <name>).",
            ProfileOrigin.ShellVariable =>
                "Run Set-AWSCredential -ProfileName <existing profile> (or Clear-AWSCredential), "
                + "or pass -ProfileName, -Credential or -AccessKey/-SecretKey to this command.",
            _ =>
                "Set AWS_PROFILE to an existing profile in ~/.aws/credentials or ~/.aws/config, or remove it; "
                + "or pass -ProfileName, -Credential or -AccessKey/-SecretKey.",
        };
        return new AwsSessionException(AwsSessionErrorKind.ProfileNotFound, message, action);
    }

    private static string? NullIfBlank(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    private enum ProfileOrigin
    {
        Parameter,
        ShellVariable,
        EnvironmentVariable,
    }

    private sealed class ResolvedCredentials
    {
        public ResolvedCredentials(AWSCredentials credentials, string source, string? profileName)
        {
            Credentials = credentials;
            Source = source;
            ProfileName = profileName;
        }

        public AWSCredentials Credentials { get; }

        public string Source { get; }

        /// <summary>The profile the credentials came from, which also supplies the region.</summary>
        public string? ProfileName { get; }
    }

    /// <summary>The SDK's profile stores (shared credentials/config files; the .NET SDK store on Windows), opened once per resolve.</summary>
    private sealed class ProfileLookup
    {
        private readonly string? _location;
        private CredentialProfileStoreChain? _chain;

        public ProfileLookup(string? location) => _location = location;

        public ICredentialProfileSource Source => _chain ??= new CredentialProfileStoreChain(_location);

        public bool TryGet(string name, out CredentialProfile profile) =>
            ((CredentialProfileStoreChain)Source).TryGetProfile(name, out profile);

        public string Describe() =>
            _location is null
                ? "the shared credentials and config files (~/.aws/credentials, ~/.aws/config) and the .NET SDK credential store"
                : $"'{_location}' (and the config file beside it)";
    }
}
