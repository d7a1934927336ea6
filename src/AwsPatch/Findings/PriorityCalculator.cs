using System;
using System.Collections.Generic;
using System.Linq;

namespace AwsPatch.Findings
{
    /// <summary>
    /// Rolls findings up per instance and ranks the instances. Memory is one small accumulator per instance
    /// (counts, maxima and the finding ARNs), never the findings themselves.
    /// <para>The score (also in Get-PatchPriority's help):</para>
    /// <code>
    /// findingRisk = base × exploit × epss × fix
    ///   base    = InspectorScore if Inspector gave one, else Critical 9, High 7, Medium 5, Low 2, Untriaged 3, Informational 0
    ///   exploit = 2 when a public exploit is known, else 1
    ///   epss    = 1 + 4 × EpssScore (EpssScore 0–1; missing counts as 0)
    ///   fix     = 1 when an update fixes it (fully or partly), else 0.5 (patching cannot remove it)
    /// RiskScore = (largest findingRisk + 0.1 × sum of the other findingRisks) × environment × exposure
    ///   environment = 1.5 for production (Environment tag prod/production/prd), 0.8 for dev/development/test/sandbox, else 1 (any case)
    ///   exposure    = 1.5 when internet-facing (public IP, or a network-reachability finding), else 1
    /// </code>
    /// Rank 1 is the highest RiskScore; ties go to the instance with more critical findings, then by instance id.
    /// </summary>
    public sealed class PriorityCalculator
    {
        private readonly Dictionary<string, Accumulator> _instances = new Dictionary<string, Accumulator>(StringComparer.Ordinal);

        /// <summary>Counts one finding towards its instance. Findings without an instance id are ignored.</summary>
        public void Add(PatchFinding finding)
        {
            if (string.IsNullOrEmpty(finding.InstanceId))
                return;
            if (!string.Equals(finding.Status, "Active", StringComparison.OrdinalIgnoreCase) && finding.Status.Length > 0)
                return;
            var acc = Get(finding.InstanceId!, finding.Region);
            acc.AccountId ??= finding.AccountId;
            acc.Environment ??= Tag(finding.ResourceTags, "Environment");
            acc.PatchGroup ??= Instances.PatchGroupTags.Of(finding.ResourceTags);

            if (string.Equals(finding.FindingType, "NetworkReachability", StringComparison.OrdinalIgnoreCase))
            {
                acc.InternetFacing = true;
                return;
            }

            acc.Count++;
            if (finding.FindingArn.Length > 0)
                acc.FindingArns.Add(finding.FindingArn);
            switch (finding.Severity)
            {
                case "Critical": acc.Critical++; break;
                case "High": acc.High++; break;
                case "Medium": acc.Medium++; break;
                case "Low": acc.Low++; break;
                default: acc.Other++; break;
            }
            if (IsFixable(finding))
                acc.Fixable++;
            if (finding.ExploitAvailable)
                acc.Exploitable++;
            acc.MaxScore = Max(acc.MaxScore, finding.InspectorScore);
            acc.MaxEpss = Max(acc.MaxEpss, finding.EpssScore);

            var risk = FindingRisk(finding);
            acc.SumRisk += risk;
            if (risk > acc.MaxRisk)
                acc.MaxRisk = risk;
            acc.Top.Add(new KeyValuePair<double, string>(risk, finding.VulnerabilityId ?? finding.Title));
            if (acc.Top.Count > 5)
            {
                acc.Top.Sort((a, b) => b.Key.CompareTo(a.Key));
                acc.Top.RemoveAt(5);
            }
        }

        /// <summary>
        /// Makes sure an instance is ranked even with no findings, and takes what the instance itself says:
        /// its tags and whether it has a public address.
        /// </summary>
        public void AddInstance(string instanceId, string region, string? environment, string? patchGroup, bool internetFacing, string? accountId = null)
        {
            var acc = Get(instanceId, region);
            acc.AccountId ??= accountId;
            if (environment != null)
                acc.Environment = environment;
            if (patchGroup != null)
                acc.PatchGroup = patchGroup;
            acc.InternetFacing |= internetFacing;
        }

        /// <summary>Whether the instance is already known with its account (from one of its findings, or the instance itself).</summary>
        public bool NamesAccount(string instanceId) => _instances.TryGetValue(instanceId, out var acc) && acc.AccountId != null;

