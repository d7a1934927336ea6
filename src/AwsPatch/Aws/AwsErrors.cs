using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace AwsPatch.Aws
{
    /// <summary>
    /// The one mapping from what an SDK call throws to an <see cref="AwsCallException"/>: its kind (STYLE.md section 7),
    /// a one-line message naming the operation, AWS error code, HTTP status and request id, and the fix that fits.
    /// </summary>
    internal static class AwsErrors
    {
        public static async Task<T> CallAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (AmazonServiceException ex)
            {
                throw FromService(operation, ex);
            }
            catch (AmazonClientException ex)
            {
                throw new AwsCallException(operation, ClassifyClient(ex), null, $"{operation} failed: {AwsErrorText.OneLine(ex.Message)}.", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new AwsCallException(operation, AwsErrorKind.Network, null, $"{operation} could not reach the service: {AwsErrorText.OneLine(ex.Message)}.", ex);
            }
            catch (OperationCanceledException ex)
            {
                // Cancelled without our token: the SDK's HTTP timeout.
                throw new AwsCallException(operation, AwsErrorKind.Timeout, null, $"{operation} timed out.", ex);
            }
        }

        /// <summary>An error the service (or whatever answered in its place) returned, as one readable line.</summary>
        public static AwsCallException FromService(string operation, AmazonServiceException ex)
        {
            var code = string.IsNullOrEmpty(ex.ErrorCode) ? null : ex.ErrorCode;
            var status = (int)ex.StatusCode == 0 ? (int?)null : (int)ex.StatusCode;
            var requestId = string.IsNullOrEmpty(ex.RequestId) ? null : ex.RequestId;
            var text = AwsErrorText.Of(ex, code != null);
            var kind = Classify(code, ex.StatusCode, text);
            return new AwsCallException(operation, kind, code, Describe(operation, code, status, requestId, text), ex)
            {
                HttpStatus = status,
                RequestId = requestId,
            };
        }

        public static AwsErrorKind Classify(string? errorCode, HttpStatusCode status) => Classify(errorCode, status, null);

        /// <summary>The kind of an AWS error from its code, HTTP status and (for signature errors) its message.</summary>
        public static AwsErrorKind Classify(string? errorCode, HttpStatusCode status, string? message)
        {
            var code = errorCode ?? string.Empty;
            var http = (int)status;
            if (code.IndexOf("Throttl", StringComparison.OrdinalIgnoreCase) >= 0
                || code == "RequestLimitExceeded" || code == "TooManyRequestsException" || code == "SlowDown"
                || code.EndsWith("LimitExceeded", StringComparison.Ordinal) || code.EndsWith("QuotaExceeded", StringComparison.Ordinal)
                || code == "ServiceQuotaExceededException")
                return AwsErrorKind.Throttled;
            if (code == "RequestExpired" || code == "RequestTimeTooSkewed" || code == "RequestInTheFuture"
                || (IsSignatureCode(code) && SaysSignatureTimeIsOff(message)))
                return AwsErrorKind.ClockSkew;
            if (code == "ExpiredToken" || code == "ExpiredTokenException")
                return AwsErrorKind.ExpiredCredentials;
            if (code == "UnrecognizedClientException" || code == "InvalidClientTokenId" || code == "AuthFailure" || code == "InvalidAccessKeyId"
                || code == "MissingAuthenticationToken" || code == "MissingAuthenticationTokenException"
                || code.StartsWith("IncompleteSignature", StringComparison.Ordinal) || IsSignatureCode(code)
                || (code.Length == 0 && status == HttpStatusCode.Unauthorized))
                return AwsErrorKind.InvalidCredentials;
            if (code == "UnauthorizedOperation" || code == "AccessDenied" || code == "AccessDeniedException"
                || status == HttpStatusCode.Forbidden || status == HttpStatusCode.Unauthorized)
                return AwsErrorKind.AccessDenied;
            if (code.Length == 0 && http >= 500)
                return AwsErrorKind.ServiceFault;
            if (code.Length == 0)
                return AwsErrorKind.UnexpectedResponse;
            if (code.EndsWith(".NotFound", StringComparison.Ordinal) || code.EndsWith("NotFound", StringComparison.Ordinal)
                || code == "ResourceNotFoundException" || code == "InvalidInstanceId" || status == HttpStatusCode.NotFound)
                return AwsErrorKind.NotFound;
            if (code.IndexOf("InUse", StringComparison.Ordinal) >= 0 || code == "ConflictException" || code == "IncorrectState"
                || code.StartsWith("IncorrectInstanceState", StringComparison.Ordinal))
                return AwsErrorKind.Busy;
            if (http >= 500 || code == "InternalError" || code == "InternalServerError" || code == "ServiceUnavailable"
                || code == "Unavailable" || code == "InternalServerException")
                return AwsErrorKind.ServiceFault;
            return AwsErrorKind.InvalidInput;
        }

        /// <summary>What to do about a failed call, or null when only the caller's context can say (not found, invalid input).</summary>
        public static string? ActionFor(AwsCallException ex) => ex.Kind switch
        {
            AwsErrorKind.AccessDenied => $"Grant the caller permission for {ex.Operation}, or use credentials that have it (-ProfileName, -Credential).",
            AwsErrorKind.ExpiredCredentials => "The session token has expired: refresh the session (for SSO profiles: aws sso login --profile <name>; otherwise get new temporary credentials for -SessionToken or Set-AWSCredential) and run the command again.",
            AwsErrorKind.InvalidCredentials => IsSignatureCode(ex.ErrorCode ?? string.Empty)
                ? "AWS computed a different request signature: check that the secret key belongs to the access key (-SecretKey, or aws_secret_access_key in the profile) and that no proxy changes requests on the way."
                : "AWS does not recognise the access key: check which credentials are used (-AccessKey, -ProfileName, AWS_PROFILE, Set-AWSCredential), that the key is active and belongs to this partition, and that -SessionToken belongs to it.",
            AwsErrorKind.ClockSkew => "This computer's clock differs from AWS's by more than AWS accepts (a request's signature is valid for 15 minutes either side of AWS's time): set the system clock right (turn on time synchronisation: timedatectl set-ntp true, or w32tm /resync) and run the command again."
                + (ex.ErrorCode == "RequestExpired" ? " If the clock is right, temporary credentials may have expired: refresh the session (aws sso login) and run again." : string.Empty),
            AwsErrorKind.Throttled => "The service is throttling requests after the SDK's retries; run again later or with fewer instances at once.",
            AwsErrorKind.Network => "Check network access to the AWS endpoint (proxy, VPC endpoint, -EndpointUrl).",
            AwsErrorKind.Timeout => "The call timed out after the SDK's retries; check network access and run again.",
            AwsErrorKind.NotEnabled => "Enable Amazon Inspector EC2 scanning for this account and region (Inspector console, 'aws inspector2 enable --resource-types EC2', or Enable-INS2Resource from AWS.Tools.Inspector2), then run the command again.",
            AwsErrorKind.ServiceFault => ex.ErrorCode == null
                ? "Something in front of the service (a load balancer or proxy) kept failing after the SDK's retries: check -EndpointUrl or AWS_ENDPOINT_URL and any proxy, or run the command again later."
                : "The service kept failing after the SDK's retries; run the command again later (the AWS Health Dashboard shows service events).",
            AwsErrorKind.UnexpectedResponse => $"The endpoint did not answer as {ServiceOf(ex.Operation)} does: check -EndpointUrl or AWS_ENDPOINT_URL, the region (-Region), and any proxy between this computer and AWS.",
            _ => null,
        };

        private static bool IsSignatureCode(string code) =>
            code == "InvalidSignatureException" || code == "SignatureDoesNotMatch";

        // "Signature expired: 20260101T000000Z is now earlier than …" / "Signature not yet current: … is still later than …".
        private static bool SaysSignatureTimeIsOff(string? message) =>
            message != null && (message.IndexOf("Signature expired", StringComparison.OrdinalIgnoreCase) >= 0
                || message.IndexOf("not yet current", StringComparison.OrdinalIgnoreCase) >= 0);

        private static string ServiceOf(string operation)
        {
            var colon = operation.IndexOf(':');
            return colon > 0 ? operation.Substring(0, colon) : operation;
        }

        private static AwsErrorKind ClassifyClient(AmazonClientException ex)
        {
            for (Exception? e = ex; e != null; e = e.InnerException)
            {
                if (e is HttpRequestException || e is WebException || e is System.Net.Sockets.SocketException)
                    return AwsErrorKind.Network;
                if (e is TimeoutException || e is TaskCanceledException)
                    return AwsErrorKind.Timeout;
            }
            return AwsErrorKind.Network;
        }

        private static string Describe(string operation, string? code, int? status, string? requestId, string text)
        {
            var http = status == null ? null : $"HTTP {status}";
            var id = requestId == null ? "no request id" : $"request id {requestId}";
            var head = code == null
                ? $"{operation} failed with {http ?? "an error"} and no AWS error code ({id})"
                : $"{operation} failed with {code} ({(http == null ? id : http + ", " + id)})";
            return $"{head}: {text.TrimEnd('.')}.";
        }
    }
}
