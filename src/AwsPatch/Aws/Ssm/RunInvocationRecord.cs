using System;

namespace AwsPatch.Aws
{
    /// <summary>One instance's invocation of a command (ListCommandInvocations), with its plugin's output when asked for details.</summary>
    public sealed class RunInvocationRecord
    {
        public string CommandId { get; init; } = string.Empty;

        public string InstanceId { get; init; } = string.Empty;

        public string Comment { get; init; } = string.Empty;

        public string Status { get; init; } = string.Empty;

        public string StatusDetails { get; init; } = string.Empty;

        public DateTime? RequestedDateTime { get; init; }

        public DateTime? StartedAt { get; init; }

        public DateTime? CompletedAt { get; init; }

        public int? ResponseCode { get; init; }

        /// <summary>The plugin output (SSM keeps the first 2,500 characters); null without details.</summary>
        public string? Output { get; init; }

        public string? StandardOutputUrl { get; init; }
    }
}
