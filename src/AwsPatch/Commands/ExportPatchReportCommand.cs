using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using AwsPatch.Commands.Common;
using AwsPatch.Reports;

namespace AwsPatch.Commands
{
    /// <summary>
    /// Writes compliance, findings, priorities, runs and run results from the pipeline (any mix) to one self-contained
    /// HTML report or, with -Format Csv, one CSV file per kind; with nothing reportable, a warning and no file. Local
    /// only: no AWS session and no AWS call.
    /// </summary>
    [Cmdlet(VerbsData.Export, "PatchReport", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportPatchReportCommand : PSCmdlet
    {
        private readonly ReportContent _content = new ReportContent();
        private readonly ApprovalGate _approval;
        private string _path = string.Empty;

        public ExportPatchReportCommand() => _approval = new ApprovalGate(this);

        /// <summary>PatchCompliance, PatchFinding, PatchPriority, PatchRun, PatchRunResult, PatchPlan, PatchWindow, PatchRemediation, PatchRollout and PatchRolloutResult objects, in any mix.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

        /// <summary>The report file (HTML), or the base name of the CSV files. Relative to the current location.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        public ReportFormat Format { get; set; } = ReportFormat.Html;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = "AwsPatch report";

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            _path = ResolveFilePath(Path);
            // Fail before the upstream commands do their (AWS) work when the answer is already known.
            if (Format == ReportFormat.Html)
                RefuseExisting(_path);
        }

        protected override void ProcessRecord()
        {
            foreach (var item in InputObject)
            {
                var value = item?.BaseObject;
                if (_content.TryAdd(value))
                    continue;
                var type = value?.GetType().FullName ?? "null";
                WriteError(new ErrorRecord(
                    new ArgumentException($"Export-PatchReport cannot report an object of type {type}; it takes AwsPatch.PatchCompliance, AwsPatch.PatchFinding, AwsPatch.PatchPriority, AwsPatch.PatchRun, AwsPatch.PatchRunResult, AwsPatch.PatchPlan, AwsPatch.PatchWindow, AwsPatch.PatchRemediation, AwsPatch.PatchRollout and AwsPatch.PatchRolloutResult objects. The other objects are still reported."),
                    "UnsupportedInputType", ErrorCategory.InvalidType, value ?? (object)type)
                {
                    ErrorDetails = new ErrorDetails($"Export-PatchReport cannot report an object of type {type}.")
                    {
                        RecommendedAction = "Pipe in the output of Get-PatchCompliance, Get-PatchFinding, Get-PatchPriority, Invoke-PatchRun, Wait-PatchRun, Get-PatchRun, New-PatchPlan, Get-PatchWindow, Get-PatchRemediation, Get-PatchRollout, Invoke-PatchRollout or Resume-PatchRollout.",
                    },
                });
            }
        }

        protected override void EndProcessing()
        {
            if (_content.IsEmpty)
            {
                // A report of nothing is no report: never write one, never replace a good one with it (even with -Force).
                var existing = Format == ReportFormat.Html && File.Exists(_path) ? $"; the existing file '{_path}' was left as it was" : string.Empty;
                WriteWarning($"Nothing to report: no compliance, finding, priority, run or run-result objects came in, so no {(Format == ReportFormat.Html ? "HTML report" : "CSV file")} was written{existing}.");
                return;
            }

            if (Format == ReportFormat.Html)
            {
                var summary = string.Join(", ", Counts());
                Export(_path, $"Write the HTML patch report '{Title}' ({summary})", ReportFile.Utf8,
                    w => HtmlReport.Write(w, _content, Title, DateTime.UtcNow));
                return;
            }

            var files = CsvReport.Files(_content, _path);
            foreach (var (_, path) in files)
                RefuseExisting(path);
            foreach (var (section, path) in files)
                Export(path, $"Write the CSV patch report of {section.Key} ({section.Count} rows)", ReportFile.Utf8WithBom, w => CsvReport.Write(w, section));
        }

        private void Export(string path, string action, System.Text.Encoding encoding, Action<TextWriter> write)
        {
            if (!_approval.Approve(path, action))
                return;
            try
            {
                ReportFile.Write(path, encoding, Force, write);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                WriteError(new ErrorRecord(ex, "ReportWriteFailed", ErrorCategory.WriteError, path)
                {
                    ErrorDetails = new ErrorDetails($"Could not write the report file '{path}': {ex.Message}")
                    {
                        RecommendedAction = "Check that the folder is writable and the file is not open in another program, or choose another -Path.",
                    },
                });
                return;
            }
            WriteVerbose($"Wrote {path}.");
            // The provider's item, as Get-Item returns it: its PS* properties let the FileInfo's own view show it.
            if (PassThru)
                WriteObject(InvokeProvider.Item.Get(new[] { path }, force: false, literalPath: true), enumerateCollection: true);
        }

        private IEnumerable<string> Counts()
        {
            foreach (var section in _content.Sections)
                yield return $"{section.Count} {section.Key}";
        }

        /// <summary>The file-system path for <paramref name="path"/>, relative to the current location; never a folder.</summary>
        private string ResolveFilePath(string path)
        {
            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (Exception ex) when (ex is SessionStateException || ex is ProviderInvocationException || ex is NotSupportedException || ex is ArgumentException || ex is PSInvalidOperationException)
            {
                Terminate(new ArgumentException($"The path '{path}' cannot be resolved to a file: {ex.Message}", nameof(Path), ex), "InvalidPath", ErrorCategory.InvalidArgument, path,
                    "Give -Path as a file path, for example ./report.html.");
                throw; // not reached
            }

            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                Terminate(new ArgumentException($"The path '{path}' is on the {provider.Name} provider; the report must be written to the file system.", nameof(Path)),
                    "PathNotFileSystem", ErrorCategory.InvalidArgument, path, "Give -Path as a file path, for example ./report.html.");

            var endsWithSeparator = path.EndsWith("/", StringComparison.Ordinal) || path.EndsWith("\\", StringComparison.Ordinal);
            if (endsWithSeparator || Directory.Exists(resolved))
                Terminate(new ArgumentException($"The path '{path}' is a folder; -Path must name the report file.", nameof(Path)),
                    "PathIsDirectory", ErrorCategory.InvalidArgument, path,
                    $"Add a file name, for example -Path '{System.IO.Path.Combine(resolved.TrimEnd('/', '\\'), Format == ReportFormat.Html ? "report.html" : "report.csv")}'.");
            return resolved;
        }

        private void RefuseExisting(string path)
        {
            if (!Force && File.Exists(path))
                Terminate(new IOException($"The file '{path}' already exists."), "FileExists", ErrorCategory.ResourceExists, path,
                    "Use -Force to overwrite it, or choose another -Path.");
        }

        private void Terminate(Exception ex, string errorId, ErrorCategory category, object target, string action) =>
            ThrowTerminatingError(new ErrorRecord(ex, errorId, category, target)
            {
                ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = action },
            });
    }
}
