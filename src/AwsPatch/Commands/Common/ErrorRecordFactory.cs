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
            return WithAction(record, failure.RecommendedAction);
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
                    return WithAction(new ErrorRecord(call, ErrorIdOf(call), CategoryOf(call.Kind), target), ActionFor(call));
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
            AwsErrorKind.NotFound => "ResourceNotFound",
            AwsErrorKind.InvalidInput => "InvalidRequest",
            AwsErrorKind.Throttled => "Throttled",
            AwsErrorKind.Timeout => "Timeout",
            AwsErrorKind.Network => "ConnectionFailed",
            AwsErrorKind.Busy => "ResourceBusy",
            AwsErrorKind.NotEnabled => "ServiceNotEnabled",
            _ => "ServiceFault",
        };

        private static string? ActionFor(AwsCallException ex) => ex.Kind switch
        {
            AwsErrorKind.AccessDenied => $"Grant the caller permission for {ex.Operation}, or use credentials that have it (-ProfileName, -Credential).",
            AwsErrorKind.ExpiredCredentials => "Refresh the credentials (for SSO profiles: aws sso login) and run the command again.",
            AwsErrorKind.Throttled => "The service is throttling requests after the SDK's retries; run again later or with fewer instances at once.",
            AwsErrorKind.Network => "Check network access to the AWS endpoint (proxy, VPC endpoint, -EndpointUrl).",
            AwsErrorKind.Timeout => "The call timed out after the SDK's retries; check network access and run again.",
            AwsErrorKind.NotEnabled => "Enable Amazon Inspector EC2 scanning for this account and region (Inspector console, 'aws inspector2 enable --resource-types EC2', or Enable-INS2Resource from AWS.Tools.Inspector2), then run the command again.",
            _ => null,
        };

        private static ErrorRecord WithAction(ErrorRecord record, string? action)
        {
            if (!string.IsNullOrEmpty(action))
                record.ErrorDetails = new ErrorDetails(record.Exception.Message) { RecommendedAction = action };
            return record;
        }
    }
}
