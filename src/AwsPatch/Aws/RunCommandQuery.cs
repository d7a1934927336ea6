using System;

namespace AwsPatch.Aws
{
    /// <summary>ListCommands criteria: one command by id, or a document's commands sent after a time.</summary>
    public sealed class RunCommandQuery
    {
        public string? CommandId { get; init; }

        public string? DocumentName { get; init; }

        public DateTime? InvokedAfter { get; init; }
    }
}
