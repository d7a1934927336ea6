using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Common;
using AwsPatch.Rollouts;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// What Invoke-PatchRollout and Resume-PatchRollout share: the gate parameters (the health check scriptblock is code,
    /// run here on the pipeline thread, and is not recorded; the others are recorded by Invoke), -Force, and writing a rollout's stream (results, an error for
    /// each instance that failed, nested progress).
    /// </summary>
    public abstract class RolloutCmdlet : WaitingAwsCmdlet
    {
        private const int ProgressId = 0x5A80;

        /// <summary>Run once per wave with the wave's instance ids (first argument) and the wave (second); a throw or a $false output fails the wave's gate.</summary>
        [Parameter]
        public ScriptBlock? HealthCheck { get; set; }

        /// <summary>
        /// An SSM command document run (SendCommand) on each wave's instances that passed the other gates, waited like
        /// the install; an invocation that does not end Success fails that instance's HealthCheck gate.
        /// </summary>
        [Parameter]
        [ValidatePattern(@"^[a-zA-Z0-9_\-.:/]{3,128}$")]
        public string? HealthCheckDocument { get; set; }

        /// <summary>The health check document's parameters: name → a value or a list of values (for example @{ commands = 'systemctl is-active nginx' }).</summary>
        [Parameter]
        public Hashtable? HealthCheckParameters { get; set; }

        /// <summary>Minutes an instance may take after its install or rollback to be Online with EC2 status checks ok.</summary>
        [Parameter]
        [ValidateRange(1, 1440)]
        public int RecoveryTimeoutMinutes { get; set; } = 15;

        /// <summary>Gates each wave on Inspector: every finding its install targeted is closed, or open for a known reason, after the rescan.</summary>
        [Parameter]
        public SwitchParameter RemediationGate { get; set; }

        /// <summary>Minutes the remediation gate waits for Inspector to rescan a wave's instances.</summary>
        [Parameter]
        [ValidateRange(1, 1440)]
        public int RemediationTimeoutMinutes { get; set; } = RolloutOptions.DefaultRemediationMinutes;

        /// <summary>Skips the confirmation prompt (never -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private protected bool IsBound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        internal RolloutOptions Options(AsyncPipeline pipe) => new RolloutOptions
        {
            Wait = WaitOptions,
            RecoveryTimeout = TimeSpan.FromMinutes(RecoveryTimeoutMinutes),
            RemediationDeadline = RemediationGate ? TimeSpan.FromMinutes(RemediationTimeoutMinutes) : (TimeSpan?)null,
            HealthCheck = HealthCheck == null ? null : (wave, ids, _) => RunHealthCheckAsync(pipe, HealthCheck, wave, ids),
            HealthCheckDocument = HealthCheckDocument,
            HealthCheckParameters = DocumentParameters(HealthCheckParameters),
        };

        /// <summary>A hashtable of document parameters as SendCommand takes them: each value a string, or a list of strings.</summary>
        internal static Dictionary<string, IReadOnlyList<string>> DocumentParameters(Hashtable? parameters)
        {
            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in parameters ?? new Hashtable())
            {
                var value = entry.Value is PSObject ps ? ps.BaseObject : entry.Value;
                result[entry.Key.ToString()!] = value is string text ? new[] { text }
                    : value is IEnumerable many ? many.Cast<object?>().Select(v => (v is PSObject p ? p.BaseObject : v)?.ToString() ?? string.Empty).ToList()
                    : new[] { value?.ToString() ?? string.Empty };
            }
            return result;
        }

        /// <summary>Writes the rollout's results, an error per instance that failed its install or a gate, and the rollout's own errors.</summary>
        internal static async Task WriteAsync(AsyncPipeline pipe, string rolloutId, Func<IRolloutSink, IAsyncEnumerable<Outcome<PatchRolloutResult>>> rollout, CancellationToken cancellationToken)
        {
            var progress = new RolloutProgressWriter(pipe, ProgressId, $"Rollout {rolloutId}");
            try
            {
                await foreach (var outcome in rollout(progress).ConfigureAwait(false))
                {
                    if (outcome.Value is { } result)
                    {
                        await pipe.WriteObjectAsync(result).ConfigureAwait(false);
                        if (result.Gate != WaveStates.Passed)
                            await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(FailureOf(result))).ConfigureAwait(false);
                    }
                    else
                    {
                        await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure!)).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                pipe.WriteStoppingWarning($"Stopped following rollout {rolloutId}. What was sent goes on in Systems Manager; continue the rollout with Resume-PatchRollout -RolloutId {rolloutId} (it redoes no finished wave and sends nothing twice), or see where it is with Get-PatchRollout -RolloutId {rolloutId}.");
                throw;
            }
            finally
            {
                progress.Complete();
            }
        }

        private static ItemFailure FailureOf(PatchRolloutResult result)
        {
            var (id, action) = result.Gate == WaveStates.NotRun
                ? ("RolloutInstanceNotPatched", "Fix what the message names (Get-PatchSnapshot, Get-PatchInstance), then include the instance in a new rollout.")
                : result.Status != "Success"
                    ? ("RolloutInstallFailed", "Read the wave run's output (Get-PatchRun -RunId " + result.RunId + "), fix the cause, then start a new rollout.")
                    : ("RolloutGateFailed", "See GateOutcomes on the result; fix the cause, then start a new rollout.");
            var rolledBack = result.RolledBack ? " It was rolled back to its pre-patch snapshot." : string.Empty;
            return new ItemFailure(result.InstanceId, id, Aws.AwsErrorKind.ServiceFault,
                $"Instance {result.InstanceId} failed wave {result.Wave} ({result.WaveName}) of rollout {result.RolloutId}: {result.Error ?? result.Status}{rolledBack}", action);
        }

        private static async Task<string?> RunHealthCheckAsync(AsyncPipeline pipe, ScriptBlock check, PatchRolloutWave wave, IReadOnlyList<string> ids)
        {
            try
            {
                var output = await pipe.OnPipelineThreadAsync(() => check.Invoke(ids.ToArray(), wave)).ConfigureAwait(false);
                var falses = output.Count(o => o != null && o.BaseObject is bool b && !b);
                return falses > 0 ? "the -HealthCheck scriptblock returned $false" : null;
            }
            catch (RuntimeException ex)
            {
                return $"the -HealthCheck scriptblock threw: {ex.Message}";
            }
        }
    }
}
