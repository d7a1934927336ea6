using System;
using System.Net;
using Amazon.Runtime;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>
    /// An error Inspector2 returned. <see cref="AmazonServiceException.ErrorCode"/> is the model's exception shape
    /// name (see <see cref="Inspector2ErrorCodes"/>), as with AWSSDK.Inspector2's typed exceptions.
    /// </summary>
    internal sealed class AmazonInspector2Exception : AmazonServiceException
    {
        public AmazonInspector2Exception(string message)
            : base(message)
        {
        }

        public AmazonInspector2Exception(string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
            : base(message, innerException, errorType, errorCode, requestId, statusCode)
        {
        }

        /// <summary>
        /// The body of an answer that was not an AWS error document (no error type in header or body: an HTML page
        /// from a load balancer, plain text), so the error mapping can say what came back; null for AWS errors.
        /// </summary>
        public string? ResponseBody { get; init; }

        /// <summary>The model marks ThrottlingException retryable as throttling and InternalServerException retryable.</summary>
        public override RetryableDetails? Retryable => ErrorCode switch
        {
            Inspector2ErrorCodes.Throttling => new RetryableDetails(true),
            Inspector2ErrorCodes.InternalServer => new RetryableDetails(false),
            _ => null,
        };
    }
}
