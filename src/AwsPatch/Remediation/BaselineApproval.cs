using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AwsPatch.Aws;

namespace AwsPatch.Remediation
{
    /// <summary>
    /// Whether an instance's patch baseline approves the fix of a finding that stayed open after a rescan, from what
    /// GetPatchBaseline says and what Inspector reports about the finding: its package (Windows: its KB) against the
    /// rejected and approved patches, then its classification (a security fix: Security on Linux, SecurityUpdates on
    /// Windows) and vendor severity against the global filters and each approval rule's CLASSIFICATION, SEVERITY and
    /// MSRC_SEVERITY filters. A filter on something Inspector does not report (PRODUCT, PRIORITY, SECTION …) cannot be
    /// judged unless it is "*". Rejected, or no rule can match: PackageNotInBaseline. Approved (or maybe approved):
    /// Unknown, since the baseline was meant to install the fix; the detail says what was checked.
    /// </summary>
    public static class BaselineApproval
    {
        private enum Match { Yes, No, CannotTell }

        /// <summary>The reason (PackageNotInBaseline or Unknown) and its evidence for a finding rescanned after the install, no reboot pending, a fix available.</summary>
        public static (string Reason, string Detail) Judge(PatchFinding finding, BaselineEvidence evidence)
        {
            if (evidence.Baseline is not { } baseline)
                return (RemediationOutcomes.Unknown, $"Rescanned after the install with no reboot pending and a fix available, but the patch baseline could not be checked: {evidence.Unreadable}");

            var windows = baseline.OperatingSystem == "WINDOWS";
            var patch = windows ? KbOf(finding) ?? finding.PackageName : finding.PackageName;
            var name = $"Baseline {baseline.Name}";
            if (patch != null && baseline.RejectedPatches.Any(p => Names(p, patch)))
                return (RemediationOutcomes.PackageNotInBaseline, $"{name} rejects {patch} (RejectedPatches). Remove it from the rejected patches to let the install fix this finding.");
            if (patch != null && baseline.ApprovedPatches.Any(p => Names(p, patch)))
                return (RemediationOutcomes.Unknown, $"{name} approves {patch} explicitly, yet the finding is open after a rescan with no reboot pending: {CheckInstall}");

            var classification = windows ? "SecurityUpdates" : "Security";
            var what = $"a {classification} fix of vendor severity {finding.VendorSeverity ?? "(not reported)"}";
            var global = baseline.GlobalFilters.FirstOrDefault(f => Judge(f, classification, finding) == Match.No);
            if (global.Key != null)
                return (RemediationOutcomes.PackageNotInBaseline, $"{name}'s global filter {Describe(global)} excludes {what}. Change the filter or approve {patch ?? "the package"} explicitly.");

            var verdicts = baseline.Rules.Select((rule, index) => (Rule: rule, Number: index + 1, Verdict: Verdict(rule, classification, finding))).ToList();
            if (verdicts.FirstOrDefault(v => v.Verdict == Match.Yes) is { Rule: { } approving } yes)
            {
                var delay = approving.ApproveAfterDays is int days && days > 0 ? $" {days} days after release" : string.Empty;
                return (RemediationOutcomes.Unknown, $"{name} approves {what} (rule {yes.Number}: {Describe(approving)}){delay}, yet the finding is open after a rescan with no reboot pending: {CheckInstall}");
            }

            if (verdicts.FirstOrDefault(v => v.Verdict == Match.CannotTell) is { Rule: { } unsure } maybe)
            {
                var keys = string.Join(", ", unsure.Filters.Where(f => Judge(f, classification, finding) == Match.CannotTell).Select(f => f.Key));
                return (RemediationOutcomes.Unknown, $"{name} may approve {what}: rule {maybe.Number} also filters on {keys}, which Inspector does not report. {CheckInstall}");
            }

            var rules = baseline.Rules.Count == 0 ? "has no approval rules" : "approves only " + string.Join("; ", baseline.Rules.Select(Describe));
            return (RemediationOutcomes.PackageNotInBaseline, $"{name} {rules}: no rule matches {what}. Approve {patch ?? "the package"} in the baseline or widen a rule to install its fix.");
        }

        private const string CheckInstall = "check the install's output and Get-PatchMissing for the patch (missing, failed, or not yet past an approval delay).";

        private static Match Verdict(PatchBaselineRule rule, string classification, PatchFinding finding)
        {
            var matches = rule.Filters.Select(f => Judge(f, classification, finding)).ToList();
            return matches.Contains(Match.No) ? Match.No : matches.Contains(Match.CannotTell) ? Match.CannotTell : Match.Yes;
        }

        private static Match Judge(KeyValuePair<string, IReadOnlyList<string>> filter, string classification, PatchFinding finding)
        {
            var values = filter.Value;
            if (values.Contains("*")) return Match.Yes;
            switch (filter.Key)
            {
                case "CLASSIFICATION":
                    return values.Contains(classification, StringComparer.OrdinalIgnoreCase) ? Match.Yes : Match.No;
                case "SEVERITY":
                case "MSRC_SEVERITY":
                    return finding.VendorSeverity == null ? Match.CannotTell
                        : values.Contains(finding.VendorSeverity, StringComparer.OrdinalIgnoreCase) ? Match.Yes : Match.No;
                default:
                    return Match.CannotTell;
            }
        }

        private static string Describe(PatchBaselineRule rule) => string.Join(", ", rule.Filters.Select(Describe));

        private static string Describe(KeyValuePair<string, IReadOnlyList<string>> filter) => filter.Key + "=" + string.Join("|", filter.Value);

        /// <summary>A baseline's patch entry names the package: the same name, or the name followed by its arch, epoch or version.</summary>
        private static bool Names(string entry, string patch) =>
            string.Equals(entry, patch, StringComparison.OrdinalIgnoreCase)
            || Regex.IsMatch(entry, "^" + Regex.Escape(patch) + @"([.:]|-\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static readonly Regex Kb = new Regex(@"\bKB\d{6,8}\b", RegexOptions.CultureInvariant);

        /// <summary>The Windows update (KB id) a finding's remediation names; null when it names none.</summary>
        public static string? KbOf(PatchFinding finding) =>
            finding.Remediation is { } text && Kb.Match(text) is { Success: true } kb ? kb.Value : null;
    }
}
