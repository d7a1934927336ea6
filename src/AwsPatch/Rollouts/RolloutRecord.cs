using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using AwsPatch.Aws;
using AwsPatch.Runs;

namespace AwsPatch.Rollouts
{
    /// <summary>
    /// A rollout's durable record in Systems Manager Parameter Store, beside the runs' records, under
    /// <c>/patch/awspatch/rollouts/&lt;RolloutId&gt;/</c>: <c>plan</c> (the settings), per wave <c>waves/NN/plan</c>
    /// and <c>waves/NN/instances/0000…</c> (written before anything is sent; an instance of another account-region than the
    /// record's is <c>id@N</c>, N its line in <c>targets/0000…</c>, one <c>RoleArn&lt;TAB&gt;Region</c> line per target,
    /// written only when the rollout spans account-regions), <c>healthcheck/0000…</c> (the health check
    /// document's parameters as JSON, when it has any), then <c>waves/NN/started</c> and
    /// <c>waves/NN/result</c> (after <c>waves/NN/failed/0000…</c>, the instances that did not pass it) as the wave gets there,
    /// <c>platforms/0000…</c> (each instance's platform as the rollout's check read it, see <see cref="FormatPlatforms"/>), and
    /// <c>tested/0000…</c> (the testing waves' installed patches, one <c>platform&lt;TAB&gt;patch</c> line each).
    /// Every parameter is written once, never overwritten, each value within the Standard tier's 4,096 characters.
    /// </summary>
    public sealed class RolloutRecord
    {
        public const string Root = RunRecord.ModuleRoot + "rollouts/";

        public string RolloutId { get; init; } = string.Empty;

        public string Region { get; init; } = string.Empty;

        public string PatchSnapshotId { get; init; } = string.Empty;

        public string RebootOption { get; init; } = "RebootIfNeeded";

        public bool RollbackOnFailure { get; init; }

        public bool SkipSnapshot { get; init; }

        public TimeSpan Soak { get; init; }

        /// <summary>The CloudWatch alarm every wave's install command carries (SendCommand AlarmConfiguration); null for none.</summary>
        public string? AlarmName { get; init; }

        /// <summary>The health check document every wave runs after its other gates (Invoke-PatchRollout -HealthCheckDocument); null for none.</summary>
        public string? HealthCheckDocument { get; init; }

        /// <summary>The health check document's parameters (name → values).</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> HealthCheckParameters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

        /// <summary>The remediation gate's deadline (-RemediationGate, -RemediationTimeoutMinutes); null: no remediation gate.</summary>
        public TimeSpan? RemediationTimeout { get; init; }

        public DateTime StartedAt { get; init; }

        public IReadOnlyList<PatchRolloutWave> Waves { get; init; } = Array.Empty<PatchRolloutWave>();

        /// <summary>
        /// Some of the record was never written: a wave's plan parameter is missing, or its instance chunks hold fewer ids
        /// than its plan says (the process that started the rollout stopped while writing it, before anything was sent).
        /// Records written before waves recorded their count are judged by their wave plans alone.
        /// </summary>
        public bool Incomplete { get; init; }

        /// <summary>The account-regions besides the record's own that the waves patch in (see <see cref="TargetOf"/>); empty: all in the record's own.</summary>
        public IReadOnlyList<RolloutTarget> Targets { get; init; } = Array.Empty<RolloutTarget>();

