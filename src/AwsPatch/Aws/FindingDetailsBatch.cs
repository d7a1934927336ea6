using System;
using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>One BatchGetFindingDetails answer: the KEV entries of the findings that have one, and the per-ARN errors.</summary>
    public sealed class FindingDetailsBatch
    {
        /// <summary>Findings CISA lists; a finding with details but no <c>cisaData</c> is not in the catalogue and is not here.</summary>
        public IReadOnlyList<KevRecord> Kev { get; init; } = Array.Empty<KevRecord>();
        public IReadOnlyList<FindingDetailsErrorRecord> Errors { get; init; } = Array.Empty<FindingDetailsErrorRecord>();
    }
}
