using System;
using System.Collections.Generic;
using Amazon.Runtime;

namespace AwsPatch.Aws;

/// <summary>
/// What a cmdlet gathered on the pipeline thread: its bound session parameters plus the AWS.Tools shell
/// variables. Plain values only; <see cref="AwsSessionResolver"/> turns it into an <see cref="AwsSession"/>.
/// Two requests with the same members are equal, so a cmdlet can cache one session per distinct request
/// (credential objects compare by reference).
/// </summary>
public sealed class AwsSessionRequest : IEquatable<AwsSessionRequest>
{
    public string? Region { get; init; }
    public string? ProfileName { get; init; }
    public string? ProfileLocation { get; init; }
    public AWSCredentials? Credential { get; init; }
    public string? AccessKey { get; init; }
    public string? SecretKey { get; init; }
    public string? SessionToken { get; init; }
    public string? EndpointUrl { get; init; }

    /// <summary>A role to assume (STS AssumeRole) with the credentials the rest of the request resolves to; null: none.</summary>
    public string? RoleArn { get; init; }

    /// <summary>The external id the role's trust policy asks for; only with <see cref="RoleArn"/>.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Raw value of <c>$StoredAWSCredentials</c>: AWS.Tools' AWSPSCredentials, an AWSCredentials or a profile name.</summary>
    public object? StoredCredentials { get; init; }

    /// <summary>Raw value of <c>$StoredAWSRegion</c>: a region name, a RegionEndpoint or an object naming one.</summary>
    public object? StoredRegion { get; init; }

    public bool Equals(AwsSessionRequest? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        return string.Equals(Region, other.Region, StringComparison.Ordinal)
            && string.Equals(ProfileName, other.ProfileName, StringComparison.Ordinal)
            && string.Equals(ProfileLocation, other.ProfileLocation, StringComparison.Ordinal)
            && ReferenceEquals(Credential, other.Credential)
            && string.Equals(AccessKey, other.AccessKey, StringComparison.Ordinal)
            && string.Equals(SecretKey, other.SecretKey, StringComparison.Ordinal)
            && string.Equals(SessionToken, other.SessionToken, StringComparison.Ordinal)
            && string.Equals(EndpointUrl, other.EndpointUrl, StringComparison.Ordinal)
            && string.Equals(RoleArn, other.RoleArn, StringComparison.Ordinal)
            && string.Equals(ExternalId, other.ExternalId, StringComparison.Ordinal)
            && Equals(StoredCredentials, other.StoredCredentials)
            && Equals(StoredRegion, other.StoredRegion);
    }

    public override bool Equals(object? obj) => Equals(obj as AwsSessionRequest);

    public override int GetHashCode()
    {
        unchecked
        {
            var hash = 17;
            hash = hash * 31 + Hash(Region);
            hash = hash * 31 + Hash(ProfileName);
            hash = hash * 31 + Hash(ProfileLocation);
            hash = hash * 31 + (Credential is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Credential));
            hash = hash * 31 + Hash(AccessKey);
            hash = hash * 31 + Hash(SecretKey);
            hash = hash * 31 + Hash(SessionToken);
            hash = hash * 31 + Hash(EndpointUrl);
            hash = hash * 31 + Hash(RoleArn);
            hash = hash * 31 + Hash(ExternalId);
            hash = hash * 31 + (StoredCredentials?.GetHashCode() ?? 0);
            hash = hash * 31 + (StoredRegion?.GetHashCode() ?? 0);
            return hash;
        }
    }

    /// <summary>Names which parameters were given, never their values (the keys are secrets).</summary>
    public override string ToString()
    {
        var given = new List<string>();
        if (Region is not null) given.Add("-Region");
        if (ProfileName is not null) given.Add("-ProfileName");
        if (ProfileLocation is not null) given.Add("-ProfileLocation");
        if (Credential is not null) given.Add("-Credential");
        if (AccessKey is not null) given.Add("-AccessKey");
        if (SecretKey is not null) given.Add("-SecretKey");
        if (SessionToken is not null) given.Add("-SessionToken");
        if (EndpointUrl is not null) given.Add("-EndpointUrl");
        if (RoleArn is not null) given.Add("-RoleArn");
        if (ExternalId is not null) given.Add("-ExternalId");
        if (StoredCredentials is not null) given.Add("$StoredAWSCredentials");
        if (StoredRegion is not null) given.Add("$StoredAWSRegion");
        return "AwsSessionRequest(" + string.Join(", ", given) + ")";
    }

    private static int Hash(string? value) => value is null ? 0 : StringComparer.Ordinal.GetHashCode(value);
}
