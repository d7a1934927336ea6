using System;
using System.Text.RegularExpressions;

namespace AwsPatch.Aws;

/// <summary>IAM role ARNs: arn:&lt;partition&gt;:iam::&lt;12-digit account&gt;:role/[path/]name.</summary>
public static class RoleArns
{
    private static readonly Regex Shape = new Regex(@"^arn:aws[a-z-]*:iam::(\d{12}):role/[\w+=,.@/-]{1,512}$", RegexOptions.CultureInvariant);

    public static bool IsRoleArn(string? text) => text is not null && Shape.IsMatch(text);

    /// <summary>The account of a role ARN; null when <paramref name="roleArn"/> is not one.</summary>
    public static string? AccountOf(string roleArn)
    {
        var match = Shape.Match(roleArn ?? string.Empty);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The ARN of role <paramref name="roleName"/> (a name, or path/name) in <paramref name="accountId"/>, in the aws partition.</summary>
    public static string For(string accountId, string roleName) => $"arn:aws:iam::{accountId}:role/{roleName.Trim().TrimStart('/')}";
}
