using System;
using System.Collections.Generic;

namespace AwsPatch
{
    /// <summary>
    /// One patch of one instance as SSM Patch Manager last recorded it (DescribeInstancePatches): by default the
    /// patches an instance is missing or failed to install.
    /// </summary>
    public sealed class PatchMissing : IAccountScoped<PatchMissing>
    {
        public string InstanceId { get; init; } = string.Empty;

        public string Title { get; init; } = string.Empty;

        /// <summary>The KB article (Windows, e.g. KB5034441) or the package version (Linux).</summary>
        public string? KBId { get; init; }

        /// <summary>SecurityUpdates, CriticalUpdates, Updates (Windows); Security, Bugfix, Enhancement (Linux).</summary>
        public string? Classification { get; init; }

        public string? Severity { get; init; }

        /// <summary>Missing, Failed, InstalledPendingReboot, Installed, InstalledOther, InstalledRejected or NotApplicable.</summary>
        public string? State { get; init; }

        /// <summary>When the patch was installed (UTC); null when it is not installed.</summary>
        public DateTime? InstalledTime { get; init; }

        public IReadOnlyList<string> CVEIds { get; init; } = Array.Empty<string>();

        public string Region { get; init; } = string.Empty;

        /// <summary>
        /// The account of the role the instance was read through, else of the session's own credentials (STS
        /// GetCallerIdentity); null only when that could not be read, which the command says in one warning.
        /// </summary>
        public string? AccountId { get => _accountId; init => _accountId = value; }

        private string? _accountId;

        /// <summary>This patch as read in account <paramref name="accountId"/>.</summary>
        internal PatchMissing InAccount(string? accountId)
        {
            if (accountId == null || accountId == _accountId)
                return this;
            var copy = (PatchMissing)MemberwiseClone();
            copy._accountId = accountId;
            return copy;
        }

        PatchMissing IAccountScoped<PatchMissing>.InAccount(string? accountId) => InAccount(accountId);

        public override string ToString() => $"{InstanceId}: {KBId ?? Title}";
    }
}
