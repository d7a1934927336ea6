using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Commands.Common;
using AwsPatch.Common;
using AwsPatch.Instances;
using AwsPatch.Planning;

namespace AwsPatch.Commands
{
    /// <summary>
    /// Creates a maintenance window that patches a patch group, a tag or explicit instances: the window, its target
    /// registrations and one AWS-RunPatchBaseline task (Scan or Install, reboot option, rate control) in one call.
    /// Idempotent by name: the same settings again change nothing (and say so); other settings are an error that
    /// points to Set-PatchWindow. Everything is validated before any call; targets that match no instance are a
    /// warning and no window is created.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "PatchWindow", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PatchGroupSet)]
    [OutputType(typeof(PatchWindow))]
    public sealed class NewPatchWindowCommand : AsyncAwsCmdlet
    {
        private const string PatchGroupSet = "PatchGroup";
        private const string TagSet = "Tag";
        private const string InstanceSet = "InstanceId";
        private PatchWindowSpec? _spec;

        [Parameter(Mandatory = true, Position = 0)]
        [ValidatePattern("^[a-zA-Z0-9_\\-.]{3,128}$")]
        public string Name { get; set; } = string.Empty;

        /// <summary>cron(minutes hours day-of-month month day-of-week year), rate(N minutes|hours|days) or at(yyyy-mm-ddThh:mm:ss).</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Schedule { get; set; } = string.Empty;

        /// <summary>IANA timezone id the schedule is read in (Europe/Berlin); default UTC.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ScheduleTimezone { get; set; }

        /// <summary>Days after each cron match to run (1-6; cron only).</summary>
        [Parameter]
        [ValidateRange(1, 6)]
        public int? ScheduleOffset { get; set; }

        /// <summary>Hours the window stays open (1-24).</summary>
        [Parameter(Mandatory = true)]
        [ValidateRange(1, 24)]
        public int Duration { get; set; }

        /// <summary>Hours before the end when no new task starts (0-23, less than -Duration).</summary>
        [Parameter]
        [ValidateRange(0, 23)]
        public int Cutoff { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PatchGroupSet)]
        [ValidateNotNullOrEmpty]
        public string[] PatchGroup { get; set; } = Array.Empty<string>();

        /// <summary>Tag key → value(s): AND across keys, OR within a key.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TagSet)]
        [ValidateNotNullOrEmpty]
        public Hashtable? Tag { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = InstanceSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateSet("Scan", "Install")]
        public string Operation { get; set; } = "Scan";

        [Parameter]
        [ValidateSet("RebootIfNeeded", "NoReboot")]
        public string RebootOption { get; set; } = "RebootIfNeeded";

        [Parameter]
        [RateControlValue(false)]
        public string MaxConcurrency { get; set; } = PatchWindowSpec.DefaultMaxConcurrency;

        [Parameter]
        [RateControlValue(true)]
        public string MaxErrors { get; set; } = PatchWindowSpec.DefaultMaxErrors;

        [Parameter]
        [ValidateLength(1, 128)]
        public string? Description { get; set; }

        /// <summary>The window does not run before this time.</summary>
        [Parameter]
        public DateTime? StartDate { get; set; }

        /// <summary>The window does not run after this time.</summary>
        [Parameter]
        public DateTime? EndDate { get; set; }

        private readonly List<string> _instanceIds = new List<string>();

