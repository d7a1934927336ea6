using System;
using System.Threading;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Util;

namespace AwsPatch.Aws;

/// <summary>
/// The last steps of the credential and region chains, delegated to the AWS SDK: what only the host can
/// answer (container credentials, web identity, EC2 instance metadata). The resolver reads environment keys
/// and profiles itself (so it can say where they came from); these are the parts it cannot fake in tests,
/// hence they sit behind delegates. Both honour AWS_EC2_METADATA_DISABLED=true without a network call.
/// </summary>
internal static class SdkDefaultChains
{
    /// <summary>Upper bound for the SDK chain, whose worst case against an unreachable IMDS is ~35 seconds.</summary>
    private static readonly TimeSpan ChainTimeout = TimeSpan.FromSeconds(10);

    private static readonly Lazy<DefaultAWSCredentialsIdentityResolver> Resolver =
        new(() => new DefaultAWSCredentialsIdentityResolver(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static Func<HostCredentials?> HostCredentials(Func<string, string?> environment) =>
        () => ResolveHostCredentials(environment);

    public static Func<RegionEndpoint?> InstanceMetadataRegion(Func<string, string?> environment) =>
        () => ResolveInstanceMetadataRegion(environment);

    internal static bool IsMetadataDisabled(Func<string, string?> environment) =>
        string.Equals(environment("AWS_EC2_METADATA_DISABLED")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static HostCredentials? ResolveHostCredentials(Func<string, string?> environment)
    {
        var inContainer = !string.IsNullOrEmpty(environment("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))
            || !string.IsNullOrEmpty(environment("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        var webIdentity = !string.IsNullOrEmpty(environment("AWS_WEB_IDENTITY_TOKEN_FILE"));
        if (!inContainer && !webIdentity && IsMetadataDisabled(environment))
            return null;

        AWSCredentials credentials;
        try
        {
            using var timeout = new CancellationTokenSource(ChainTimeout);
            credentials = Resolver.Value.ResolveIdentity(null, timeout.Token);
        }
        catch (Exception ex) when (ex is AmazonClientException or InvalidOperationException or OperationCanceledException)
        {
            // The SDK chain found nothing (its message lists every provider's failure): no credentials.
            return null;
        }

        return credentials is null ? null : new HostCredentials(credentials, Describe(credentials));
    }

    private static string Describe(AWSCredentials credentials)
    {
        var typeName = credentials.GetType().Name;
        return typeName switch
        {
            "GenericContainerCredentials" or "ECSTaskCredentials" =>
                "SDK default chain: container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/AWS_CONTAINER_CREDENTIALS_FULL_URI)",
            "AssumeRoleWithWebIdentityCredentials" =>
                "SDK default chain: web identity (AWS_WEB_IDENTITY_TOKEN_FILE/AWS_ROLE_ARN)",
            "DefaultInstanceProfileAWSCredentials" or "InstanceProfileAWSCredentials" =>
                "SDK default chain: EC2 instance profile (instance metadata)",
            "EnvironmentVariablesAWSCredentials" =>
                "SDK default chain: environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
            _ => "SDK default chain (" + typeName + ")",
        };
    }

    private static RegionEndpoint? ResolveInstanceMetadataRegion(Func<string, string?> environment)
    {
        if (IsMetadataDisabled(environment) || !EC2InstanceMetadata.IsIMDSEnabled)
            return null;
        try
        {
            return EC2InstanceMetadata.Region;
        }
        catch (Exception ex) when (ex is AmazonClientException or InvalidOperationException or System.Net.WebException or System.Net.Http.HttpRequestException or System.IO.IOException or OperationCanceledException)
        {
            return null;
        }
    }
}
