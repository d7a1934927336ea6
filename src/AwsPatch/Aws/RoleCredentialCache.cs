using System;
using System.Collections.Concurrent;

namespace AwsPatch.Aws;

/// <summary>
/// One <see cref="AssumedRoleCredentials"/> per role, external id, endpoint and source credentials, kept for the
/// process: a pipeline of several cmdlets, or a runbook calling them in a loop, assumes each role once and again only
/// shortly before its credentials expire on AWS's clock (<see cref="AssumedRoleCredentials.Clock"/>). Thread-safe.
/// </summary>
public sealed class RoleCredentialCache
{
    private readonly ConcurrentDictionary<string, Lazy<AssumedRoleCredentials>> _roles = new(StringComparer.Ordinal);

    /// <param name="source">The session whose credentials, endpoint and region call STS.</param>
    /// <param name="sourceKey">Identifies the source credentials without their secret (where they came from, the access key id).</param>
    public AssumedRoleCredentials For(AwsSession source, string sourceKey, string roleArn, string? externalId)
    {
        if (source is null) throw new ArgumentNullException(nameof(source));
        var key = string.Join("\n", sourceKey, source.EndpointUrl?.AbsoluteUri ?? source.RegionName, roleArn, externalId ?? string.Empty);
        return _roles.GetOrAdd(key, _ => new Lazy<AssumedRoleCredentials>(() =>
        {
            var (sts, clock) = AwsClientFactory.CreateSts(source);
            return new AssumedRoleCredentials(sts, clock, roleArn, externalId);
        })).Value;
    }

    /// <summary>How many roles are cached.</summary>
    public int Count => _roles.Count;
}
