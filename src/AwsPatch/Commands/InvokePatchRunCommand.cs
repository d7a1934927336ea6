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
    public sealed class InvokePatchRunCommand : OptionalWaitAwsCmdlet
    {
        private const string InstanceSet = "InstanceId";
        private const string TargetSet = "Target";
        private const string ResumeSet = "Resume";
        private const int ProgressId = 0x5A71;

        private readonly SessionBatches<string> _pending = new SessionBatches<string>(StringComparer.Ordinal);
        private PatchRunWorkflow? _run;

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

        /// <summary>Skips the confirmation prompt (never -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private bool IsBound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        protected override Task BeginProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var request = new PatchRunRequest
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
            var plan = new PatchRunPlan
            {
                Request = request,
                Wait = Wait,
                WaitOptions = WaitOptions,
                AllowConcurrentInstall = AllowConcurrentInstall,
                ResumeOperation = Operation,
                ResumeRebootOption = IsBound(nameof(RebootOption)) ? RebootOption : null,
            };
            _run = Services.Runs.Start(plan);
            pipe.WriteVerbose($"Run {request.RunId}.");
            return Task.CompletedTask;
        }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            // Without -SnapshotFirst, launch as the input arrives, a pre-check page (200 ids, 4 SendCommands) at a time.
            // With it, gather every id first: one snapshot wait then covers the whole run, not one wait per batch.
            // Each instance goes once; a -Tag/-PatchGroup run opens its session's batch with no ids.
            var flushAt = ParameterSetName == InstanceSet && !SnapshotFirst ? InstanceService.IdsPerEc2Call : int.MaxValue;
            var ids = (InstanceId ?? Array.Empty<string>()).Where(id => id != null).Select(id => id.Trim());
            if (_pending.Add(Session!, ids, flushAt) is { } batch)
                await WriteAsync(pipe, (approve, sink) => _run!.LaunchAsync(batch.Session, new InstanceQuery { InstanceIds = batch.Items }, approve, sink, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _pending.Drain())
            {
                await WriteAsync(pipe, (approve, sink) => ParameterSetName switch
                {
                    ResumeSet => _run!.ResumeAsync(batch.Session, batch.Items, approve, sink, cancellationToken),
                    TargetSet => _run!.LaunchAsync(batch.Session, new InstanceQuery { Tags = Tag == null ? new Dictionary<string, IReadOnlyList<string>>() : TagHashtable.Read(Tag), PatchGroups = PatchGroup ?? Array.Empty<string>() }, approve, sink, cancellationToken),
                    _ => _run!.LaunchAsync(batch.Session, new InstanceQuery { InstanceIds = batch.Items }, approve, sink, cancellationToken),
                }, cancellationToken).ConfigureAwait(false);
            }
            await WriteAsync(pipe, (_, sink) => _run!.FinishAsync(sink, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Writes one stretch of the run: results (with an error for each instance not patched) and failures as errors,
        /// progress closed at the end. Stopped (Ctrl+C) after anything was sent, says that the run goes on and how to follow it.
        /// </summary>
        private async Task WriteAsync(AsyncPipeline pipe, Func<Func<string, PatchRunRequest, bool, Task<bool>>, IPatchRunSink, IAsyncEnumerable<Outcome<PatchRunResult>>> stretch, CancellationToken cancellationToken)
        {
            var progress = new RunProgressWriter(pipe, ProgressId, "Invoke-PatchRun");
            try
            {
                await foreach (var outcome in stretch((target, request, snapshot) => ApproveAsync(pipe, target, request, snapshot), progress).ConfigureAwait(false))
                {
                    if (outcome.Value != null)
                        await PatchRunOutput.WriteAsync(pipe, outcome.Value).ConfigureAwait(false);
                    else
                        await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure!)).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (_run!.StoppedMessage() is { } message)
                    pipe.WriteStoppingWarning(message);
                throw;
            }
            finally
            {
                progress.Complete();
            }
        }

        /// <summary>The gate for one target; a Scan (with or without a snapshot) has less impact than the declared High of Install.</summary>
        private static Task<bool> ApproveAsync(AsyncPipeline pipe, string target, PatchRunRequest request, bool snapshot) =>
            pipe.ApproveAsync(target, PatchRunSteps.Describe(request, snapshot), PatchRunSteps.ImpactOf(request, snapshot));
    }
}
