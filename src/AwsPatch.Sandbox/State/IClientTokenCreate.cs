namespace AwsPatch.Sandbox;

/// <summary>
/// What a create call with SSM's ClientToken idempotency made: the token it came with and its other parameters, so a
/// retry with the same token returns it (and the same token with other parameters is IdempotentParameterMismatch).
/// </summary>
public interface IClientTokenCreate
{
    string? ClientToken { get; }

    string? RequestFingerprint { get; }
}
