namespace AwsPatch
{
    /// <summary>
    /// Get-PatchPriority -Summary: the ranked instances of one account and region rolled up, so the account–region
    /// pairs themselves can be ranked (the one holding the riskiest instance first).
    /// </summary>
    public sealed class PatchPrioritySummary
    {
        /// <summary>The account; null when neither the findings nor the instances named it.</summary>
        public string? AccountId { get; init; }

        public string Region { get; init; } = string.Empty;

        /// <summary>Ranked instances in this account and region.</summary>
        public int InstanceCount { get; init; }

        public int CriticalCount { get; init; }

        public int HighCount { get; init; }

        public int ExploitAvailableCount { get; init; }

        public int FindingCount { get; init; }

        /// <summary>Findings an update fixes (fully or partly).</summary>
        public int FixableCount { get; init; }

        /// <summary>The RiskScore of the riskiest instance here.</summary>
        public double MaxRiskScore { get; init; }

        /// <summary>The riskiest instance here, and its rank among all ranked instances.</summary>
        public string TopInstanceId { get; init; } = string.Empty;

        public int TopRank { get; init; }

        public override string ToString() => $"{AccountId ?? "(own account)"}/{Region}: {InstanceCount} instance(s), top {TopInstanceId}";
    }
}
