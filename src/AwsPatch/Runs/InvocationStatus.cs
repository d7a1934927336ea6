using System;

namespace AwsPatch.Runs
{
    /// <summary>Run Command invocation statuses as AwsPatch reports them.</summary>
    public static class InvocationStatus
    {
        public const string Pending = "Pending";
        public const string InProgress = "InProgress";
        public const string Success = "Success";
        public const string Failed = "Failed";
        public const string TimedOut = "TimedOut";
        public const string Cancelled = "Cancelled";
        public const string Undeliverable = "Undeliverable";

        /// <summary>The status to show: SSM reports an unreachable agent as Failed with details "Undeliverable".</summary>
        public static string Normalize(string status, string details) =>
            string.Equals(details, Undeliverable, StringComparison.OrdinalIgnoreCase) ? Undeliverable : status;

        public static bool IsTerminal(string status) =>
            status == Success || status == Failed || status == TimedOut || status == Cancelled || status == Undeliverable;

        /// <summary>Terminal and not Success: the instance was not patched.</summary>
        public static bool IsFailure(string status) => IsTerminal(status) && status != Success;
    }
}
