using System;

namespace AwsPatch
{
    /// <summary>
    /// One instance's patch compliance as SSM Patch Manager last recorded it (DescribeInstancePatchStates), with a
    /// derived <see cref="ComplianceState"/>. An instance with no patch state at all comes out as NotScanned.
    /// </summary>
    public sealed class PatchCompliance : IAccountScoped<PatchCompliance>
    {
        private string? _patchGroup;
        private string? _environment;
        private string _complianceState = string.Empty;
        private string? _accountId;

        public string InstanceId { get; init; } = string.Empty;

        public string? PatchGroup { get => _patchGroup; init => _patchGroup = value; }

        /// <summary>The Environment tag, when the instance's tags were known (instances piped in).</summary>
        public string? Environment { get => _environment; init => _environment = value; }

        public string? BaselineId { get; init; }

        /// <summary>The last operation: Scan or Install.</summary>
        public string? Operation { get; init; }

        public DateTime? OperationStartTime { get; init; }

        public DateTime? OperationEndTime { get; init; }

        public int InstalledCount { get; init; }

        public int InstalledOtherCount { get; init; }

        public int InstalledPendingRebootCount { get; init; }

        public int InstalledRejectedCount { get; init; }

        public int MissingCount { get; init; }

        public int FailedCount { get; init; }

        public int NotApplicableCount { get; init; }

        public int CriticalNonCompliantCount { get; init; }

        public int SecurityNonCompliantCount { get; init; }

        public int OtherNonCompliantCount { get; init; }

        /// <summary>RebootIfNeeded or NoReboot, as the last operation ran.</summary>
        public string? RebootOption { get; init; }

        /// <summary>Compliant, NonCompliant, PendingReboot, NotScanned or Stale (last scan older than -StaleAfter).</summary>
        public string ComplianceState { get => _complianceState; init => _complianceState = value; }

        public string Region { get; init; } = string.Empty;

        /// <summary>
        /// The account the instance is in: the account of the role it was read through (-RoleArn, -AccountId/-RoleName,
        /// or the role a piped instance was listed through), else the account of the session's own credentials (STS
        /// GetCallerIdentity); null only when that could not be read, which the command says in one warning.
        /// </summary>
        public string? AccountId { get => _accountId; init => _accountId = value; }

        public override string ToString() => InstanceId;

        /// <summary>This patch state read in account <paramref name="accountId"/>.</summary>
        internal PatchCompliance InAccount(string? accountId) =>
            accountId == null || accountId == _accountId ? this : WithAccount(accountId);

        PatchCompliance IAccountScoped<PatchCompliance>.InAccount(string? accountId) => InAccount(accountId);

        private PatchCompliance WithAccount(string accountId)
        {
            var copy = (PatchCompliance)MemberwiseClone();
            copy._accountId = accountId;
            return copy;
        }

        /// <summary>
        /// This patch state as reported for one instance: with its Environment tag, the patch group it was piped with
        /// when Systems Manager names none, and the state derived from the counts.
        /// </summary>
        internal PatchCompliance For(string? environment, string? patchGroup, string complianceState)
        {
            var copy = (PatchCompliance)MemberwiseClone();
            copy._environment = environment;
            copy._patchGroup = _patchGroup ?? patchGroup;
            copy._complianceState = complianceState;
            return copy;
        }
    }
}
