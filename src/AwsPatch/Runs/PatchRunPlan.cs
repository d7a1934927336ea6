using System;
using System.Collections.Generic;

namespace AwsPatch.Runs
{
    /// <summary>What one Invoke-PatchRun asks of the run workflow, beside the instances: the request, waiting, and what resume may override.</summary>
    public sealed class PatchRunPlan
    {
        /// <summary>The document parameters and rate control; on resume, the values the user gave.</summary>
        public PatchRunRequest Request { get; init; } = new PatchRunRequest();

        /// <summary>Follow the run to the end (-Wait); without it, each sent instance comes back Pending at once.</summary>
        public bool Wait { get; init; }

        public RunWaitOptions WaitOptions { get; init; } = new RunWaitOptions();

        /// <summary>Send Install even to instances that already have an AwsPatch Install in progress.</summary>
        public bool AllowConcurrentInstall { get; init; }

        /// <summary>
        /// Instances the caller has just found running, managed by Systems Manager and Online (a rollout's recovery gate,
        /// right before its gate Scan): the pre-send check does not read them again. Everything else the run does for
        /// them (the Install-in-progress check, approval, record, snapshot, send) is unchanged.
        /// </summary>
        public IReadOnlyCollection<string> AlreadyChecked { get; init; } = Array.Empty<string>();

        /// <summary>
        /// The caller reads back and follows what a resume does not send (a rollout's wave): a resume with nothing to send,
        /// or with instances still in flight, says so in verbose text only, not in warnings telling the user to follow the run.
        /// </summary>
        public bool CallerFollowsResume { get; init; }

        /// <summary>Resume: the operation the user named, or null to keep the run's own.</summary>
        public string? ResumeOperation { get; init; }

        /// <summary>Resume: the reboot option the user named, or null to keep the run's own.</summary>
        public string? ResumeRebootOption { get; init; }

        /// <summary>The run's RunId.</summary>
        public string RunId => Request.RunId;

        /// <summary>The request a resume sends: the user's values where given, else the run's own document parameters.</summary>
        internal PatchRunRequest ResumeRequest(ResumePlan resume) => new PatchRunRequest
        {
            RunId = Request.RunId,
            Operation = ResumeOperation ?? resume.Operation ?? "Scan",
            RebootOption = ResumeRebootOption ?? resume.Parameter("RebootOption") ?? Request.RebootOption,
            BaselineOverride = Request.BaselineOverride ?? resume.Parameter("BaselineOverride"),
            InstallOverrideList = Request.InstallOverrideList ?? resume.Parameter("InstallOverrideList"),
            SnapshotId = Request.SnapshotId ?? resume.Parameter("SnapshotId"),
            MaxConcurrency = Request.MaxConcurrency,
            MaxErrors = Request.MaxErrors,
            TimeoutSeconds = Request.TimeoutSeconds,
            CloudWatchOutput = Request.CloudWatchOutput,
            OutputS3BucketName = Request.OutputS3BucketName,
            AlarmName = Request.AlarmName,
            SnapshotFirst = Request.SnapshotFirst || (resume.Record?.SnapshotFirst ?? false),
        };
    }
}
