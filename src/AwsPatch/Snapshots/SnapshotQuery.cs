using System;
using System.Collections.Generic;

namespace AwsPatch.Snapshots
{
    /// <summary>Which snapshot sets <see cref="SnapshotService.GetAsync"/> returns. Empty members mean "no restriction".</summary>
    public sealed class SnapshotQuery
    {
        public IReadOnlyList<string> InstanceIds { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> RunIds { get; init; } = Array.Empty<string>();

        /// <summary>Only sets started more than this long ago.</summary>
        public TimeSpan? OlderThan { get; init; }

        /// <summary>Only sets started less than this long ago.</summary>
        public TimeSpan? NewerThan { get; init; }

        /// <summary>Set states to keep: pending, completed, error.</summary>
        public IReadOnlyList<string> States { get; init; } = Array.Empty<string>();

        /// <summary>Include snapshots AwsPatch did not make (no <c>AwsPatch:RunId</c> tag).</summary>
        public bool All { get; init; }
    }
}
