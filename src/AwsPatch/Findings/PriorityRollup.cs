using System;
using System.Collections.Generic;
using System.Linq;

namespace AwsPatch.Findings
{
    /// <summary>Rolls ranked instances up per account and region (Get-PatchPriority -Summary).</summary>
    public static class PriorityRollup
    {
        /// <summary>One summary per account–region pair of <paramref name="ranked"/>, the pair with the riskiest instance first.</summary>
        public static IReadOnlyList<PatchPrioritySummary> Summarize(IEnumerable<PatchPriority> ranked) =>
            ranked
                .GroupBy(p => (p.AccountId, p.Region))
                .Select(g =>
                {
                    var top = g.OrderBy(p => p.Rank).First();
                    return new PatchPrioritySummary
                    {
                        AccountId = g.Key.AccountId,
                        Region = g.Key.Region,
                        InstanceCount = g.Count(),
                        CriticalCount = g.Sum(p => p.CriticalCount),
                        HighCount = g.Sum(p => p.HighCount),
                        ExploitAvailableCount = g.Sum(p => p.ExploitAvailableCount),
                        FindingCount = g.Sum(p => p.FindingCount),
                        FixableCount = g.Sum(p => p.FixableCount),
                        MaxRiskScore = top.RiskScore,
                        TopInstanceId = top.InstanceId,
                        TopRank = top.Rank,
                    };
                })
                .OrderBy(s => s.TopRank)
                .ToList();
    }
}
