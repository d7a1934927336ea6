using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Common;
using AwsPatch.Instances;
using AwsPatch.Runs;

namespace AwsPatch.Commands
{
    /// <summary>
    /// Scans or patches instances with SSM Patch Manager (AWS-RunPatchBaseline), in batches, with rate control, an
    /// optional pre-patch snapshot gate, waiting, and resumable runs.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PatchRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = InstanceSet)]
    [OutputType(typeof(PatchRunResult))]
    public sealed class InvokePatchRunCommand : AsyncAwsCmdlet
    {
        private const string InstanceSet = "InstanceId";
        private const string TargetSet = "Target";
        private const string ResumeSet = "Resume";
        private const int ProgressId = 0x5A71;

        private readonly Dictionary<AwsSession, List<string>> _pending = new Dictionary<AwsSession, List<string>>();
        private readonly Dictionary<AwsSession, List<SentCommand>> _sent = new Dictionary<AwsSession, List<SentCommand>>();
        private readonly Dictionary<AwsSession, HashSet<string>> _seen = new Dictionary<AwsSession, HashSet<string>>();
        private readonly List<string> _noMatch = new List<string>();
        private PatchRunRequest _request = new PatchRunRequest();
        private int _leftOut;
        private int _finished;

        /// <summary>Instances to patch; strings or objects with an InstanceId (or Id) property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = InstanceSet)]
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ResumeSet)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[]? InstanceId { get; set; }

        [Parameter(ParameterSetName = TargetSet)]
        [ValidateNotNullOrEmpty]
        public Hashtable? Tag { get; set; }

