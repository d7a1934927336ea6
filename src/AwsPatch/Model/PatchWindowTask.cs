using System;
using System.Collections.Generic;

namespace AwsPatch
{
    /// <summary>An AWS-RunPatchBaseline task of a maintenance window: what it does and how fast.</summary>
    public sealed class PatchWindowTask
    {
        public string WindowId { get; init; } = string.Empty;
        public string WindowTaskId { get; init; } = string.Empty;
        public string? Name { get; init; }

        /// <summary>Scan or Install (the document's Operation parameter).</summary>
        public string Operation { get; init; } = string.Empty;

        /// <summary>RebootIfNeeded or NoReboot.</summary>
        public string RebootOption { get; init; } = string.Empty;
        public string? MaxConcurrency { get; init; }
        public string? MaxErrors { get; init; }
        public int Priority { get; init; }

        /// <summary>The window target ids (or instance ids) the task runs on.</summary>
        public IReadOnlyList<string> WindowTargetIds { get; init; } = Array.Empty<string>();

        public override string ToString() => $"{Operation} {WindowTaskId}";
    }
}
