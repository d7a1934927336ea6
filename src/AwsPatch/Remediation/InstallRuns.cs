using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Rollouts;
using AwsPatch.Runs;

namespace AwsPatch.Remediation
{
    /// <summary>
    /// Which AwsPatch run installed patches on an instance when: the AWS-RunPatchBaseline Install commands ListCommands
    /// returns (Systems Manager keeps 30 days of them), each with the RunId of its comment (<see cref="RunComment"/>), the
    /// instances it was sent to and its RequestedDateTime. A wave's run (<c>&lt;RolloutId&gt;-w&lt;N&gt;</c>) names its
    /// rollout when Parameter Store holds that rollout's record. A closure is joined to the latest Install requested on the
    /// instance before Inspector closed the finding (the install whose rescan closed it); an open or new finding to the
    /// latest requested before the assessed install. Commands sent to targets (maintenance windows) list no instances,
    /// and commands without an AwsPatch comment have no RunId: findings of those installs have none either.
    /// </summary>
    public sealed class InstallRuns
    {
        private readonly Dictionary<string, List<(DateTime RequestedAt, string RunId)>> _byInstance;
        private readonly IReadOnlyDictionary<string, string> _rolloutOfRun;

        /// <param name="installs">Install commands per instance: when each was requested and its RunId.</param>
        /// <param name="rolloutOfRun">RunId → RolloutId for the runs that are a recorded rollout's waves.</param>
        public InstallRuns(IEnumerable<(string InstanceId, DateTime RequestedAt, string RunId)> installs, IReadOnlyDictionary<string, string> rolloutOfRun)
        {
            _byInstance = installs.GroupBy(i => i.InstanceId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(i => (i.RequestedAt, i.RunId)).OrderBy(i => i.RequestedAt).ToList(), StringComparer.Ordinal);
            _rolloutOfRun = rolloutOfRun;
        }

        /// <summary>No runs known: every finding falls back to its install day.</summary>
        public static readonly InstallRuns None = new InstallRuns(Array.Empty<(string, DateTime, string)>(), new Dictionary<string, string>());

        /// <summary>The run (and rollout) of the latest Install requested on <paramref name="instanceId"/> at or before <paramref name="at"/>; nulls when none is known.</summary>
        public (string? RunId, string? RolloutId) At(string instanceId, DateTime at)
        {
            if (!_byInstance.TryGetValue(instanceId, out var installs)) return (null, null);
            var runId = installs.Where(i => i.RequestedAt <= at).Select(i => i.RunId).LastOrDefault();
            return runId == null ? (null, null) : (runId, _rolloutOfRun.TryGetValue(runId, out var rollout) ? rollout : null);
        }

        /// <summary>
        /// Lists the account's AWS-RunPatchBaseline commands (every page) and reads the record of each rollout a wave run
        /// names, once. A call that fails (no ssm:ListCommands or ssm:GetParametersByPath permission …) leaves what it would
        /// have found unknown rather than failing the assessment.
        /// </summary>
        public static async Task<InstallRuns> LoadAsync(IRunCommandGateway commands, IParameterStoreGateway parameters, CancellationToken cancellationToken)
        {
            var installs = new List<(string, DateTime, string)>();
            var query = new RunCommandQuery { DocumentName = PatchRunService.Document };
            try
            {
                await foreach (var command in Pages.AllAsync(token => commands.ListCommandsAsync(query, RunCommandLimits.PageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                {
                    if (command.RequestedDateTime is not DateTime requested || !RunComment.TryParse(command.Comment, out var runId, out _)
                        || !(command.Parameters.TryGetValue("Operation", out var operation) && operation.Contains("Install")))
                        continue;
                    installs.AddRange(command.InstanceIds.Select(id => (id, requested.ToUniversalTime(), runId)));
                }
            }
            catch (AwsCallException)
            {
                return None;
            }

            var store = new RolloutRecordStore(parameters);
            var rolloutOfRun = new Dictionary<string, string>(StringComparer.Ordinal);
            var recorded = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var runId in installs.Select(i => i.Item3).Distinct(StringComparer.Ordinal))
            {
                if (RolloutIds.RolloutOfWaveRun(runId) is not { } rolloutId) continue;
                if (!recorded.TryGetValue(rolloutId, out var known))
                {
                    try
                    {
                        known = await store.LoadAsync(rolloutId, cancellationToken).ConfigureAwait(false) != null;
                    }
                    catch (AwsCallException)
                    {
                        known = false;
                    }

                    recorded[rolloutId] = known;
                }

                if (known) rolloutOfRun[runId] = rolloutId;
            }

            return new InstallRuns(installs, rolloutOfRun);
        }
    }
}
