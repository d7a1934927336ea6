using System;
using System.Collections.Generic;

namespace AwsPatch.Compliance
{
    /// <summary>Which patches <see cref="ComplianceService.GetPatchesAsync"/> lists for each instance.</summary>
    public sealed class PatchQuery
    {
        public const string Missing = "Missing";
        public const string Failed = "Failed";

        public IReadOnlyList<string> InstanceIds { get; init; } = Array.Empty<string>();

        /// <summary>Patch states to list; Missing and Failed by default.</summary>
        public IReadOnlyList<string> States { get; init; } = new[] { Missing, Failed };

        /// <summary>Severities to list; empty lists all.</summary>
        public IReadOnlyList<string> Severities { get; init; } = Array.Empty<string>();
    }
}
