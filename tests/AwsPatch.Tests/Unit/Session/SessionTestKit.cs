using Amazon;
using Amazon.Runtime;
using AwsPatch.Aws;

namespace AwsPatch.Tests.Unit.Session;

/// <summary>Shared helpers: a fake environment, temporary profile files and resolvers with the host steps injected.</summary>
internal static class SessionTestKit
{
    // Distinctive values that must never appear in any text.
    public const string AccessKey = "AKIAZQXLEAKPROBE0001";
    public const string SecretKey = "zqx-SECRET-leak-probe-7781/abc+DEF";
    public const string SessionToken = "zqx-TOKEN-leak-probe-4242";

    public static readonly string[] Secrets = [AccessKey, SecretKey, SessionToken];

    /// <summary>A resolver whose environment is exactly <paramref name="variables"/> plus a shared credentials file
    /// path inside <paramref name="profiles"/> (so the real ~/.aws is never read), with injectable host steps.</summary>
    public static AwsSessionResolver Resolver(
        TempProfiles profiles,
        IDictionary<string, string>? variables = null,
        Func<HostCredentials?>? host = null,
        Func<RegionEndpoint?>? metadataRegion = null)
    {
        var env = Environment(profiles, variables);
        return new AwsSessionResolver(env, host ?? (() => null), metadataRegion ?? (() => null));
    }

    public static Func<string, string?> Environment(TempProfiles profiles, IDictionary<string, string>? variables = null)
    {
        var copy = new Dictionary<string, string>(variables ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        copy.TryAdd("AWS_SHARED_CREDENTIALS_FILE", profiles.CredentialsPath);
        return name => copy.TryGetValue(name, out var value) ? value : null;
    }

    public static string AccessKeyOf(AWSCredentials credentials) => credentials.GetCredentials().AccessKey;

    public static AwsSessionException Fails(Func<AwsSession> resolve) => Assert.Throws<AwsSessionException>(resolve);
}

/// <summary>A temporary folder with an AWS shared credentials file and, optionally, a config file beside it.</summary>
internal sealed class TempProfiles : IDisposable
{
    public TempProfiles(string? credentials = null, string? config = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "awspatch-session-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        CredentialsPath = Path.Combine(Directory, "credentials");
        File.WriteAllText(CredentialsPath, credentials ?? string.Empty);
        if (config is not null)
            File.WriteAllText(Path.Combine(Directory, "config"), config);
    }

    public string Directory { get; }

    public string CredentialsPath { get; }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
