using System;
using System.Collections.Generic;
using System.Linq;

namespace AwsPatch.Reports
{
    /// <summary>
    /// The report's breakdown by account and region, for input that spans more than one (a multi-account, multi-region
    /// pipeline): one row per account and region with its instances, compliance, findings and failed runs, then a total
    /// row. Input from one account and region has no such section (<see cref="Count"/> is 0), so its report is as before.
    /// The account is the object's <c>AccountId</c>, else the one another object of the report gives for the same instance,
    /// else empty.
    /// </summary>
    internal sealed class AccountRegionSection : IReportSection
    {
        private static readonly string[] Header = { "Account", "Region", "Instances", "Compliant", "Non-compliant", "Critical findings", "Findings", "Failed runs", "Runs" };
        private static readonly bool[] Numeric = { false, false, true, false, true, true, true, true, true };

        private readonly ReportContent _content;

        public AccountRegionSection(ReportContent content) => _content = content;

        public string Key => "accounts";

        public string Heading => "By account and region";

        /// <summary>The account–region rows plus the total row; 0 when everything is in one account and region.</summary>
        public int Count
        {
            get
            {
                var groups = Groups().Count;
                return groups > 1 ? groups + 1 : 0;
            }
        }

        public IReadOnlyList<string> Headers(bool html) => Header;

        public IReadOnlyList<bool> NumericColumns(bool html) => Numeric;

        public IEnumerable<IReadOnlyList<string?>> Rows(bool html)
        {
            var groups = Groups();
            if (groups.Count < 2)
                yield break;
            foreach (var group in groups.OrderBy(g => g.Key.Account, StringComparer.Ordinal).ThenBy(g => g.Key.Region, StringComparer.Ordinal))
                yield return Row(group.Key.Account, group.Key.Region, group.Value);
            var all = new Figures();
            foreach (var group in groups.Values)
                all.Add(group);
            yield return Row("Total", ReportValues.Number(groups.Keys.Select(k => k.Region).Distinct(StringComparer.Ordinal).Count()) + " regions", all);
        }

        private static IReadOnlyList<string?> Row(string account, string region, Figures f) => new[]
        {
            account,
            region,
            ReportValues.Number(f.Instances.Count),
            ReportValues.Percent(f.Compliant, f.WithPatchState),
            ReportValues.Number(f.WithPatchState - f.Compliant),
            ReportValues.Number(f.Critical),
            ReportValues.Number(f.Findings),
            ReportValues.Number(f.FailedRuns),
            ReportValues.Number(f.Runs),
        };

        private Dictionary<(string Account, string Region), Figures> Groups()
        {
            var groups = new Dictionary<(string Account, string Region), Figures>();
            var accounts = InstanceAccounts();
            Figures Of(object item, string? instanceId, string? region)
            {
                var account = AccountOf(item);
                if (account.Length == 0 && instanceId != null && accounts.TryGetValue(instanceId, out var known))
                    account = known;
                var key = (account, region ?? string.Empty);
                if (!groups.TryGetValue(key, out var figures))
                    groups.Add(key, figures = new Figures());
                return figures;
            }

            foreach (var c in _content.Compliance.Items)
            {
                var f = Of(c, c.InstanceId, c.Region);
                f.Instance(c.InstanceId);
                f.WithPatchState++;
                if (ReportCharts.IsCompliant(c))
                    f.Compliant++;
            }
            foreach (var finding in _content.Findings.Items)
            {
                var f = Of(finding, finding.InstanceId, finding.Region);
                f.Instance(finding.InstanceId);
                f.Findings++;
                if (string.Equals(finding.Severity, "Critical", StringComparison.OrdinalIgnoreCase))
                    f.Critical++;
            }
            foreach (var p in _content.Priorities.Items)
                Of(p, p.InstanceId, p.Region).Instance(p.InstanceId);
            foreach (var r in _content.Runs.Items)
            {
                var f = Of(r, r.InstanceId, r.Region);
                f.Instance(r.InstanceId);
                f.Runs++;
                if (ReportCharts.FailedStatuses.Contains(r.Status, StringComparer.OrdinalIgnoreCase))
                    f.FailedRuns++;
            }
            return groups;
        }

        /// <summary>
        /// The account of each instance that some object of the report names one for (a finding's account is in its ARN),
        /// so an instance's compliance, which may carry none, lands in the same row as its findings.
        /// </summary>
        private Dictionary<string, string> InstanceAccounts()
        {
            var accounts = new Dictionary<string, string>(StringComparer.Ordinal);
            var items = _content.Compliance.Items.Select(c => ((object)c, (string?)c.InstanceId))
                .Concat(_content.Findings.Items.Select(f => ((object)f, f.InstanceId)))
                .Concat(_content.Priorities.Items.Select(p => ((object)p, (string?)p.InstanceId)))
                .Concat(_content.Runs.Items.Select(r => ((object)r, (string?)r.InstanceId)));
            foreach (var (item, instanceId) in items)
            {
                var account = AccountOf(item);
                if (account.Length > 0 && !string.IsNullOrEmpty(instanceId) && !accounts.ContainsKey(instanceId!))
                    accounts.Add(instanceId!, account);
            }
            return accounts;
        }

        /// <summary>
        /// The object's <c>AccountId</c>, read by name so every model that carries one (findings and instances now, the
        /// others as they gain it) is grouped by it; empty when it has none.
        /// </summary>
        private static string AccountOf(object item) =>
            item.GetType().GetProperty("AccountId")?.GetValue(item) as string ?? string.Empty;

        private sealed class Figures
        {
            public HashSet<string> Instances { get; } = new HashSet<string>(StringComparer.Ordinal);

            public int WithPatchState { get; set; }

            public int Compliant { get; set; }

            public int Findings { get; set; }

            public int Critical { get; set; }

            public int Runs { get; set; }

            public int FailedRuns { get; set; }

            public void Instance(string? id)
            {
                if (!string.IsNullOrEmpty(id))
                    Instances.Add(id!);
            }

            public void Add(Figures other)
            {
                // An instance is in one account and region, so the union counts each once.
                Instances.UnionWith(other.Instances);
                WithPatchState += other.WithPatchState;
                Compliant += other.Compliant;
                Findings += other.Findings;
                Critical += other.Critical;
                Runs += other.Runs;
                FailedRuns += other.FailedRuns;
            }
        }
    }
}