        /// <summary>Instance → its target (1-based, into <see cref="Targets"/>); an instance absent here is patched where the record lives.</summary>
        public IReadOnlyDictionary<string, int> TargetOf { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

        /// <summary>Wave number → when it started; a wave absent here never started.</summary>
        public IReadOnlyDictionary<int, DateTime> Started { get; init; } = new Dictionary<int, DateTime>();

        /// <summary>Wave number → its recorded result; a started wave absent here is in flight (or its process was killed).</summary>
        public IReadOnlyDictionary<int, WaveResult> Results { get; init; } = new Dictionary<int, WaveResult>();

        /// <summary>
        /// The tested set per platform (<see cref="RolloutPlatform"/>): platform → the patches installed on the testing
        /// waves' instances of that platform once they passed. A platform absent here was tested by no instance.
        /// </summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Tested { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

        /// <summary>
        /// Instance → platform (<see cref="RolloutPlatform.Of"/>) as the rollout's check read it before anything was sent,
        /// so the untested-platform refusal and the tested set need no listing; empty in a record written before these
        /// were recorded (they are then read).
        /// </summary>
        public IReadOnlyDictionary<string, string> Platforms { get; init; } = new Dictionary<string, string>();

        /// <summary>This record with the tested set known (once the testing waves passed).</summary>
        internal RolloutRecord WithTested(IReadOnlyDictionary<string, IReadOnlyList<string>> tested) => Copy(Results, tested);

        /// <summary>This record with wave <paramref name="wave"/>'s result known (once it is recorded), as a record read back would have it.</summary>
        internal RolloutRecord WithResult(int wave, WaveResult result)
        {
            var results = Results.ToDictionary(p => p.Key, p => p.Value);
            results[wave] = result;
            return Copy(results, Tested);
        }

        private RolloutRecord Copy(IReadOnlyDictionary<int, WaveResult> results, IReadOnlyDictionary<string, IReadOnlyList<string>> tested) => new RolloutRecord
        {
            RolloutId = RolloutId, Region = Region, PatchSnapshotId = PatchSnapshotId, RebootOption = RebootOption, RollbackOnFailure = RollbackOnFailure,
            SkipSnapshot = SkipSnapshot, Soak = Soak, AlarmName = AlarmName, HealthCheckDocument = HealthCheckDocument, HealthCheckParameters = HealthCheckParameters,
            RemediationTimeout = RemediationTimeout, StartedAt = StartedAt, Waves = Waves, Started = Started, Results = results, Tested = tested, Platforms = Platforms,
            Targets = Targets, TargetOf = TargetOf, Incomplete = Incomplete,
        };

        public static string PathOf(string rolloutId) => Root + rolloutId + "/";

        public static string PlanName(string rolloutId) => PathOf(rolloutId) + "plan";

        public static string WavePath(string rolloutId, int wave) => PathOf(rolloutId) + "waves/" + wave.ToString("D2", CultureInfo.InvariantCulture) + "/";

        public static string HealthCheckName(string rolloutId, int chunk) => PathOf(rolloutId) + "healthcheck/" + chunk.ToString("D4", CultureInfo.InvariantCulture);

        public static string TargetsName(string rolloutId, int chunk) => PathOf(rolloutId) + "targets/" + chunk.ToString("D4", CultureInfo.InvariantCulture);

        /// <summary>A wave's instances as recorded: the id, with <c>@N</c> for one patched in <see cref="Targets"/>[N-1].</summary>
        public IEnumerable<string> InstanceEntries(PatchRolloutWave wave) =>
            wave.InstanceIds.Select(id => TargetOf.TryGetValue(id, out var target) ? id + "@" + target.ToString(CultureInfo.InvariantCulture) : id);

        public static string TestedName(string rolloutId, int chunk) => PathOf(rolloutId) + "tested/" + chunk.ToString("D4", CultureInfo.InvariantCulture);

        public static string PlatformsName(string rolloutId, int chunk) => PathOf(rolloutId) + "platforms/" + chunk.ToString("D4", CultureInfo.InvariantCulture);

        public static string FailedName(string rolloutId, int wave, int chunk) => WavePath(rolloutId, wave) + "failed/" + chunk.ToString("D4", CultureInfo.InvariantCulture);

        /// <summary>One character per platform in <see cref="FormatPlatforms"/>' index; an instance beyond them (or unread) gets <see cref="UnknownPlatform"/>.</summary>
        private const string PlatformCodes = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

        private const char UnknownPlatform = '-';

        /// <summary>
        /// <see cref="Platforms"/> compactly, since platforms are few and instances many: a <c>code=platform</c> line per
        /// platform, then <c>Index=</c> with one code per instance of the waves in wave order (<c>-</c>: not known); null
        /// when none is known. About one character an instance, so a 4,000-instance rollout's fits in one or two values.
        /// </summary>
        public string? FormatPlatforms()
        {
            if (Platforms.Count == 0)
                return null;
            var names = Platforms.Values.Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).Take(PlatformCodes.Length).ToList();
            var code = names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => PlatformCodes[p.i], StringComparer.Ordinal);
            var index = new string(Waves.SelectMany(w => w.InstanceIds).Select(id => Platforms.TryGetValue(id, out var p) && code.TryGetValue(p, out var c) ? c : UnknownPlatform).ToArray());
            return Lines(names.Select(name => (code[name].ToString(), name)).Append(("Index", index)).ToArray());
        }

