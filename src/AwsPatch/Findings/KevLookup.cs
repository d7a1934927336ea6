using System;
using System.Collections.Generic;
using System.Linq;
using AwsPatch.Aws;

namespace AwsPatch.Findings
{
    /// <summary>The CISA KEV entries of a set of findings (<see cref="FindingService.GetKevAsync"/>), and the findings Inspector could not answer for.</summary>
    public sealed class KevLookup
    {
        public KevLookup(IReadOnlyDictionary<string, KevRecord> byArn, IReadOnlyList<FindingDetailsErrorRecord> errors)
        {
            ByArn = byArn;
            Errors = errors;
        }

        /// <summary>Finding ARN → its KEV entry, for the findings CISA lists.</summary>
        public IReadOnlyDictionary<string, KevRecord> ByArn { get; }

        /// <summary>Per-ARN errors other than FINDING_DETAILS_NOT_FOUND (a finding with no details is simply not in the catalogue).</summary>
        public IReadOnlyList<FindingDetailsErrorRecord> Errors { get; }

        /// <summary>The earliest KEV due date among <paramref name="findingArns"/>; null when none of them is listed.</summary>
        public DateTime? EarliestDue(IEnumerable<string> findingArns)
        {
            DateTime? earliest = null;
            foreach (var arn in findingArns)
                if (ByArn.TryGetValue(arn, out var kev) && kev.DateDue is DateTime due && (earliest == null || due < earliest))
                    earliest = due;
            return earliest;
        }
    }
}