        [Parameter(ParameterSetName = TargetSet)]
        [ValidateNotNullOrEmpty]
        public string[]? PatchGroup { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = InstanceSet)]
        [Parameter(Mandatory = true, ParameterSetName = TargetSet)]
        [Parameter(ParameterSetName = ResumeSet)]
        [ValidateSet("Scan", "Install")]
        public string? Operation { get; set; }

        [Parameter]
        [ValidateSet("RebootIfNeeded", "NoReboot")]
        public string RebootOption { get; set; } = "RebootIfNeeded";

        [Parameter]
        [ValidatePattern("^(s3|https)://.+")]
        public string? BaselineOverride { get; set; }

        [Parameter]
        [ValidatePattern("^(s3|https)://.+")]
        public string? InstallOverrideList { get; set; }

        [Parameter]
        [RateControlValue(false)]
        public string? MaxConcurrency { get; set; }

        [Parameter]
        [RateControlValue(true)]
        public string? MaxErrors { get; set; }

        [Parameter]
        [ValidateRange(30, 2592000)]
        public int TimeoutSeconds { get; set; }

        [Parameter]
        public SwitchParameter CloudWatchOutput { get; set; }

        [Parameter]
        [ValidateLength(3, 63)]
        public string? OutputS3BucketName { get; set; }

        [Parameter(ParameterSetName = InstanceSet)]
        [Parameter(ParameterSetName = TargetSet)]
        [ValidatePattern(RunIds.Pattern)]
        public string? RunId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ResumeSet)]
        [ValidatePattern(RunIds.Pattern)]
        public string? ResumeRunId { get; set; }

        [Parameter]
        public SwitchParameter SnapshotFirst { get; set; }

        /// <summary>Sends Install even to instances that already have an AwsPatch Install in progress.</summary>
        [Parameter]
        public SwitchParameter AllowConcurrentInstall { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, 10080)]
        public int TimeoutMinutes { get; set; } = 60;

        [Parameter]
        [ValidateRange(0.1, 3600)]
        public double PollIntervalSeconds { get; set; } = 10;

        /// <summary>Skips the confirmation prompt (never -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private bool IsBound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        private RunWaitOptions WaitOptions => new RunWaitOptions { Timeout = TimeSpan.FromMinutes(TimeoutMinutes), PollInterval = TimeSpan.FromSeconds(PollIntervalSeconds) };

        protected override Task BeginProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            if (SnapshotFirst && !Services.Runs.CanSnapshot)
            {
                // Nothing can proceed: the base turns this into one terminating error with this id.
                throw new ItemFailureException(new ItemFailure("SnapshotFirst", "SnapshotServiceUnavailable", AwsErrorKind.NotEnabled,
                    "-SnapshotFirst needs the AwsPatch snapshot service, which this build does not include. Nothing was sent.",
                    "Run without -SnapshotFirst after taking snapshots yourself, or use a build of AwsPatch that includes New-PatchSnapshot."));
            }
            _request = new PatchRunRequest
            {
                RunId = ResumeRunId ?? RunId ?? RunIds.New(DateTime.UtcNow),
                Operation = Operation ?? "Scan",
                RebootOption = RebootOption,
                BaselineOverride = BaselineOverride,
                InstallOverrideList = InstallOverrideList,
                MaxConcurrency = MaxConcurrency,
                MaxErrors = MaxErrors,
                TimeoutSeconds = IsBound(nameof(TimeoutSeconds)) ? TimeoutSeconds : (int?)null,
                CloudWatchOutput = CloudWatchOutput,
                OutputS3BucketName = OutputS3BucketName,
                SnapshotFirst = SnapshotFirst,
            };
            if (ParameterSetName == TargetSet && Tag == null && PatchGroup == null)
                throw new PSArgumentException("Give -Tag, -PatchGroup or both to choose the instances, or pipe instances (-InstanceId).");
            pipe.WriteVerbose($"Run {_request.RunId}.");
            return Task.CompletedTask;
        }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = Session!;
            if (!_pending.TryGetValue(session, out var ids))
            {
                _pending[session] = ids = new List<string>();
                _seen[session] = new HashSet<string>(StringComparer.Ordinal);
            }
            foreach (var id in InstanceId ?? Array.Empty<string>())
            {
                if (id != null && _seen[session].Add(id.Trim()))
                    ids.Add(id.Trim());
            }
            // Without -SnapshotFirst, launch as the input arrives, a pre-check page (200 ids, 4 SendCommands) at a time.
            // With it, gather every id first: one snapshot wait then covers the whole run, not one wait per batch.
            if (ParameterSetName == InstanceSet && !SnapshotFirst && ids.Count >= Instances.InstanceService.IdsPerEc2Call)
            {
                _pending[session] = new List<string>();
                await StopSafeAsync(pipe, () => LaunchAsync(pipe, session, _request, ById(ids), Array.Empty<string>(), cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var progress = new RunProgressWriter(pipe, ProgressId, "Invoke-PatchRun");
            try
            {
                await StopSafeAsync(pipe, () => LaunchAllAsync(pipe, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                progress.Complete();
            }
        }

        private async Task LaunchAllAsync(AsyncPipeline pipe, RunProgressWriter progress, CancellationToken cancellationToken)
        {
            foreach (var batch in _pending.ToList())
            {
                _pending.Remove(batch.Key);
                var query = ParameterSetName == TargetSet
                    ? new InstanceQuery { Tags = Tag == null ? new Dictionary<string, IReadOnlyList<string>>() : TagHashtable.Read(Tag), PatchGroups = PatchGroup ?? Array.Empty<string>() }
                    : ById(batch.Value);
                if (ParameterSetName == ResumeSet)
                    await ResumeAsync(pipe, batch.Key, batch.Value, progress, cancellationToken).ConfigureAwait(false);
                else
                    await LaunchAsync(pipe, batch.Key, _request, query, Array.Empty<string>(), cancellationToken, progress).ConfigureAwait(false);
            }
            if (!_sent.Values.Any(list => list.Count > 0) && (_noMatch.Count > 0 || _leftOut > 0))
                pipe.WriteWarning(PatchRunService.NothingSent(_request.RunId, _noMatch, _leftOut));

            if (!Wait)
                return;
            foreach (var pair in _sent.Where(p => p.Value.Count > 0))
            {
                try
                {
                    await foreach (var result in Services.Runs.WaitAsync(pair.Key, pair.Value, WaitOptions, progress.Report, pipe, cancellationToken).ConfigureAwait(false))
                    {
                        _finished += result.IsComplete ? 1 : 0;
                        await PatchRunOutput.WriteAsync(pipe, result).ConfigureAwait(false);
                    }
                }
                catch (ItemFailureException ex)
                {
                    // Following the run failed after it was sent: the results so far are out; name the run, go on.
                    await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(ex.Failure)).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Runs <paramref name="work"/>; stopped (Ctrl+C) after anything was sent, says that the run goes on and how to follow it.</summary>
        private async Task StopSafeAsync(AsyncPipeline pipe, Func<Task> work, CancellationToken cancellationToken)
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                var commands = _sent.Values.SelectMany(list => list).ToList();
                if (commands.Count > 0)
                    pipe.WriteStoppingWarning(PatchRunService.StillRunning(_request.RunId, commands.Select(c => c.CommandId), Math.Max(0, commands.Sum(c => c.InstanceIds.Count) - _finished)));
                throw;
            }
        }

        private static InstanceQuery ById(IReadOnlyList<string> ids) => new InstanceQuery { InstanceIds = ids };

        private async Task ResumeAsync(AsyncPipeline pipe, AwsSession session, IReadOnlyList<string> moreIds, RunProgressWriter progress, CancellationToken cancellationToken)
        {
            var plan = await Services.Runs.PlanResumeAsync(session, _request.RunId, moreIds, cancellationToken).ConfigureAwait(false);
            if (plan.Commands.Count == 0 && moreIds.Count == 0)
            {
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(new ItemFailure(_request.RunId, "RunNotFound", AwsErrorKind.NotFound,
                    $"No AWS-RunPatchBaseline command of run {_request.RunId} was found in {session.RegionName}.",
                    "Check the run id (Get-PatchRun lists recent runs) and the region (-Region); Systems Manager keeps command history for 30 days."))).ConfigureAwait(false);
                return;
            }
            if (plan.Resend.Count == 0)
            {
                var message = $"Run {_request.RunId} is complete in {session.RegionName}: all {plan.Succeeded} instance(s) reached Success. Nothing was sent.";
                pipe.WriteVerbose(message);
                pipe.WriteWarning(message);
                return;
            }

            var request = new PatchRunRequest
            {
                RunId = _request.RunId,
                Operation = Operation ?? plan.Operation ?? "Scan",
                RebootOption = IsBound(nameof(RebootOption)) ? RebootOption : plan.Parameter("RebootOption") ?? RebootOption,
                BaselineOverride = BaselineOverride ?? plan.Parameter("BaselineOverride"),
                InstallOverrideList = InstallOverrideList ?? plan.Parameter("InstallOverrideList"),
                MaxConcurrency = _request.MaxConcurrency,
                MaxErrors = _request.MaxErrors,
                TimeoutSeconds = _request.TimeoutSeconds,
                CloudWatchOutput = _request.CloudWatchOutput,
                OutputS3BucketName = _request.OutputS3BucketName,
                SnapshotFirst = _request.SnapshotFirst,
            };
            pipe.WriteVerbose($"Resuming run {plan.RunId}: {plan.Succeeded} instance(s) already succeeded; sending {request.Operation} to {plan.Resend.Count}: {string.Join(", ", plan.Resend)}.");
            if (SnapshotFirst && plan.Snapshotted.Count > 0)
                pipe.WriteVerbose($"Reusing the completed snapshot sets of run {plan.RunId} for {string.Join(", ", plan.Snapshotted)}; not snapshotting them again.");
            await LaunchAsync(pipe, session, request, ById(plan.Resend), plan.Snapshotted, cancellationToken, progress).ConfigureAwait(false);
        }

        /// <summary>
        /// Check (found, managed, Online; for Install, no AwsPatch Install already in progress) → confirm → snapshot
        /// (optional, one wait for all) → send (50 ids per SendCommand), for the instances the query selects in one session.
        /// </summary>
        private async Task LaunchAsync(AsyncPipeline pipe, AwsSession session, PatchRunRequest request, InstanceQuery query, IReadOnlyCollection<string> alreadySnapshotted, CancellationToken cancellationToken, RunProgressWriter? progress = null)
        {
            var check = await Services.Runs.CheckAsync(session, query, pipe, cancellationToken).ConfigureAwait(false);
            await LeaveOutAsync(pipe, check.Failures).ConfigureAwait(false);
            IReadOnlyList<string> ready = check.Ready;
            if (request.Operation == "Install" && !AllowConcurrentInstall && ready.Count > 0)
            {
                var busy = await Services.Runs.CheckInstallsInProgressAsync(session, ready, cancellationToken).ConfigureAwait(false);
                await LeaveOutAsync(pipe, busy.Failures).ConfigureAwait(false);
                ready = busy.Ready;
            }

            var approved = new List<string>();
            foreach (var id in ready)
            {
                if (await ApproveAsync(pipe, $"{id} ({session.RegionName})", request).ConfigureAwait(false))
                    approved.Add(id);
            }
            if (approved.Count == 0)
                return;

            IReadOnlyDictionary<string, IReadOnlyList<string>> snapshotIds = new Dictionary<string, IReadOnlyList<string>>();
            if (request.SnapshotFirst)
            {
                var toSnapshot = approved.Where(id => !alreadySnapshotted.Contains(id)).ToList();
                var writer = progress ?? new RunProgressWriter(pipe, ProgressId, "Invoke-PatchRun");
                InstanceCheck gate;
                try
                {
                    gate = await Services.Runs.SnapshotAsync(session, request.RunId, toSnapshot, WaitOptions, p => writer.ReportSnapshots(request.RunId, p), pipe, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (progress == null)
                        writer.Complete();
                }
                await LeaveOutAsync(pipe, gate.Failures).ConfigureAwait(false);
                approved = approved.Where(id => alreadySnapshotted.Contains(id) || gate.Ready.Contains(id)).ToList();
                snapshotIds = gate.SnapshotIds;
            }

            var (commands, failures) = await Services.Runs.SendAsync(session, request, approved, snapshotIds, request.SnapshotFirst, cancellationToken, command => Remember(session, command)).ConfigureAwait(false);
            await LeaveOutAsync(pipe, failures).ConfigureAwait(false);
            foreach (var command in commands)
            {
                pipe.WriteVerbose($"Sent {request.Operation} to {command.InstanceIds.Count} instance(s) in {session.RegionName}: command {command.CommandId}.");
                if (!Wait)
                {
                    foreach (var id in command.InstanceIds)
                        await pipe.WriteObjectAsync(PatchRunService.Pending(command, id, session.RegionName)).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Instances left out of the run: one error each; a query that matched nothing feeds the run's no-instance warning instead.</summary>
        private async Task LeaveOutAsync(AsyncPipeline pipe, IEnumerable<ItemFailure> failures)
        {
            foreach (var failure in failures)
            {
                if (failure.ErrorId == InstanceService.NoMatchingInstanceId)
                {
                    _noMatch.Add(failure.Message);
                    continue;
                }
                _leftOut++;
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(failure)).ConfigureAwait(false);
            }
        }

        private Task<bool> ApproveAsync(AsyncPipeline pipe, string target, PatchRunRequest request)
        {
            var install = request.Operation == "Install";
            var whatIf = IsBound("WhatIf");
            // Scan changes nothing on the instance: ask only when -WhatIf/-Confirm asked for it. -Force skips the prompt, never -WhatIf.
            if (!whatIf && ((!install && !IsBound("Confirm")) || Force))
                return Task.FromResult(true);
            var action = install
                ? $"Install approved patches with AWS-RunPatchBaseline ({request.RebootOption}{(request.RebootOption == "RebootIfNeeded" ? ": may reboot" : string.Empty)})"
                : "Scan for missing patches with AWS-RunPatchBaseline";
            return pipe.ShouldProcessAsync(target, action);
        }

        private void Remember(AwsSession session, SentCommand command)
        {
            if (!_sent.TryGetValue(session, out var list))
                _sent[session] = list = new List<SentCommand>();
            list.Add(command);
        }
    }
}
