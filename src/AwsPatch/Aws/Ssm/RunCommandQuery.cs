using System;

namespace AwsPatch.Aws
{
    /// <summary>ListCommands criteria: one command by id, or a document's commands sent after a time or still running.</summary>
    public sealed class RunCommandQuery
    {
        public string? CommandId { get; init; }

        public string? DocumentName { get; init; }

        public DateTime? InvokedAfter { get; init; }

        /// <summary>Only commands still running (ListCommands' <c>ExecutionStage</c> filter = <c>Executing</c>).</summary>
        public bool ExecutingOnly { get; init; }
    }
}
