using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Runs;

namespace AwsPatch.Rollouts
{
    /// <summary>How a rollout runs its waves, beside the waves themselves (which its record keeps).</summary>
    public sealed class RolloutOptions
    {
        /// <summary>How long and how often to poll installs, scans, snapshots and restores.</summary>
        public RunWaitOptions Wait { get; init; } = new RunWaitOptions();

        /// <summary>How long an instance may take after its install (or restore) to have its agent Online and its EC2 status checks ok.</summary>
        public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromMinutes(15);

        /// <summary>
        /// The user's health check, run once per wave with the wave and its instances that passed the other gates: null
        /// when it passed, else why it failed. Null: no health check.
        /// </summary>
        public Func<PatchRolloutWave, IReadOnlyList<string>, CancellationToken, Task<string?>>? HealthCheck { get; init; }

        /// <summary>
        /// An SSM command document (AWS-RunShellScript, AWS-RunPowerShellScript or your own) run with SendCommand on the
        /// wave's instances that passed the other gates; an invocation that does not end Success fails that instance's
        /// HealthCheck gate. Null: none.
        /// </summary>
        public string? HealthCheckDocument { get; init; }

        /// <summary>The health check document's parameters (name → values).</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> HealthCheckParameters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

        /// <summary>
        /// The remediation gate's deadline: how long after the other gates Inspector may take to rescan the wave and
        /// close (or explain) the findings its install targeted. Null: no remediation gate.
        /// </summary>
        public TimeSpan? RemediationDeadline { get; init; }

        /// <summary>The remediation gate's deadline when none is given (-RemediationTimeoutMinutes' default).</summary>
        public const int DefaultRemediationMinutes = 60;

        /// <summary>
        /// These options for a resumed rollout: each gate setting given again wins (<paramref name="given"/>), the others
        /// come from the rollout's record. A health check document given again comes with its own parameters: the
        /// recorded parameters belong to the recorded document.
        /// </summary>
        internal RolloutOptions ResumedWith(RolloutRecord record, ResumeGates given)
        {
            var document = given.HealthCheckDocument ?? record.HealthCheckDocument;
            var sameDocument = given.HealthCheckDocument == null || string.Equals(given.HealthCheckDocument, record.HealthCheckDocument, StringComparison.Ordinal);
            var remediation = given.RemediationGate ?? record.RemediationTimeout != null;
            return new RolloutOptions
            {
                Wait = Wait,
                RecoveryTimeout = RecoveryTimeout,
                HealthCheck = HealthCheck,
                HealthCheckDocument = document,
                HealthCheckParameters = given.HealthCheckParameters ?? (sameDocument ? record.HealthCheckParameters : new Dictionary<string, IReadOnlyList<string>>()),
                RemediationDeadline = remediation ? given.RemediationTimeout ?? record.RemediationTimeout ?? TimeSpan.FromMinutes(DefaultRemediationMinutes) : (TimeSpan?)null,
            };
        }
    }
}
