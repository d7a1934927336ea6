using System.Globalization;

namespace AwsPatch.Sandbox;

/// <summary>
/// An IAM role STS can assume, with the parts of its trust policy the sandbox checks: which accounts' principals it
/// trusts and the <c>sts:ExternalId</c> condition, if any. <see cref="MaxSessionDuration"/> is IAM's (default one hour).
/// </summary>
public sealed record SandboxRole(string AccountId, string Name)
{
    public string Arn => $"arn:aws:iam::{AccountId}:role/{Name}";

    /// <summary>Accounts whose principals the trust policy allows (empty: none).</summary>
    public IReadOnlyList<string> TrustedAccounts { get; init; } = [];

    /// <summary>The external id the trust policy's condition asks for; null: none is asked.</summary>
    public string? ExternalId { get; init; }

    public TimeSpan MaxSessionDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A stable role id (<c>AROA…</c>), as IAM gives each role.</summary>
    public string RoleId => "AROA" + StableHash.Of(Arn).ToString("X8", CultureInfo.InvariantCulture) + StableHash.Of(Arn + "#").ToString("X9", CultureInfo.InvariantCulture);
}