        protected override Task BeginProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var tags = Tag == null ? null : TagHashtable.Read(Tag);
            if (tags != null && tags.Count > Aws.MaintenanceWindowLimits.PairsPerTarget)
                throw new PSArgumentException($"-Tag has {tags.Count} keys; a maintenance-window target takes at most {Aws.MaintenanceWindowLimits.PairsPerTarget}.", nameof(Tag));
            _spec = Spec(tags);
            try
            {
                _spec.Validate();
            }
            catch (ScheduleException ex)
            {
                throw WindowErrors.InvalidSchedule(Name, ex);
            }
            return Task.CompletedTask;
        }

        protected override Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            _instanceIds.AddRange(InstanceId.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()));
            return Task.CompletedTask;
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = Session!;
            var spec = ParameterSetName == InstanceSet ? WithInstances(_spec!, _instanceIds.Distinct().ToList()) : _spec!;
            var target = $"{Name} ({session.RegionName})";

            var existing = await Services.Windows.FindAsync(session, Name, cancellationToken).ConfigureAwait(false);
            if (existing != null)
            {
                var differences = spec.DifferencesFrom(existing);
                if (differences.Count == 0)
                {
                    pipe.WriteWarning($"Maintenance window {target} ({existing.WindowId}) already exists with these settings: nothing changed.");
                    await pipe.WriteObjectAsync(existing).ConfigureAwait(false);
                    return;
                }
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(new ItemFailure(Name, "PatchWindowExists", Aws.AwsErrorKind.Busy,
                    $"Maintenance window {target} ({existing.WindowId}) already exists with other settings: {string.Join("; ", differences)}. Nothing was changed.",
                    $"To change it, use Set-PatchWindow -Name {Name} with the settings to change; to start over, Remove-PatchWindow -Name {Name} and run New-PatchWindow again."))).ConfigureAwait(false);
                return;
            }

            var matched = await CountMatchesAsync(pipe, session, cancellationToken).ConfigureAwait(false);
            if (matched == 0)
            {
                pipe.WriteWarning($"The targets of {target} ({TargetText(spec)}) match no instance in {session.RegionName}: no window was created. Check the patch group or tag values with Get-PatchInstance.");
                return;
            }

            var action = $"Create maintenance window {spec.Schedule} {spec.ScheduleTimezone ?? "UTC"}{(spec.ScheduleOffset.HasValue ? $" +{spec.ScheduleOffset} days" : "")}, {spec.Duration} h (cutoff {spec.Cutoff} h) "
                + $"targeting {TargetText(spec)} ({matched} instances now), with an AWS-RunPatchBaseline {spec.Operation} task ({spec.RebootOption}, {spec.MaxConcurrency} at a time, {spec.MaxErrors} errors)";
            if (!await pipe.ApproveAsync(target, action).ConfigureAwait(false))
                return;
            var window = await Services.Windows.CreateAsync(session, spec, cancellationToken).ConfigureAwait(false);
            pipe.WriteVerbose($"Created {window.Name} ({window.WindowId}) in {session.RegionName}; next start {window.NextExecutionTime:u}.");
            await pipe.WriteObjectAsync(window).ConfigureAwait(false);
        }

        private async Task<int> CountMatchesAsync(AsyncPipeline pipe, Aws.AwsSession session, CancellationToken cancellationToken)
        {
            var query = ParameterSetName switch
            {
                PatchGroupSet => new InstanceQuery { PatchGroups = PatchGroup },
                TagSet => new InstanceQuery { Tags = TagHashtable.Read(Tag!) },
                _ => new InstanceQuery { InstanceIds = _instanceIds.Distinct().ToList() },
            };
            var count = 0;
            await foreach (var outcome in Services.Instances.GetAsync(session, query, pipe, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Value != null)
                    count++;
                else
                    pipe.WriteWarning(outcome.Failure!.Message);
            }
            return count;
        }

        private PatchWindowSpec Spec(Dictionary<string, IReadOnlyList<string>>? tags) => new PatchWindowSpec
        {
            Name = Name,
            Description = Description,
            Schedule = Schedule,
            ScheduleTimezone = ScheduleTimezone,
            ScheduleOffset = ScheduleOffset,
            Duration = Duration,
            Cutoff = Cutoff,
            StartDate = StartDate,
            EndDate = EndDate,
            Operation = Operation,
            RebootOption = RebootOption,
            MaxConcurrency = MaxConcurrency,
            MaxErrors = MaxErrors,
            Targets = ParameterSetName switch
            {
                PatchGroupSet => PatchWindowService.PatchGroupTargets(PatchGroup),
                TagSet => new[] { (IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>)tags!.Select(t => new KeyValuePair<string, IReadOnlyList<string>>("tag:" + t.Key, t.Value)).ToList() },
                _ => Array.Empty<IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>>(),
            },
        };

        /// <summary>Explicit instances as InstanceIds registrations of at most 50 ids each (the model's Values limit).</summary>
        private static PatchWindowSpec WithInstances(PatchWindowSpec spec, IReadOnlyList<string> ids) => new PatchWindowSpec
        {
            Name = spec.Name, Description = spec.Description, Schedule = spec.Schedule, ScheduleTimezone = spec.ScheduleTimezone,
            ScheduleOffset = spec.ScheduleOffset, Duration = spec.Duration, Cutoff = spec.Cutoff, StartDate = spec.StartDate, EndDate = spec.EndDate,
            Operation = spec.Operation, RebootOption = spec.RebootOption, MaxConcurrency = spec.MaxConcurrency, MaxErrors = spec.MaxErrors,
            Targets = PatchWindowService.Registrations("InstanceIds", ids),
        };

        private static string TargetText(PatchWindowSpec spec) => string.Join(" OR ", spec.Targets.Select(PatchWindowService.Describe));
    }
}
