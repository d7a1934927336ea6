using System;
using AwsPatch.Aws;

namespace AwsPatch.Common
{
    /// <summary>
    /// Why one input item (an instance, a snapshot …) could not be processed. Services return these beside their
    /// results so one bad item never stops the others; the cmdlet layer turns each into a non-terminating error.
    /// </summary>
    public sealed class ItemFailure
    {
        public ItemFailure(string targetId, string errorId, AwsErrorKind kind, string message, string? recommendedAction = null, Exception? exception = null)
        {
            TargetId = targetId;
            ErrorId = errorId;
            Kind = kind;
            Message = message;
            RecommendedAction = recommendedAction;
            Exception = exception;
        }

        /// <summary>The id of the item that failed: the error record's target object.</summary>
        public string TargetId { get; }

        /// <summary>Stable PascalCase error id (<c>InvalidInstanceId</c>, <c>InstanceNotFound</c> …).</summary>
        public string ErrorId { get; }

        public AwsErrorKind Kind { get; }

        public string Message { get; }

        public string? RecommendedAction { get; }

        public Exception? Exception { get; }
    }
}
