using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace AwsPatch.Aws;

/// <summary>
/// In every AWS client's pipeline, inside the SDK's retries and outside the signer: an attempt signed with
/// <see cref="AssumedRoleCredentials"/> that AWS refuses as expired (SSM's and STS's ExpiredToken(Exception), EC2's
/// RequestExpired) although the credentials seemed fresh on the service's clock forgets them and is made once more,
/// signed anew with the role assumed again (the signer reads the credentials each time it signs). Once only: a second
/// refusal goes on to the SDK's retry policy and the caller as before; the SDK alone would have retried EC2's
/// RequestExpired as clock skew with the same dead credentials. Other calls pass through.
/// </summary>
internal sealed class RoleExpiryRetryHandler : PipelineHandler
{
    public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        if (!(executionContext.RequestContext.Identity is AssumedRoleCredentials role))
            return await base.InvokeAsync<T>(executionContext).ConfigureAwait(false);
        var generation = role.Generation;
        try
        {
            return await base.InvokeAsync<T>(executionContext).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (IsExpired(ex))
        {
            role.Expired(generation);
            executionContext.RequestContext.IsSigned = false;
            return await base.InvokeAsync<T>(executionContext).ConfigureAwait(false);
        }
    }

    /// <summary>The codes AWS answers expired session credentials with (EC2 says RequestExpired); the Go SDK refreshes on the same three (aws/aws-sdk-go#253).</summary>
    internal static bool IsExpired(AmazonServiceException ex) =>
        ex.ErrorCode == "ExpiredToken" || ex.ErrorCode == "ExpiredTokenException" || ex.ErrorCode == "RequestExpired";
}
