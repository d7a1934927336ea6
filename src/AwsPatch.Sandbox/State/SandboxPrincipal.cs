namespace AwsPatch.Sandbox;

/// <summary>Who signed a request: the account whose state it sees and the IAM ARN (a user, or an assumed-role session).</summary>
public sealed record SandboxPrincipal(string AccountId, string Arn)
{
    /// <summary>What GetCallerIdentity calls UserId: the user's id (<c>AIDA…</c>), or for a role session <c>AROA…:session-name</c>.</summary>
    public string UserId { get; init; } = "AIDA" + StableHash.Of(Arn).ToString("X8", System.Globalization.CultureInfo.InvariantCulture) + StableHash.Of(Arn + "#").ToString("X9", System.Globalization.CultureInfo.InvariantCulture);
}