        /// <summary>The instances, riskiest first, ranked 1..N; <paramref name="exclude"/> are left out (their findings are unknown).</summary>
        public IReadOnlyList<PatchPriority> Rank(ISet<string>? exclude = null)
        {
            var scored = _instances.Values
                .Where(a => exclude == null || !exclude.Contains(a.InstanceId))
                .Select(a => new { a, score = Math.Round(Score(a), 2) })
                .OrderByDescending(x => x.score)
                .ThenByDescending(x => x.a.Critical)
                .ThenBy(x => x.a.InstanceId, StringComparer.Ordinal)
                .ToList();
            return scored.Select((x, i) => new PatchPriority
            {
                Rank = i + 1,
                InstanceId = x.a.InstanceId,
                RiskScore = x.score,
                CriticalCount = x.a.Critical,
                HighCount = x.a.High,
                MediumCount = x.a.Medium,
                LowCount = x.a.Low,
                OtherCount = x.a.Other,
                FindingCount = x.a.Count,
                FixableCount = x.a.Fixable,
                ExploitAvailableCount = x.a.Exploitable,
                MaxInspectorScore = x.a.MaxScore,
                MaxEpssScore = x.a.MaxEpss,
                Environment = x.a.Environment,
                PatchGroup = x.a.PatchGroup,
                InternetFacing = x.a.InternetFacing,
                TopVulnerabilityIds = x.a.Top.OrderByDescending(t => t.Key).Select(t => t.Value).ToList(),
                FindingArns = x.a.FindingArns,
                Region = x.a.Region,
                AccountId = x.a.AccountId,
            }).ToList();
        }

        /// <summary>One finding's risk (see the class summary).</summary>
        public static double FindingRisk(PatchFinding finding)
        {
            var baseScore = finding.InspectorScore ?? SeverityBase(finding.Severity);
            var exploit = finding.ExploitAvailable ? 2.0 : 1.0;
            var epss = 1.0 + 4.0 * Math.Max(0, Math.Min(1, finding.EpssScore ?? 0));
            var fix = IsFixable(finding) ? 1.0 : 0.5;
            return baseScore * exploit * epss * fix;
        }

        public static double EnvironmentWeight(string? environment)
        {
            switch ((environment ?? string.Empty).Trim().ToLowerInvariant())
            {
                case "prod":
                case "production":
                case "prd":
                    return 1.5;
                case "dev":
                case "development":
                case "test":
                case "sandbox":
                    return 0.8;
                default:
                    return 1.0;
            }
        }

        private static double Score(Accumulator a) =>
            (a.MaxRisk + 0.1 * (a.SumRisk - a.MaxRisk)) * EnvironmentWeight(a.Environment) * (a.InternetFacing ? 1.5 : 1.0);

        private static double SeverityBase(string severity) => severity switch
        {
            "Critical" => 9,
            "High" => 7,
            "Medium" => 5,
            "Low" => 2,
            "Untriaged" => 3,
            _ => 0,
        };

        private static bool IsFixable(PatchFinding f) =>
            string.Equals(f.FixAvailable, "Yes", StringComparison.OrdinalIgnoreCase) || string.Equals(f.FixAvailable, "Partial", StringComparison.OrdinalIgnoreCase);

        private static double? Max(double? a, double? b) => a == null ? b : b == null ? a : Math.Max(a.Value, b.Value);

        private static string? Tag(IReadOnlyDictionary<string, string> tags, string key) =>
            tags.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

        private Accumulator Get(string instanceId, string region)
        {
            if (!_instances.TryGetValue(instanceId, out var acc))
                _instances[instanceId] = acc = new Accumulator(instanceId, region);
            return acc;
        }

        private sealed class Accumulator
        {
            public Accumulator(string instanceId, string region)
            {
                InstanceId = instanceId;
                Region = region;
            }

            public string InstanceId { get; }
            public string Region { get; }
            public string? AccountId;
            public string? Environment;
            public string? PatchGroup;
            public bool InternetFacing;
            public int Count, Critical, High, Medium, Low, Other, Fixable, Exploitable;
            public double? MaxScore, MaxEpss;
            public double MaxRisk, SumRisk;
            public readonly List<string> FindingArns = new List<string>();
            public readonly List<KeyValuePair<double, string>> Top = new List<KeyValuePair<double, string>>(6);
        }
    }
}
