using System;

namespace AwsPatch.Aws
{
    /// <summary>
    /// An AWS call failed after the SDK's own retries. Gateways throw it instead of SDK exceptions so that
    /// services and cmdlets never depend on SDK exception types; it carries the operation, the service's code, the
    /// HTTP status and the request id, and its message names them all on one line.
    /// </summary>
    public sealed class AwsCallException : Exception
    {
        public AwsCallException(string operation, AwsErrorKind kind, string? errorCode, string message, Exception? inner = null)
            : base(message, inner)
        {
            Operation = operation;
            Kind = kind;
            ErrorCode = errorCode;
        }

        /// <summary>Service and operation, e.g. <c>ec2:DescribeInstances</c>.</summary>
        public string Operation { get; }

        public AwsErrorKind Kind { get; }

        /// <summary>The service's own error code (<c>UnauthorizedOperation</c>, <c>ThrottlingException</c> …) when it sent one.</summary>
        public string? ErrorCode { get; }

        /// <summary>The HTTP status of the last attempt's answer, when there was one.</summary>
        public int? HttpStatus { get; init; }

        /// <summary>The request id AWS gave the last attempt (what AWS Support asks for), when it sent one.</summary>
        public string? RequestId { get; init; }
    }
}
