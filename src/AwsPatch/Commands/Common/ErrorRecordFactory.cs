using System;
using System.Management.Automation;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// The one place AwsPatch failures become PowerShell error records: stable PascalCase ids, a category from the
    /// kind of failure, the failed resource's id as target, and the fix in <c>ErrorDetails.RecommendedAction</c>.
    /// </summary>
    internal static class ErrorRecordFactory
    {
        public static ErrorRecord FromFailure(ItemFailure failure)
        {
            var record = new ErrorRecord(new ItemFailureException(failure), failure.ErrorId, CategoryOf(failure.Kind), failure.TargetId);
            // A per-item failure caused by an AWS call and without advice of its own gets the call's.
            return WithAction(record, failure.RecommendedAction ?? (failure.Exception is AwsCallException call ? AwsErrors.ActionFor(call) : null));
        }

        /// <param name="target">The input object the failure belongs to; the failure's kind when it belongs to the whole command.</param>
        public static ErrorRecord FromSession(AwsSessionException ex, object? target = null)
        {
            var category = ex.Kind switch
            {
                AwsSessionErrorKind.NoCredentials => ErrorCategory.AuthenticationError,
                AwsSessionErrorKind.ProfileNotFound => ErrorCategory.ObjectNotFound,
                _ => ErrorCategory.InvalidArgument,
            };
            return WithAction(new ErrorRecord(ex, ex.ErrorId, category, target ?? ex.Kind.ToString()), ex.RecommendedAction);
        }

        /// <summary>A failure that stops the whole command (a listing call failed, an unexpected fault).</summary>
        public static ErrorRecord FromException(Exception ex, object target)
        {
            switch (ex)
            {
                case AwsSessionException session:
                    return FromSession(session);
                case ItemFailureException item:
                    return FromFailure(item.Failure);
                case AwsCallException call:
                    return WithAction(new ErrorRecord(call, ErrorIdOf(call), CategoryOf(call.Kind), target), AwsErrors.ActionFor(call));
                case ArgumentException argument:
                    return new ErrorRecord(argument, "InvalidParameterValue", ErrorCategory.InvalidArgument, target);
                default:
                    return new ErrorRecord(ex, "UnexpectedError", ErrorCategory.InvalidOperation, target);
            }
        }

        public static ErrorCategory CategoryOf(AwsErrorKind kind) => kind switch
        {
            AwsErrorKind.AccessDenied => ErrorCategory.PermissionDenied,
            AwsErrorKind.ExpiredCredentials => ErrorCategory.AuthenticationError,
            AwsErrorKind.InvalidCredentials => ErrorCategory.AuthenticationError,
            AwsErrorKind.ClockSkew => ErrorCategory.AuthenticationError,
            AwsErrorKind.UnexpectedResponse => ErrorCategory.ProtocolError,
            AwsErrorKind.Unavailable => ErrorCategory.ResourceUnavailable,
            AwsErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            AwsErrorKind.InvalidInput => ErrorCategory.InvalidArgument,
            AwsErrorKind.Throttled => ErrorCategory.LimitsExceeded,
            AwsErrorKind.Timeout => ErrorCategory.OperationTimeout,
            AwsErrorKind.Network => ErrorCategory.ConnectionError,
            AwsErrorKind.Busy => ErrorCategory.ResourceBusy,
            AwsErrorKind.NotEnabled => ErrorCategory.NotEnabled,
            _ => ErrorCategory.InvalidResult,
        };

        private static string ErrorIdOf(AwsCallException ex) => ex.Kind switch
        {
            AwsErrorKind.AccessDenied => "AccessDenied",
            AwsErrorKind.ExpiredCredentials => "ExpiredCredentials",
            AwsErrorKind.InvalidCredentials => "InvalidCredentials",
            AwsErrorKind.ClockSkew => "ClockSkew",
            AwsErrorKind.UnexpectedResponse => "UnexpectedResponse",
            AwsErrorKind.Unavailable => "ServiceUnavailable",
            AwsErrorKind.NotFound => "ResourceNotFound",
            AwsErrorKind.InvalidInput => "InvalidRequest",
            AwsErrorKind.Throttled => "Throttled",
            AwsErrorKind.Timeout => "Timeout",
            AwsErrorKind.Network => "ConnectionFailed",
            AwsErrorKind.Busy => "ResourceBusy",
            AwsErrorKind.NotEnabled => "ServiceNotEnabled",
            _ => "ServiceFault",
        };

        private static ErrorRecord WithAction(ErrorRecord record, string? action)
        {
            if (!string.IsNullOrEmpty(action))
                record.ErrorDetails = new ErrorDetails(record.Exception.Message) { RecommendedAction = action };
            return record;
        }
    }
}
