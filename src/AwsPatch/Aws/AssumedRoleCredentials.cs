using System;
using System.Text;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace AwsPatch.Aws;

/// <summary>
/// Credentials of an IAM role, got through STS AssumeRole from the credentials the session resolved (keys, a profile,
/// an instance profile in a tooling account …), with the session name <see cref="SessionName"/> and the optional
/// external id. Kept until <see cref="RefreshBefore"/> before they expire, then assumed again; the SDK's refreshing
/// base class does the keeping. The expiry is measured on the STS endpoint's own clock (the <c>Date</c> of its answer),
/// so a machine clock that is off neither keeps dead credentials nor throws live ones away. Never renders key material.
/// </summary>
public sealed class AssumedRoleCredentials : RefreshingAWSCredentials
{
    /// <summary>Assume again this long before the credentials expire.</summary>
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);

    /// <summary>What CloudTrail shows as the role session: AwsPatch and the machine it ran on.</summary>
    public static readonly string SessionName = SessionNameFor(Environment.MachineName);

    private readonly IAmazonSecurityTokenService _sts;
    private readonly ServiceClock _stsClock;
    private readonly string? _externalId;

    internal AssumedRoleCredentials(IAmazonSecurityTokenService sts, ServiceClock stsClock, string roleArn, string? externalId)
    {
        _sts = sts ?? throw new ArgumentNullException(nameof(sts));
        _stsClock = stsClock ?? throw new ArgumentNullException(nameof(stsClock));
        RoleArn = roleArn ?? throw new ArgumentNullException(nameof(roleArn));
        _externalId = externalId;
        PreemptExpiryTime = RefreshBefore;
    }

    public string RoleArn { get; }

    /// <summary>How many times STS was asked (for tests and the debug stream).</summary>
    public int AssumeCount { get; private set; }

    protected override CredentialsRefreshState GenerateNewCredentials() =>
        throw new NotSupportedException("AwsPatch assumes roles asynchronously only; its AWS clients never ask for credentials synchronously.");

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var response = await _sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = RoleArn,
            RoleSessionName = SessionName,
            ExternalId = _externalId,
        }).ConfigureAwait(false);
        AssumeCount++;
        var credentials = response.Credentials;
        // Expiration is on the service's clock; keep it for as long as it has left there, counted on this machine's.
        var left = credentials.Expiration!.Value.ToUniversalTime() - _stsClock.UtcNow;
        return new CredentialsRefreshState(
            new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            DateTime.UtcNow + left);
    }

    public override string ToString() => $"role {RoleArn}";

    /// <summary>"AwsPatch-" and the machine name, cut to STS's 64 characters of [\w+=,.@-].</summary>
    internal static string SessionNameFor(string machine)
    {
        var name = new StringBuilder("AwsPatch");
        if (!string.IsNullOrEmpty(machine))
        {
            name.Append('-');
            foreach (var c in machine)
                name.Append(char.IsLetterOrDigit(c) && c < 128 || "_+=,.@-".IndexOf(c) >= 0 ? c : '-');
        }
        return name.Length > 64 ? name.ToString(0, 64) : name.ToString();
    }
}