        /// <summary>Reads <see cref="FormatPlatforms"/> back against the waves' instances; an index that does not match them is ignored (the platforms are then read).</summary>
        private static IReadOnlyDictionary<string, string> ParsePlatforms(string text, IReadOnlyList<PatchRolloutWave> waves)
        {
            var values = Values(text);
            var ids = waves.SelectMany(w => w.InstanceIds).ToList();
            var platforms = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!values.TryGetValue("Index", out var index) || index.Length != ids.Count)
                return platforms;
            for (var i = 0; i < ids.Count; i++)
            {
                if (values.TryGetValue(index[i].ToString(), out var platform) && platform.Length > 0)
                    platforms[ids[i]] = platform;
            }
            return platforms;
        }

        /// <summary>The rollout as users see it (Get-PatchRollout).</summary>
        public PatchRollout ToRollout(bool stopped = false)
        {
            var waves = Waves.Select(w =>
            {
                Results.TryGetValue(w.Wave, out var result);
                var started = Started.TryGetValue(w.Wave, out var at) ? at : (DateTime?)null;
                return new PatchRolloutWave
                {
                    Wave = w.Wave,
                    Name = w.Name,
                    InstanceIds = w.InstanceIds,
                    MaxConcurrency = w.MaxConcurrency,
                    MaxErrors = w.MaxErrors,
                    RunId = w.RunId,
                    State = result?.State ?? (started != null ? "InProgress" : Results.Values.Any(r => r.State == "Failed") ? "NotStarted" : "Planned"),
                    GateOutcomes = result?.Gates ?? Array.Empty<string>(),
                    RolledBackCount = result?.RolledBack ?? 0,
                    StartedAt = started,
                    CompletedAt = result?.CompletedAt,
                };
            }).ToList();
            var state = waves.Any(w => w.State == "Failed") ? "Failed"
                : waves.All(w => w.State == "Succeeded") ? "Succeeded"
                : stopped ? "Stopped" : "InProgress";
            return new PatchRollout
            {
                RolloutId = RolloutId,
                State = state,
                Waves = waves,
                PatchSnapshotId = PatchSnapshotId,
                TestedPatches = Tested.Values.SelectMany(p => p).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToList(),
                TestedPlatforms = Tested.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => $"{p.Key} ({p.Value.Count} patch(es))").ToList(),
                RebootOption = RebootOption,
                RollbackOnFailure = RollbackOnFailure,
                SkipSnapshot = SkipSnapshot,
                Soak = Soak,
                AlarmName = AlarmName,
                HealthCheckDocument = HealthCheckDocument,
                RemediationTimeout = RemediationTimeout,
                StartedAt = StartedAt,
                Region = Region,
            };
        }

        public string FormatPlan() => Lines(
            ("RolloutId", RolloutId), ("Region", Region), ("PatchSnapshotId", PatchSnapshotId), ("Operation", "Install"),
            ("RebootOption", RebootOption), ("RollbackOnFailure", RollbackOnFailure ? "true" : "false"), ("SkipSnapshot", SkipSnapshot ? "true" : "false"),
            ("SoakSeconds", Soak.TotalSeconds.ToString(CultureInfo.InvariantCulture)), ("StartedAt", Iso(StartedAt)),
            ("Waves", Waves.Count.ToString(CultureInfo.InvariantCulture)), ("AlarmName", AlarmName ?? string.Empty), ("HealthCheckDocument", HealthCheckDocument ?? string.Empty),
            ("RemediationTimeoutMinutes", RemediationTimeout is { } remediation ? remediation.TotalMinutes.ToString(CultureInfo.InvariantCulture) : string.Empty));

        /// <summary>The health check document's parameters as the JSON object SendCommand's Parameters is (name → list of values); null when there are none.</summary>
        public string? FormatHealthCheckParameters() => HealthCheckParameters.Count == 0 ? null
            : JsonSerializer.Serialize(HealthCheckParameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

        private static IReadOnlyDictionary<string, IReadOnlyList<string>> ParseHealthCheckParameters(string json) =>
            (JsonSerializer.Deserialize<Dictionary<string, List<string>>>(json) ?? new Dictionary<string, List<string>>())
                .ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);

        /// <summary>A wave's plan parameter: its settings and how many instances its chunks hold (so a reader can tell a record cut short).</summary>
        public static string FormatWave(PatchRolloutWave wave) => Lines(("Name", wave.Name), ("MaxConcurrency", wave.MaxConcurrency ?? string.Empty), ("MaxErrors", wave.MaxErrors),
            ("Instances", wave.InstanceIds.Count.ToString(CultureInfo.InvariantCulture)));

        /// <summary>Reads a rollout back from every parameter under its path (name → value); null without a plan.</summary>
        public static RolloutRecord? Parse(string rolloutId, IReadOnlyDictionary<string, string> parameters)
        {
            var root = PathOf(rolloutId);
            if (!parameters.TryGetValue(root + "plan", out var planText))
                return null;
            var plan = Values(planText);
            var count = int.TryParse(Get(plan, "Waves"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            var waves = new List<PatchRolloutWave>();
            var targetOf = new Dictionary<string, int>(StringComparer.Ordinal);
            var started = new Dictionary<int, DateTime>();
            var results = new Dictionary<int, WaveResult>();
            var incomplete = false;
            for (var i = 1; i <= count; i++)
            {
                var path = WavePath(rolloutId, i);
                if (!parameters.TryGetValue(path + "plan", out var text))
                    incomplete = true;
                var definition = text != null ? Values(text) : new Dictionary<string, string>();
                var ids = new List<string>();
                foreach (var entry in Listed(parameters, path + "instances/"))
                {
                    var at = entry.IndexOf('@');
                    ids.Add(at < 0 ? entry : entry.Substring(0, at));
                    if (at >= 0 && int.TryParse(entry.Substring(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var target))
                        targetOf[ids[ids.Count - 1]] = target;
                }
                if (int.TryParse(Get(definition, "Instances"), NumberStyles.None, CultureInfo.InvariantCulture, out var planned) && planned != ids.Count)
                    incomplete = true;
                waves.Add(new PatchRolloutWave
                {
                    Wave = i,
                    Name = Get(definition, "Name") ?? $"wave{i}",
                    InstanceIds = ids,
                    MaxConcurrency = Get(definition, "MaxConcurrency"),
                    MaxErrors = Get(definition, "MaxErrors") ?? "0",
                    RunId = RolloutIds.WaveRunId(rolloutId, i),
                });
                if (parameters.TryGetValue(path + "started", out var startedText) && TryIso(startedText, out var startedAt))
                    started[i] = startedAt;
                if (parameters.TryGetValue(path + "result", out var resultText))
                    results[i] = WaveResult.Parse(resultText, Listed(parameters, path + "failed/"));
            }
            var tested = parameters.Where(p => p.Key.StartsWith(root + "tested/", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal)
                .SelectMany(p => p.Value.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries)).Select(line => line.Split(new[] { '\t' }, 2))
                .Where(pair => pair.Length == 2).GroupBy(pair => pair[0], StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(pair => pair[1]).Where(name => name.Length > 0).ToList(), StringComparer.OrdinalIgnoreCase);
            var targets = parameters.Where(p => p.Key.StartsWith(root + "targets/", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal)
                .SelectMany(p => p.Value.Split('\n')).Select(RolloutTarget.Parse).Where(t => t != null).Select(t => t!).ToList();
            var healthCheck = Joined(parameters, root + "healthcheck/");
            var platforms = Joined(parameters, root + "platforms/");
            return new RolloutRecord
            {
                RolloutId = rolloutId,
                Region = Get(plan, "Region") ?? string.Empty,
                PatchSnapshotId = Get(plan, "PatchSnapshotId") ?? string.Empty,
                RebootOption = Get(plan, "RebootOption") ?? "RebootIfNeeded",
                RollbackOnFailure = Get(plan, "RollbackOnFailure") == "true",
                SkipSnapshot = Get(plan, "SkipSnapshot") == "true",
                Soak = TimeSpan.FromSeconds(double.TryParse(Get(plan, "SoakSeconds"), NumberStyles.Float, CultureInfo.InvariantCulture, out var soak) ? soak : 0),
                AlarmName = Get(plan, "AlarmName"),
                // Records written before these were recorded have none: no health check document, no remediation gate.
                HealthCheckDocument = Get(plan, "HealthCheckDocument"),
                HealthCheckParameters = healthCheck.Length > 0 ? ParseHealthCheckParameters(healthCheck) : new Dictionary<string, IReadOnlyList<string>>(),
                RemediationTimeout = double.TryParse(Get(plan, "RemediationTimeoutMinutes"), NumberStyles.Float, CultureInfo.InvariantCulture, out var remediation) ? TimeSpan.FromMinutes(remediation) : (TimeSpan?)null,
                StartedAt = TryIso(Get(plan, "StartedAt"), out var s) ? s : default,
                Waves = waves,
                Started = started,
                Results = results,
                Tested = tested,
                Incomplete = incomplete,
                Platforms = platforms.Length > 0 ? ParsePlatforms(platforms, waves) : new Dictionary<string, string>(),
                Targets = targets,
                TargetOf = targetOf,
            };
        }

        /// <summary>The ids in the comma-joined chunks under <paramref name="path"/>, in order.</summary>
        private static List<string> Listed(IReadOnlyDictionary<string, string> parameters, string path) =>
            parameters.Where(p => p.Key.StartsWith(path, StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal)
                .SelectMany(p => p.Value.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)).ToList();

        /// <summary>The values of the parameters under <paramref name="path"/> joined in name order (a value cut into chunks at the value limit, read back whole).</summary>
        private static string Joined(IReadOnlyDictionary<string, string> parameters, string path) =>
            string.Concat(parameters.Where(p => p.Key.StartsWith(path, StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value));

        /// <summary>A value cut at the Standard tier's value limit, to be read back joined in order (<see cref="Joined"/>).</summary>
        public static IEnumerable<string> Cut(string text)
        {
            for (var at = 0; at < text.Length; at += ParameterStoreLimits.StandardValueLength)
                yield return text.Substring(at, Math.Min(ParameterStoreLimits.StandardValueLength, text.Length - at));
        }

        /// <summary>Splits values into <paramref name="separator"/>-joined chunks of at most <paramref name="maxLength"/> characters.</summary>
        public static IEnumerable<string> Chunks(IEnumerable<string> values, char separator, int maxLength)
        {
            var chunk = new StringBuilder();
            foreach (var value in values)
            {
                var item = value.Length > maxLength ? value.Substring(0, maxLength) : value;
                if (chunk.Length > 0 && chunk.Length + 1 + item.Length > maxLength)
                {
                    yield return chunk.ToString();
                    chunk.Clear();
                }
                if (chunk.Length > 0)
                    chunk.Append(separator);
                chunk.Append(item);
            }
            if (chunk.Length > 0)
                yield return chunk.ToString();
        }

        internal static string Iso(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        internal static bool TryIso(string? text, out DateTime at) =>
            DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out at);

        internal static string Lines(params (string Name, string Value)[] values) =>
            string.Join("\n", values.Select(v => v.Name + "=" + v.Value.Replace("\n", " ")));

        internal static Dictionary<string, string> Values(string text) =>
            text.Split('\n').Select(line => line.Split(new[] { '=' }, 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

        internal static string? Get(IReadOnlyDictionary<string, string> values, string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
    }
}
