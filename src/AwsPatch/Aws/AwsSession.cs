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

    /// <summary>The role these credentials are of (assumed through STS); null when the session signs with its own.</summary>
    public string? RoleArn { get; private init; }

    /// <summary>The account of <see cref="RoleArn"/>; null without a role (the account is then whatever the credentials are of).</summary>
    public string? AccountId => RoleArn is null ? null : RoleArns.AccountOf(RoleArn);

    /// <summary>Where calls of this session land, for messages: "account 210987654321 (role AwsPatch), us-east-1", or just the region.</summary>
    public string Target => RoleArn is null ? RegionName : $"account {AccountId} ({RoleArn}), {RegionName}";

    /// <summary>This session's region and endpoint with <paramref name="role"/>'s credentials.</summary>
    internal AwsSession WithRole(AssumedRoleCredentials role) =>
        new AwsSession(role, $"role {role.RoleArn} assumed with credentials from {CredentialSource}", Region, RegionSource, EndpointUrl, EndpointSource)
        {
            RoleArn = role.RoleArn,
        };

    public override string ToString()
    {
        var text = $"{RegionName} via {RegionSource}; credentials from {CredentialSource}";
        return EndpointUrl is null ? text : $"{text}; endpoint {EndpointUrl.AbsoluteUri} via {EndpointSource}";
    }
}
