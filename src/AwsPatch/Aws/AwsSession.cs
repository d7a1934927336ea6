using System;
using Amazon;
using Amazon.Runtime;

namespace AwsPatch.Aws;

/// <summary>
/// The resolved credentials, region and optional endpoint for AWS calls, with where each came from.
/// Created only by <see cref="AwsSessionResolver"/>; no member ever renders key material.
/// </summary>
public sealed class AwsSession
{
    internal AwsSession(
        AWSCredentials credentials,
        string credentialSource,
        RegionEndpoint region,
        string regionSource,
        Uri? endpointUrl,
        string? endpointSource)
    {
        Credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        CredentialSource = credentialSource ?? throw new ArgumentNullException(nameof(credentialSource));
        Region = region ?? throw new ArgumentNullException(nameof(region));
        RegionSource = regionSource ?? throw new ArgumentNullException(nameof(regionSource));
        EndpointUrl = endpointUrl;
        EndpointSource = endpointUrl is null ? null : endpointSource;
    }

    public AWSCredentials Credentials { get; }

    /// <summary>Where the credentials came from, in words (never a key, secret or token).</summary>
    public string CredentialSource { get; }

    public RegionEndpoint Region { get; }

    public string RegionName => Region.SystemName;

    /// <summary>Where the region came from: "-Region", "$StoredAWSRegion", "AWS_REGION", "profile 'dev'" …</summary>
    public string RegionSource { get; }

    public Uri? EndpointUrl { get; }

    /// <summary>"-EndpointUrl" or "AWS_ENDPOINT_URL" when <see cref="EndpointUrl"/> is set; otherwise null.</summary>
    public string? EndpointSource { get; }

    public override string ToString()
    {
        var text = $"{RegionName} via {RegionSource}; credentials from {CredentialSource}";
        return EndpointUrl is null ? text : $"{text}; endpoint {EndpointUrl.AbsoluteUri} via {EndpointSource}";
    }
}
