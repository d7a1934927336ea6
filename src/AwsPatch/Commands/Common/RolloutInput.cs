using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Rollouts;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// What New-PatchRolloutPlan and Invoke-PatchRollout share to cut piped instances into waves: the ids (first seen
    /// order) with their risk and the account-region each came from (an id that comes again from another keeps its
    /// first), the check that leaves out stopped, unmanaged and offline instances (each an error, each instance checked
    /// where it lives), and the planner.
    /// </summary>
    internal sealed class RolloutInput
    {
        private readonly List<string> _ids = new List<string>();
        private readonly Dictionary<string, double> _risk = new Dictionary<string, double>(StringComparer.Ordinal);

        // Every account-region session the input came with (first seen first), and how many instances each brought.
        private readonly List<AwsSession> _sessions = new List<AwsSession>();
        private readonly Dictionary<AwsSession, int> _countOf = new Dictionary<AwsSession, int>();
        private readonly Dictionary<string, AwsSession> _sessionOf = new Dictionary<string, AwsSession>(StringComparer.Ordinal);
        private AwsSession? _current;
        private readonly List<(string? AccountId, string Region)> _plans = new List<(string? AccountId, string Region)>();

        /// <summary>Whether the input came from more than one account-region.</summary>
        public bool SpansSessions => _sessions.Count > 1;

        /// <summary>The session <paramref name="instanceId"/> came with; null for an id not given.</summary>
        public AwsSession? SessionOf(string instanceId) => _sessionOf.TryGetValue(instanceId, out var session) ? session : null;

        /// <summary>
        /// Where the waves' instances are patched besides <paramref name="home"/>: one target per other account-region
        /// (first seen first) with its session, and each instance's target (1-based); an instance of home's account and
        /// region has none.
        /// </summary>
        public (IReadOnlyList<RolloutTarget> Targets, IReadOnlyList<AwsSession> Sessions, IReadOnlyDictionary<string, int> TargetOf) Targets(AwsSession home, IReadOnlyList<PatchRolloutWave> waves)
        {
            var homeTarget = RolloutTarget.Of(home);
            var targets = new List<RolloutTarget>();
            var sessions = new List<AwsSession>();
            var targetOf = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var id in waves.SelectMany(w => w.InstanceIds))
            {
                var session = SessionOf(id);
                if (session == null || homeTarget.Is(session))
                    continue;
                var index = targets.FindIndex(t => t.Is(session));
                if (index < 0)
                {
                    targets.Add(RolloutTarget.Of(session));
                    sessions.Add(session);
                    index = targets.Count - 1;
                }
                targetOf[id] = index + 1;
            }
            return (targets, sessions, targetOf);
        }

        /// <summary>
        /// The one account and region of every input, for a plan (made, or run as it is) that lives in one. Null when no
        /// input came; the whole command is refused (<c>RolloutSpansRegions</c>, nothing read, snapshotted, sent or
        /// recorded) when the input came from several, naming each, with the way to split it.
        /// </summary>
        public AwsSession? SingleSession(string command)
        {
            if (_sessions.Count <= 1)
                return _sessions.FirstOrDefault() is { } single ? RefusePlansElsewhere(single) : null;
            var sessions = _sessions.OrderBy(Describe, StringComparer.Ordinal).ToList();
            var found = sessions.Select(s => $"{Describe(s)} ({_countOf[s]} instance(s))").ToList();
            var plan = command == "New-PatchRolloutPlan";
            throw new ItemFailureException(new ItemFailure(string.Join(", ", sessions.Select(Describe)), "RolloutSpansRegions", AwsErrorKind.InvalidInput,
                $"{(plan ? command + " makes a plan" : "A rollout plan")} of one account and one region, but the input has {(plan ? "instances" : "plans")} in {_sessions.Count} account-regions: {string.Join("; ", found)}. Nothing was sent.",
                plan
                    ? "Pipe the instances straight into Invoke-PatchRollout (its waves may span accounts and regions), or make one plan per account and region: Get-PatchInstance ... | Group-Object AccountId, Region | ForEach-Object { $_.Group | New-PatchRolloutPlan ... }."
                    : "Run each plan on its own ($plan | Invoke-PatchRollout), or pipe the instances themselves into Invoke-PatchRollout, whose waves may span accounts and regions."));
        }

        /// <summary>
        /// Refuses (<c>RolloutPlanElsewhere</c>, nothing read or sent) a plan made in another account or region than
        /// <paramref name="session"/>: given as <c>-Plan $plan</c>, its RoleArn and Region do not bind, and its
        /// instances are not where the rollout would look. A plan made without a role names no account to compare.
        /// </summary>
        private AwsSession RefusePlansElsewhere(AwsSession session)
        {
            foreach (var (account, region) in _plans)
            {
                if ((account == null || account == session.AccountId) && (region.Length == 0 || region == session.RegionName))
                    continue;
                var made = string.Join(" ", new[] { account == null ? null : $"account {account}", region.Length == 0 ? null : region }.Where(part => part != null));
                throw new ItemFailureException(new ItemFailure(made, "RolloutPlanElsewhere", AwsErrorKind.InvalidInput,
                    $"The plan was made for {made}, but this rollout would run in {Describe(session)}. Nothing was sent.",
                    "Pipe the plan ($plan | Invoke-PatchRollout), so that its RoleArn and Region bind, or give the plan's -Region and -RoleArn."));
            }
            return session;
        }

        /// <summary>An account-region in words: the account (when reached through a role) and the region.</summary>
        private static string Describe(AwsSession session) =>
            session.AccountId is { } account ? $"account {account} {session.RegionName}" : $"the credentials' own account {session.RegionName}";

        /// <summary>The session of the input that follows (its account and region); several are refused by <see cref="SingleSession"/> for a plan.</summary>
        public void UseSession(AwsSession session)
        {
            if (!_countOf.ContainsKey(session))
            {
                _sessions.Add(session);
                _countOf[session] = 0;
            }
            _current = session;
        }

        /// <summary>Counts a plan's instances for the session it came with, and keeps where it was made (its waves are checked by the caller).</summary>
        public void AddPlanned(PatchRolloutPlan plan)
        {
            _countOf[_current!] += plan.InstanceCount;
            _plans.Add((plan.AccountId, plan.Region));
        }

        /// <summary>Adds ids; <paramref name="risk"/> (when the RiskScore was bound) orders them within their wave.</summary>
        public void Add(IEnumerable<string>? ids, double? risk)
        {
            foreach (var id in ids ?? Array.Empty<string>())
            {
                var trimmed = id?.Trim();
                if (string.IsNullOrEmpty(trimmed))
                    continue;
                if (!_risk.ContainsKey(trimmed!))
                {
                    _ids.Add(trimmed!);
                    if (_current != null)
                    {
                        _countOf[_current]++;
                        _sessionOf[trimmed!] = _current;
                    }
                }
                if (risk != null)
                    _risk[trimmed!] = risk.Value;
                else if (!_risk.ContainsKey(trimmed!))
                    _risk[trimmed!] = double.NaN;
            }
        }

        /// <summary>The waves of the instances given that can be patched, each checked in its own account-region; an error for each one left out.</summary>
        public async Task<IReadOnlyList<PatchRolloutWave>> PlanAsync(AwsSession session, PatchRolloutService service, WaveSpec spec, string rolloutId, AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var ready = new List<PatchInstance>();
            var leftOut = new List<ItemFailure>();
            foreach (var group in _ids.GroupBy(id => SessionOf(id) ?? session))
            {
                var (found, missing) = await service.CheckAsync(group.Key, group.ToList(), pipe, cancellationToken).ConfigureAwait(false);
                ready.AddRange(found);
                leftOut.AddRange(missing);
            }
            foreach (var failure in leftOut)
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(failure)).ConfigureAwait(false);
            var candidates = ready.Select(i => new RolloutCandidate
            {
                InstanceId = i.InstanceId,
                Tags = i.Tags,
                PatchGroup = i.PatchGroup,
                RiskScore = _risk.TryGetValue(i.InstanceId, out var r) && !double.IsNaN(r) ? r : (double?)null,
            }).ToList();
            var notInWave = new List<ItemFailure>();
            var waves = WavePlanner.Plan(candidates, spec, rolloutId, notInWave);
            foreach (var failure in notInWave)
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(failure)).ConfigureAwait(false);
            var untested = await RefuseUntestedAsync(waves, ready, pipe).ConfigureAwait(false);
            Platforms = PlatformsOf(ready);
            LeftOut = leftOut.Concat(notInWave).Concat(untested).Select(f => $"{f.TargetId}: {f.Message}").ToList();
            return untested.Count == 0 ? waves : Keep(waves, Except(waves, untested), pipe, rolloutId);
        }

        /// <summary>
        /// Refuses (an error each) the later waves' instances on a platform no earlier wave has (<see cref="RolloutPlatform.Untested"/>);
        /// the caller leaves them out of the waves. <paramref name="ready"/> are the checked instances, with their platforms.
        /// </summary>
        internal static async Task<List<ItemFailure>> RefuseUntestedAsync(IReadOnlyList<PatchRolloutWave> waves, IReadOnlyList<PatchInstance> ready, AsyncPipeline pipe)
        {
            var untested = RolloutPlatform.Untested(waves, PlatformsOf(ready));
            foreach (var failure in untested)
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(failure)).ConfigureAwait(false);
            return untested;
        }

        /// <summary>Each checked instance's platform (<see cref="RolloutPlatform.Of"/>), for the rollout's record.</summary>
        internal static Dictionary<string, string> PlatformsOf(IReadOnlyList<PatchInstance> ready) =>
            ready.GroupBy(i => i.InstanceId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => RolloutPlatform.Of(g.First()), StringComparer.Ordinal);

        /// <summary>Every instance of the waves but the refused ones.</summary>
        internal static HashSet<string> Except(IReadOnlyList<PatchRolloutWave> waves, IEnumerable<ItemFailure> refused)
        {
            var keep = new HashSet<string>(waves.SelectMany(w => w.InstanceIds), StringComparer.Ordinal);
            keep.ExceptWith(refused.Select(f => f.TargetId));
            return keep;
        }

        /// <summary>The waves with only <paramref name="keep"/>'s instances; a wave left with none is dropped, with a warning.</summary>
        internal static IReadOnlyList<PatchRolloutWave> Keep(IReadOnlyList<PatchRolloutWave> waves, HashSet<string> keep, AsyncPipeline pipe, string rolloutId)
        {
            var kept = new List<PatchRolloutWave>();
            foreach (var wave in waves)
            {
                var ids = wave.InstanceIds.Where(keep.Contains).ToList();
                if (ids.Count == 0)
                {
                    pipe.WriteWarning($"Wave {wave.Name} of rollout {rolloutId} has no instance left to patch, so it is left out.");
                    continue;
                }
                kept.Add(new PatchRolloutWave { Name = wave.Name, InstanceIds = ids, MaxConcurrency = wave.MaxConcurrency, MaxErrors = wave.MaxErrors });
            }
            return kept.Count == waves.Count && kept.Zip(waves, (a, b) => a.InstanceCount == b.InstanceCount).All(same => same)
                ? waves
                : kept.Count == 0 ? kept : WavePlanner.Check(kept, rolloutId);
        }

        /// <summary>After <see cref="PlanAsync"/>: each checked instance's platform (<see cref="PlatformsOf"/>).</summary>
        public IReadOnlyDictionary<string, string> Platforms { get; private set; } = new Dictionary<string, string>();

        /// <summary>After <see cref="PlanAsync"/>: each instance left out, with why.</summary>
        public IReadOnlyList<string> LeftOut { get; private set; } = Array.Empty<string>();

        /// <summary>The wave spec from the cmdlet parameters (-WaveBy "Patch Group" or PatchGroup: the patch group).</summary>
        public static WaveSpec Spec(string? waveBy, string[]? waveOrder, int? canaryCount, double? canaryPercent, string[]? maxConcurrency, string[]? maxErrors) => new WaveSpec
        {
            WaveBy = waveBy == null ? null
                : string.Equals(waveBy, "Patch Group", StringComparison.OrdinalIgnoreCase) || string.Equals(waveBy, WaveSpec.PatchGroupKey, StringComparison.OrdinalIgnoreCase) ? WaveSpec.PatchGroupKey : waveBy,
            WaveOrder = waveOrder ?? Array.Empty<string>(),
            CanaryCount = canaryCount,
            CanaryPercent = canaryPercent,
            MaxConcurrency = maxConcurrency ?? Array.Empty<string>(),
            MaxErrors = maxErrors ?? Array.Empty<string>(),
        };
    }
}
