using System;

namespace AwsPatch.Aws;

/// <summary>
/// Session resolution failed; nothing can proceed. The message says what is wrong and
/// <see cref="RecommendedAction"/> names the exact options that fix it. Neither ever contains key material.
/// </summary>
public sealed class AwsSessionException : Exception
{
    public AwsSessionException(AwsSessionErrorKind kind, string message, string recommendedAction)
        : base(message)
    {
        Kind = kind;
        RecommendedAction = recommendedAction ?? throw new ArgumentNullException(nameof(recommendedAction));
    }

    public AwsSessionErrorKind Kind { get; }

    /// <summary>Stable PascalCase error id, equal to the <see cref="Kind"/> name.</summary>
    public string ErrorId => Kind.ToString();

    public string RecommendedAction { get; }
}
