namespace AwsPatch
{
    /// <summary>How many instances of one patch group or environment are in each compliance state (part of a <see cref="PatchComplianceSummary"/>).</summary>
    public sealed class PatchComplianceCount
    {
        /// <summary>PatchGroup, Environment, AccountId or Region: what <see cref="Name"/> is a value of.</summary>
        public string GroupBy { get; init; } = string.Empty;

        /// <summary>The patch group, environment, account or region; <c>(none)</c> for instances without one (<c>(own account)</c> for the account).</summary>
        public string Name { get; init; } = string.Empty;

        public int Total { get; init; }

        public int Compliant { get; init; }

        public int NonCompliant { get; init; }

        public int PendingReboot { get; init; }

        public int Stale { get; init; }

        public int NotScanned { get; init; }

        public override string ToString() => $"{Name}: {Compliant}/{Total} compliant";
    }
}
