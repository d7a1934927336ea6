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
        private PatchRunRequest _request = new PatchRunRequest();

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
                Targets = ParameterSetName == TargetSet ? Targets() : Array.Empty<KeyValuePair<string, IReadOnlyList<string>>>(),
            };
            if (ParameterSetName == TargetSet && _request.Targets.Count == 0)
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
                await LaunchAsync(pipe, session, _request, ids, Array.Empty<string>(), cancellationToken).ConfigureAwait(false);
            }
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var progress = new RunProgressWriter(pipe, ProgressId, "Invoke-PatchRun");
            try
            {
                foreach (var batch in _pending.ToList())
                {
                    _pending.Remove(batch.Key);
                    switch (ParameterSetName)
                    {
                        case TargetSet:
                            await LaunchTargetsAsync(pipe, batch.Key, cancellationToken).ConfigureAwait(false);
                            break;
                        case ResumeSet:
                            await ResumeAsync(pipe, batch.Key, batch.Value, progress, cancellationToken).ConfigureAwait(false);
                            break;
                        default:
                            await LaunchAsync(pipe, batch.Key, _request, batch.Value, Array.Empty<string>(), cancellationToken, progress).ConfigureAwait(false);
                            break;
                    }
                }

                if (!Wait)
                    return;
                foreach (var pair in _sent.Where(p => p.Value.Count > 0))
                {
                    await foreach (var result in Services.Runs.WaitAsync(pair.Key, pair.Value, WaitOptions, progress.Report, pipe, cancellationToken).ConfigureAwait(false))
                        await PatchRunOutput.WriteAsync(pipe, result).ConfigureAwait(false);
                }
            }
            finally
            {
                progress.Complete();
            }
        }

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
            await LaunchAsync(pipe, session, request, plan.Resend, plan.Snapshotted, cancellationToken, progress).ConfigureAwait(false);
        }

        /// <summary>
        /// Check → confirm → snapshot (optional, one wait for all of <paramref name="ids"/>) → send (50 ids per
        /// SendCommand), for one session's instances.
        /// </summary>
        private async Task LaunchAsync(AsyncPipeline pipe, AwsSession session, PatchRunRequest request, IReadOnlyList<string> ids, IReadOnlyCollection<string> alreadySnapshotted, CancellationToken cancellationToken, RunProgressWriter? progress = null)
        {
            var check = await Services.Runs.CheckAsync(session, ids, pipe, cancellationToken).ConfigureAwait(false);
            foreach (var failure in check.Failures)
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(failure)).ConfigureAwait(false);

            var approved = new List<string>();
            foreach (var id in check.Ready)
            {
                if (await ApproveAsync(pipe, $"{id} ({session.RegionName})", request, request.SnapshotFirst && !alreadySnapshotted.Contains(id)).ConfigureAwait(false))
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
                    gate = await Services.Runs.SnapshotAsync(session, request.RunId, toSnapshot, WaitOptions, writer.ReportSnapshots, pipe, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (progress == null)
                        writer.Complete();
                }
                foreach (var failure in gate.Failures)
                    await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(failure)).ConfigureAwait(false);
                approved = approved.Where(id => alreadySnapshotted.Contains(id) || gate.Ready.Contains(id)).ToList();
                snapshotIds = gate.SnapshotIds;
            }

            var (commands, failures) = await Services.Runs.SendAsync(session, request, approved, snapshotIds, request.SnapshotFirst, cancellationToken).ConfigureAwait(false);
            foreach (var failure in failures)
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(failure)).ConfigureAwait(false);
            Remember(session, commands);
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

        private async Task LaunchTargetsAsync(AsyncPipeline pipe, AwsSession session, CancellationToken cancellationToken)
        {
            var description = string.Join(", ", _request.Targets.Select(t => $"{t.Key}={string.Join("|", t.Value)}"));
            if (_request.SnapshotFirst)
            {
                // Snapshots need instance ids: resolve the targets with EC2, then send per instance as usual.
                var query = new Instances.InstanceQuery
                {
                    Tags = Tag == null ? new Dictionary<string, IReadOnlyList<string>>() : TagHashtable.Read(Tag),
                    PatchGroups = PatchGroup ?? Array.Empty<string>(),
                };
                var ids = new List<string>();
                await foreach (var outcome in Services.Instances.GetAsync(session, query, pipe, cancellationToken).ConfigureAwait(false))
                {
                    if (outcome.Value != null)
                        ids.Add(outcome.Value.InstanceId);
                    else
                        await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure!)).ConfigureAwait(false);
                }
                await LaunchAsync(pipe, session, _request, ids, Array.Empty<string>(), cancellationToken).ConfigureAwait(false);
                return;
            }

            if (!await ApproveAsync(pipe, $"{description} ({session.RegionName})", _request, false).ConfigureAwait(false))
                return;
            var command = await Services.Runs.SendToTargetsAsync(session, _request, cancellationToken).ConfigureAwait(false);
            pipe.WriteVerbose($"Sent {_request.Operation} to the instances with {description} in {session.RegionName}: command {command.CommandId}.");
            Remember(session, new[] { command });
            if (!Wait)
            {
                await foreach (var result in Services.Runs.GetResultsAsync(session, new[] { command }, cancellationToken).ConfigureAwait(false))
                    await pipe.WriteObjectAsync(result).ConfigureAwait(false);
            }
        }

        /// <summary>The gate for one target; a Scan (with or without a snapshot) has less impact than the declared High of Install.</summary>
        private static Task<bool> ApproveAsync(AsyncPipeline pipe, string target, PatchRunRequest request, bool snapshot) =>
            pipe.ApproveAsync(target, PatchRunSteps.Describe(request, snapshot), PatchRunSteps.ImpactOf(request, snapshot));

        private void Remember(AwsSession session, IEnumerable<SentCommand> commands)
        {
            if (!_sent.TryGetValue(session, out var list))
                _sent[session] = list = new List<SentCommand>();
            list.AddRange(commands);
        }

        private IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Targets()
        {
            var targets = new List<KeyValuePair<string, IReadOnlyList<string>>>();
            if (Tag != null)
                targets.AddRange(TagHashtable.Read(Tag).Select(t => new KeyValuePair<string, IReadOnlyList<string>>("tag:" + t.Key, t.Value)));
            if (PatchGroup != null)
                targets.Add(new KeyValuePair<string, IReadOnlyList<string>>("tag:Patch Group", PatchGroup));
            return targets;
        }
    }
}
