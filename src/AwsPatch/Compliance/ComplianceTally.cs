using System;
using System.Collections.Generic;
using System.Linq;

namespace AwsPatch.Compliance
{
    /// <summary>Counts compliance objects as they stream by (nothing kept but the counts) and builds the summary.</summary>
    public sealed class ComplianceTally
    {
        private const string None = "(none)";

        /// <summary>The account of instances read with the session's own credentials (no role assumed, so not named).</summary>
        private const string OwnAccount = "(own account)";

        private readonly Counter _total = new Counter();
        private readonly Dictionary<string, Counter> _groups = new Dictionary<string, Counter>(StringComparer.Ordinal);
        private readonly Dictionary<string, Counter> _environments = new Dictionary<string, Counter>(StringComparer.Ordinal);
        private readonly Dictionary<string, Counter> _accounts = new Dictionary<string, Counter>(StringComparer.Ordinal);
        private readonly Dictionary<string, Counter> _regions = new Dictionary<string, Counter>(StringComparer.Ordinal);

        public void Add(PatchCompliance compliance)
        {
            _total.Add(compliance.ComplianceState);
            Of(_groups, compliance.PatchGroup).Add(compliance.ComplianceState);
            Of(_environments, compliance.Environment).Add(compliance.ComplianceState);
            Of(_accounts, compliance.AccountId ?? OwnAccount).Add(compliance.ComplianceState);
            if (!string.IsNullOrEmpty(compliance.Region))
                Of(_regions, compliance.Region).Add(compliance.ComplianceState);
        }

        public PatchComplianceSummary ToSummary(string fallbackRegion) => new PatchComplianceSummary
        {
            Total = _total.Total,
            Compliant = _total[ComplianceStates.Compliant],
            NonCompliant = _total[ComplianceStates.NonCompliant],
            PendingReboot = _total[ComplianceStates.PendingReboot],
            Stale = _total[ComplianceStates.Stale],
            NotScanned = _total[ComplianceStates.NotScanned],
            ByPatchGroup = Counts("PatchGroup", _groups),
            ByEnvironment = Counts("Environment", _environments),
            ByAccount = Counts("AccountId", _accounts),
            ByRegion = Counts("Region", _regions),
            Region = _regions.Count == 0 ? fallbackRegion : string.Join(", ", _regions.Keys.OrderBy(r => r, StringComparer.Ordinal)),
        };

        private static Counter Of(Dictionary<string, Counter> counters, string? name)
        {
            var key = string.IsNullOrEmpty(name) ? None : name!;
            if (!counters.TryGetValue(key, out var counter))
                counters[key] = counter = new Counter();
            return counter;
        }

        private static IReadOnlyList<PatchComplianceCount> Counts(string groupBy, Dictionary<string, Counter> counters) =>
            counters
                .OrderByDescending(c => c.Value.Total).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new PatchComplianceCount
                {
                    GroupBy = groupBy,
                    Name = c.Key,
                    Total = c.Value.Total,
                    Compliant = c.Value[ComplianceStates.Compliant],
                    NonCompliant = c.Value[ComplianceStates.NonCompliant],
                    PendingReboot = c.Value[ComplianceStates.PendingReboot],
                    Stale = c.Value[ComplianceStates.Stale],
                    NotScanned = c.Value[ComplianceStates.NotScanned],
                })
                .ToList();

        private sealed class Counter
        {
            private readonly Dictionary<string, int> _byState = new Dictionary<string, int>(StringComparer.Ordinal);

            public int Total { get; private set; }

            public int this[string state] => _byState.TryGetValue(state, out var n) ? n : 0;

            public void Add(string state)
            {
                Total++;
                _byState[state] = this[state] + 1;
            }
        }
    }
}
