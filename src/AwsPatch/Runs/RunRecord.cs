using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AwsPatch.Runs
{
    /// <summary>
    /// A run's durable record in Systems Manager Parameter Store, written before anything is sent: its document
    /// parameters under <c>/patch/awspatch/runs/&lt;RunId&gt;/plan</c> and its intended instances, comma-separated, under
    /// <c>/patch/awspatch/runs/&lt;RunId&gt;/instances/0000</c>, <c>…/0001</c> … (each value within the Standard tier's
    /// 4,096 characters). Resume reads it to know the instances the run never reached. The path does not begin with
    /// "aws": Parameter Store reserves names that start with "aws" or "ssm".
    /// </summary>
    public sealed class RunRecord
    {
        /// <summary>Where AwsPatch keeps its state in Parameter Store (runs here; rollouts beside them).</summary>
        public const string ModuleRoot = "/patch/awspatch/";

        public const string Root = ModuleRoot + "runs/";

        public string RunId { get; init; } = string.Empty;

        public string Operation { get; init; } = "Scan";

        public string RebootOption { get; init; } = "RebootIfNeeded";

        public string? BaselineOverride { get; init; }

        public string? InstallOverrideList { get; init; }

        public bool SnapshotFirst { get; init; }

        /// <summary>Every instance the run meant to reach, in the order recorded.</summary>
        public IReadOnlyList<string> InstanceIds { get; init; } = Array.Empty<string>();

        /// <summary>The parameters' path of <paramref name="runId"/> (a run id's <c>_</c> and <c>:</c>, which parameter names cannot all hold, escaped as <c>__</c> and <c>_-</c>).</summary>
        public static string PathOf(string runId) => Root + runId.Replace("_", "__").Replace(":", "_-") + "/";

        public static string PlanName(string runId) => PathOf(runId) + "plan";

        public static string ChunkName(string runId, int index) => PathOf(runId) + "instances/" + index.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

        public static RunRecord For(PatchRunRequest request) => new RunRecord
        {
            RunId = request.RunId,
            Operation = request.Operation,
            RebootOption = request.RebootOption,
            BaselineOverride = request.BaselineOverride,
            InstallOverrideList = request.InstallOverrideList,
            SnapshotFirst = request.SnapshotFirst,
        };

        /// <summary>The plan parameter's value: one <c>Name=value</c> line per document parameter, plus SnapshotFirst.</summary>
        public string FormatPlan()
        {
            var text = new StringBuilder();
            text.Append("RunId=").Append(RunId).Append('\n');
            text.Append("Operation=").Append(Operation).Append('\n');
            text.Append("RebootOption=").Append(RebootOption).Append('\n');
            if (!string.IsNullOrEmpty(BaselineOverride))
                text.Append("BaselineOverride=").Append(BaselineOverride).Append('\n');
            if (!string.IsNullOrEmpty(InstallOverrideList))
                text.Append("InstallOverrideList=").Append(InstallOverrideList).Append('\n');
            text.Append("SnapshotFirst=").Append(SnapshotFirst ? "true" : "false");
            return text.ToString();
        }

        /// <summary>Reads a plan value and the instance chunks (in name order) back.</summary>
        public static RunRecord Parse(string plan, IEnumerable<string> chunks)
        {
            var values = plan.Split('\n').Select(line => line.Split(new[] { '=' }, 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            string? Get(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
            return new RunRecord
            {
                RunId = Get("RunId") ?? string.Empty,
                Operation = Get("Operation") ?? "Scan",
                RebootOption = Get("RebootOption") ?? "RebootIfNeeded",
                BaselineOverride = Get("BaselineOverride"),
                InstallOverrideList = Get("InstallOverrideList"),
                SnapshotFirst = Get("SnapshotFirst") == "true",
                InstanceIds = chunks.SelectMany(c => c.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToList(),
            };
        }

        /// <summary>The document parameters of the plan, as SendCommand had them.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> DocumentParameters() => new PatchRunRequest
        {
            RunId = RunId,
            Operation = Operation,
            RebootOption = RebootOption,
            BaselineOverride = BaselineOverride,
            InstallOverrideList = InstallOverrideList,
        }.DocumentParameters();

        /// <summary>Splits ids into comma-separated values of at most <paramref name="maxLength"/> characters each.</summary>
        public static IEnumerable<string> Chunks(IEnumerable<string> instanceIds, int maxLength)
        {
            var chunk = new StringBuilder();
            foreach (var id in instanceIds)
            {
                if (chunk.Length > 0 && chunk.Length + 1 + id.Length > maxLength)
                {
                    yield return chunk.ToString();
                    chunk.Clear();
                }
                if (chunk.Length > 0)
                    chunk.Append(',');
                chunk.Append(id);
            }
            if (chunk.Length > 0)
                yield return chunk.ToString();
        }
    }
}
