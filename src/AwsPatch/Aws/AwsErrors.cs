using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace AwsPatch.Aws
{
    /// <summary>Runs one SDK call and turns whatever it throws into an <see cref="AwsCallException"/>.</summary>
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
                var kind = Classify(ex.ErrorCode, ex.StatusCode);
                throw new AwsCallException(operation, kind, ex.ErrorCode, Describe(operation, ex.ErrorCode, ex.Message), ex);
            }
            catch (AmazonClientException ex)
            {
                throw new AwsCallException(operation, ClassifyClient(ex), null, $"{operation} failed: {ex.Message}", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new AwsCallException(operation, AwsErrorKind.Network, null, $"{operation} could not reach the service: {ex.Message}", ex);
            }
            catch (OperationCanceledException ex)
            {
                // Cancelled without our token: the SDK's HTTP timeout.
                throw new AwsCallException(operation, AwsErrorKind.Timeout, null, $"{operation} timed out.", ex);
            }
        }

        public static AwsErrorKind Classify(string? errorCode, HttpStatusCode status)
        {
            var code = errorCode ?? string.Empty;
            if (code.IndexOf("Throttl", StringComparison.OrdinalIgnoreCase) >= 0
                || code == "RequestLimitExceeded" || code == "TooManyRequestsException" || code == "SlowDown"
                || code.EndsWith("LimitExceeded", StringComparison.Ordinal) || code.EndsWith("QuotaExceeded", StringComparison.Ordinal)
                || code == "ServiceQuotaExceededException")
                return AwsErrorKind.Throttled;
            if (code == "ExpiredToken" || code == "ExpiredTokenException" || code == "RequestExpired")
                return AwsErrorKind.ExpiredCredentials;
            if (code == "UnauthorizedOperation" || code == "AccessDenied" || code == "AccessDeniedException"
                || code == "AuthFailure" || code == "UnrecognizedClientException" || code == "InvalidClientTokenId"
                || code == "MissingAuthenticationToken" || code == "MissingAuthenticationTokenException"
                || code == "SignatureDoesNotMatch" || status == HttpStatusCode.Forbidden || status == HttpStatusCode.Unauthorized)
                return AwsErrorKind.AccessDenied;
            if (code.EndsWith(".NotFound", StringComparison.Ordinal) || code.EndsWith("NotFound", StringComparison.Ordinal)
                || code == "ResourceNotFoundException" || code == "InvalidInstanceId" || status == HttpStatusCode.NotFound)
                return AwsErrorKind.NotFound;
            if (code.IndexOf("InUse", StringComparison.Ordinal) >= 0 || code == "ConflictException" || code == "IncorrectState"
                || code.StartsWith("IncorrectInstanceState", StringComparison.Ordinal))
                return AwsErrorKind.Busy;
            if ((int)status >= 500 || code == "InternalError" || code == "InternalServerError" || code == "ServiceUnavailable"
                || code == "Unavailable" || code == "InternalServerException")
                return AwsErrorKind.ServiceFault;
            return AwsErrorKind.InvalidInput;
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

        private static string Describe(string operation, string? code, string message)
        {
            var text = string.IsNullOrEmpty(message) ? "(no message)" : message.TrimEnd('.');
            return string.IsNullOrEmpty(code) ? $"{operation} failed: {text}." : $"{operation} failed with {code}: {text}.";
        }
    }
}
