using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace AwsPatch.Reports
{
    /// <summary>
    /// Writes a report as one self-contained HTML page: inline CSS, inline SVG charts, one inline script (table
    /// sorting), and a Content-Security-Policy that forbids every external load and allows exactly that script by
    /// its hash, so any script that got in some other way would not run. Every string from the objects goes through
    /// <see cref="HtmlText"/>. Rows are written straight to the writer, one at a time.
    /// </summary>
    internal static class HtmlReport
    {
        /// <summary>Click a column header to sort by it; again to reverse. Numbers sort as numbers. Without script the tables are plain tables (the <c>js</c> class on the root marks that the script ran).</summary>
        internal const string SortScript =
            "document.documentElement.classList.add('js');\n" +
            "document.addEventListener('click', function (e) {\n" +
            "  var th = e.target.closest ? e.target.closest('table.sortable th') : null;\n" +
            "  if (!th) return;\n" +
            "  var table = th.closest('table'), body = table.tBodies[0], i = th.cellIndex;\n" +
            "  var asc = th.getAttribute('aria-sort') !== 'ascending';\n" +
            "  Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute('aria-sort'); });\n" +
            "  th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');\n" +
            "  var rows = Array.prototype.slice.call(body.rows);\n" +
            "  rows.sort(function (a, b) {\n" +
            "    var x = a.cells[i].textContent, y = b.cells[i].textContent;\n" +
            "    var nx = Number(x), ny = Number(y);\n" +
            "    var r = (x !== '' && y !== '' && !isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);\n" +
            "    return asc ? r : -r;\n" +
            "  });\n" +
            "  rows.forEach(function (r) { body.appendChild(r); });\n" +
            "});\n";

        /// <summary>The policy the page declares: nothing external, inline style, and only <see cref="SortScript"/> as script.</summary>
        internal static readonly string ContentSecurityPolicy =
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" + Sha256Base64(SortScript) + "'; "
            + "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'";

        private const string Style =
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px;color:#212121;background:#fafafa}" +
            "h1{margin:0 0 4px;font-size:24px}h2{margin:32px 0 8px;font-size:18px}.meta{color:#616161;margin:0 0 16px}" +
            ".tiles{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}" +
            ".tile{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:12px 16px;min-width:150px}" +
            ".tile .value{display:block;font-size:28px;font-weight:600}.tile .label{color:#616161}" +
            ".tile.alert .value{color:#c62828}" +
            ".charts{display:flex;flex-wrap:wrap;gap:16px}" +
            ".chart{background:#fff;border:1px solid #e0e0e0;border-radius:6px;margin:0;padding:8px 12px}" +
            ".chart figcaption{font-weight:600;margin-bottom:4px}.chart text{font-size:12px;fill:#212121}" +
            "table{border-collapse:collapse;background:#fff;font-size:13px;width:100%}" +
            ".scroll{overflow-x:auto}th,td{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;vertical-align:top}" +
            "th,td{white-space:nowrap}td.long{white-space:normal;overflow-wrap:break-word;min-width:18em;max-width:40em}" +
            "td.num{text-align:right;font-variant-numeric:tabular-nums}" +
            "th{background:#eeeeee;position:sticky;top:0}.js th{cursor:pointer;user-select:none}" +
            "th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}" +
            ".empty{color:#616161}";

        public static void Write(TextWriter w, ReportContent content, string title, DateTime generatedAtUtc)
        {
            w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            w.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"");
            w.Write(ContentSecurityPolicy); // a constant without double quotes
            w.Write("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            w.Write("<meta name=\"generator\" content=\"AwsPatch Export-PatchReport\">\n<title>");
            HtmlText.Write(w, title);
            w.Write("</title>\n<style>");
            w.Write(Style);
            w.Write("</style>\n</head>\n<body>\n<header><h1>");
            HtmlText.Write(w, title);
            w.Write("</h1><p class=\"meta\">Generated ");
            HtmlText.Write(w, ReportValues.Time(generatedAtUtc));
            w.Write(" by AwsPatch from ");
            HtmlText.Write(w, string.Join(", ", content.Sections.Select(s => ReportValues.Number(s.Count) + " " + s.Heading.ToLowerInvariant())));
            w.Write(".</p></header>\n");

            WriteTiles(w, content);
            WriteCharts(w, content);
            foreach (var section in content.Sections)
                WriteTable(w, section);

            w.Write("<script>");
            w.Write(SortScript);
            w.Write("</script>\n</body>\n</html>\n");
        }

        private static void WriteTiles(TextWriter w, ReportContent content)
        {
            var instances = content.Compliance.Items.Select(c => c.InstanceId)
                .Concat(content.Findings.Items.Select(f => f.InstanceId ?? string.Empty))
                .Concat(content.Priorities.Items.Select(p => p.InstanceId))
                .Concat(content.Runs.Items.Select(r => r.InstanceId))
                .Concat(content.RolloutResults.Items.Select(r => r.InstanceId))
                .Where(id => !string.IsNullOrEmpty(id))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            // The compliance percentage is over the instances with a patch state; the instance count is over every
            // section (an instance Inspector scans but Systems Manager does not manage has findings, no patch state).
            // Say both, so "18 instances" beside "94 % compliant" of 17 is not left for the reader to puzzle out.
            var withPatchState = new HashSet<string>(content.Compliance.Items.Select(c => c.InstanceId), StringComparer.Ordinal);
            var withoutPatchState = content.Compliance.Count == 0 ? 0 : instances.Count(id => !withPatchState.Contains(id));
            var compliant = content.Compliance.Items.Count(ReportCharts.IsCompliant);
            var critical = content.Findings.Items.Count(f => string.Equals(f.Severity, "Critical", StringComparison.OrdinalIgnoreCase));
            var failed = content.Runs.Items.Count(r => ReportCharts.FailedStatuses.Contains(r.Status, StringComparer.OrdinalIgnoreCase));

            w.Write("<section class=\"tiles\" aria-label=\"Summary\">\n");
            Tile(w, "instances", "Instances", ReportValues.Number(instances.Count), alert: false);
            Tile(w, "compliant", withoutPatchState == 0 ? "Compliant" : "Compliant, of " + ReportValues.Number(withPatchState.Count) + " with a patch state",
                ReportValues.Percent(compliant, content.Compliance.Count), alert: compliant < content.Compliance.Count);
            if (withoutPatchState > 0)
                Tile(w, "no-patch-state", "Without a patch state", ReportValues.Number(withoutPatchState), alert: true);
            Tile(w, "critical", "Critical findings", ReportValues.Number(critical), alert: critical > 0);
            Tile(w, "failed", "Failed runs", ReportValues.Number(failed), alert: failed > 0);
            if (content.Rollouts.Count > 0 || content.RolloutResults.Count > 0)
            {
                // From the per-instance results when given; else from the rollouts' own per-wave counts.
                var rolledBack = content.RolloutResults.Count > 0
                    ? content.Rollbacks.Items.Select(r => r.RolloutId + "/" + r.InstanceId).Distinct(StringComparer.Ordinal).Count()
                    : content.Rollouts.Items.Sum(r => r.Waves.Sum(x => x.RolledBackCount));
                Tile(w, "rolled-back", "Rolled back", ReportValues.Number(rolledBack), alert: rolledBack > 0);
            }
            w.Write("</section>\n");
        }

        private static void Tile(TextWriter w, string key, string label, string value, bool alert)
        {
            w.Write(alert ? "<div class=\"tile alert\" data-tile=\"" : "<div class=\"tile\" data-tile=\"");
            w.Write(key);
            w.Write("\"><span class=\"value\">");
            HtmlText.Write(w, value);
            w.Write("</span><span class=\"label\">");
            HtmlText.Write(w, label);
            w.Write("</span></div>\n");
        }

        private static void WriteCharts(TextWriter w, ReportContent content)
        {
            var charts = new List<(string Id, string Title, IReadOnlyList<ChartBar> Bars)>();
            if (content.Compliance.Count > 0)
            {
                charts.Add(("chart-compliance", "Compliance by state", ReportCharts.ComplianceByState(content.Compliance.Items)));
                charts.Add(("chart-environments", "Compliance by environment (compliant / not)", ReportCharts.ComplianceByEnvironment(content.Compliance.Items)));
            }
            if (content.Findings.Count > 0)
                charts.Add(("chart-findings", "Findings by severity", ReportCharts.FindingsBySeverity(content.Findings.Items)));
            if (content.Runs.Count > 0)
                charts.Add(("chart-runs", "Run results by status", ReportCharts.RunsByStatus(content.Runs.Items)));
            var rollouts = content.Rollouts.Items;
            if (charts.Count == 0 && rollouts.Count == 0)
                return;

            w.Write("<section class=\"charts\" aria-label=\"Charts\">\n");
            foreach (var (id, title, bars) in charts)
                SvgBarChart.Write(w, id, title, bars);
            for (var i = 0; i < rollouts.Count; i++)
                SvgRolloutTimeline.Write(w, "timeline-rollout-" + ReportValues.Number(i + 1), rollouts[i]);
            w.Write("</section>\n");
        }

        private static void WriteTable(TextWriter w, IReportSection section)
        {
            w.Write("<section id=\"");
            w.Write(section.Key);
            w.Write("\"><h2>");
            HtmlText.Write(w, section.Heading + " (" + ReportValues.Number(section.Count) + ")");
            w.Write("</h2>\n");
            if (section.Count == 0)
            {
                w.Write("<p class=\"empty\">None in this report.</p></section>\n");
                return;
            }

            var numeric = section.NumericColumns(html: true);
            w.Write("<div class=\"scroll\"><table class=\"sortable\"><thead><tr>");
            foreach (var header in section.Headers(html: true))
            {
                w.Write("<th scope=\"col\" title=\"Click to sort\">");
                HtmlText.Write(w, header);
                w.Write("</th>");
            }
            w.Write("</tr></thead>\n<tbody>\n");
            foreach (var row in section.Rows(html: true))
            {
                w.Write("<tr>");
                for (var i = 0; i < row.Count; i++)
                {
                    // Ids, states and dates stay on one line; only long text (titles, remediation, lists) wraps.
                    w.Write(numeric[i] ? "<td class=\"num\">" : (row[i]?.Length ?? 0) > LongText ? "<td class=\"long\">" : "<td>");
                    HtmlText.Write(w, row[i]);
                    w.Write("</td>");
                }
                w.Write("</tr>\n");
            }
            w.Write("</tbody></table></div></section>\n");
        }

        /// <summary>Cells longer than this wrap; shorter ones stay on one line.</summary>
        private const int LongText = 32;

        private static string Sha256Base64(string text)
        {
            using (var sha = SHA256.Create())
                return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
        }
    }
}
