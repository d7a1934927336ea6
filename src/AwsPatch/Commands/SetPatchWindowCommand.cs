using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Planning;

namespace AwsPatch.Commands
{
    /// <summary>
    /// Changes a maintenance window's schedule, timezone, offset, duration, cutoff, dates, description or enabled
    /// state, its targets (patch groups, a tag or explicit instances, replacing the registered ones) and its
    /// AWS-RunPatchBaseline tasks' operation, reboot option and rate control. The merged settings are validated before
    /// anything is written; settings not given keep their values; new targets that match no instance are a warning and
    /// nothing is changed.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "PatchWindow", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PatchWindow))]
    public sealed class SetPatchWindowCommand : AsyncAwsCmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "WindowId";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The window's id; binds from Get-PatchWindow output.</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern("^mw-[0-9a-f]{17}$")]
        public string WindowId { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Schedule { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TimeZoneCompleter))]
        public string? ScheduleTimezone { get; set; }

        [Parameter]
        [ValidateRange(1, 6)]
        public int? ScheduleOffset { get; set; }

        [Parameter]
        [ValidateRange(1, 24)]
        public int? Duration { get; set; }

        [Parameter]
        [ValidateRange(0, 23)]
        public int? Cutoff { get; set; }

        [Parameter]
        [ValidateLength(1, 128)]
        public string? Description { get; set; }

        [Parameter]
        public DateTime? StartDate { get; set; }

        [Parameter]
        public DateTime? EndDate { get; set; }

        /// <summary>$false disables the window (it keeps its targets and tasks but does not run); $true enables it.</summary>
        [Parameter]
        public bool? Enabled { get; set; }

        /// <summary>Replaces the window's targets with the instances of these patch groups (Patch Group or PatchGroup tag).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? PatchGroup { get; set; }

        /// <summary>Replaces the window's targets with the instances these tags match: AND across keys, OR within a key.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public Hashtable? Tag { get; set; }

        /// <summary>Replaces the window's targets with these instances.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePattern("^i-([0-9a-f]{8}|[0-9a-f]{17})$")]
        public string[]? InstanceId { get; set; }

        private WindowTargetInput? _targets;

        [Parameter]
        [ValidateSet("Scan", "Install")]
        public string? Operation { get; set; }

        [Parameter]
        [ValidateSet("RebootIfNeeded", "NoReboot")]
        public string? RebootOption { get; set; }

        [Parameter]
        [RateControlValue(false)]
        public string? MaxConcurrency { get; set; }

        [Parameter]
        [RateControlValue(true)]
        public string? MaxErrors { get; set; }

        protected override Task BeginProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var window = string.IsNullOrEmpty(Name) ? "the window" : Name;
            var kinds = (PatchGroup != null ? 1 : 0) + (Tag != null ? 1 : 0) + (InstanceId != null ? 1 : 0);
            if (kinds > 1)
                throw new PSArgumentException("Give the window's new targets one way: -PatchGroup, -Tag or -InstanceId, not several; a window can have more than one kind of target only through the AWS console or CLI.");
            _targets = PatchGroup != null ? WindowTargetInput.ForPatchGroups(PatchGroup)
                : Tag != null ? WindowTargetInput.ForTags(Tag)
                : InstanceId != null ? WindowTargetInput.ForInstances(InstanceId)
                : null;
            try
            {
                // What can be checked without the window: the expression and the timezone.
                if (Schedule != null) ScheduleExpression.Parse(Schedule);
                if (ScheduleTimezone != null) ScheduleTimeZone.Find(ScheduleTimezone);
            }
            catch (ScheduleException ex)
            {
                throw WindowErrors.InvalidSchedule(window, ex);
            }
            return Task.CompletedTask;
        }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = Session!;
            var key = ParameterSetName == IdSet ? WindowId : Name;
            var window = await Services.Windows.FindAsync(session, key, cancellationToken).ConfigureAwait(false);
            if (window == null)
            {
                await pipe.WriteErrorAsync(WindowErrors.NotFound(key, session.RegionName)).ConfigureAwait(false);
                return;
            }

            var settings = new MaintenanceWindowSettings
            {
                Schedule = Schedule, ScheduleTimezone = ScheduleTimezone, ScheduleOffset = ScheduleOffset, Duration = Duration, Cutoff = Cutoff,
                Description = Description, StartDate = Iso(StartDate), EndDate = Iso(EndDate), Enabled = Enabled,
            };
            var task = Operation != null || RebootOption != null || MaxConcurrency != null || MaxErrors != null
                ? new PatchTaskChange { Operation = Operation, RebootOption = RebootOption, MaxConcurrency = MaxConcurrency, MaxErrors = MaxErrors }
                : null;
            var targets = _targets != null && PatchWindowSpec.TargetsText(_targets.Registrations) != PatchWindowSpec.TargetsText(window) ? _targets : null;
            var changes = Changes(window, task, targets);
            if (changes.Count == 0)
            {
                pipe.WriteWarning($"Set-PatchWindow was given nothing to change for {window.Name} ({window.WindowId}): nothing changed.");
                return;
            }
            try
            {
                WindowSchedule.Create(Schedule ?? window.Schedule, ScheduleTimezone ?? window.ScheduleTimezone, ScheduleOffset ?? window.ScheduleOffset, StartDate ?? window.StartDate, EndDate ?? window.EndDate);
                PatchWindowSpec.CheckDurations(Duration ?? window.Duration, Cutoff ?? window.Cutoff);
            }
            catch (ScheduleException ex)
            {
                await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(WindowErrors.InvalidSchedule(window.Name, ex).Failure)).ConfigureAwait(false);
                return;
            }
            if (targets != null && await targets.CountMatchesAsync(Services.Instances, session, pipe, cancellationToken).ConfigureAwait(false) == 0)
            {
                pipe.WriteWarning($"The new targets of {window.Name} ({window.WindowId}) ({targets.Text}) match no instance in {session.RegionName}: nothing was changed. Check the patch group, tag values or instance ids with Get-PatchInstance.");
                return;
            }
            if (task != null && window.Tasks.Count == 0)
                pipe.WriteWarning($"{window.Name} ({window.WindowId}) has no AWS-RunPatchBaseline task: -Operation, -RebootOption, -MaxConcurrency and -MaxErrors change nothing.");

            if (!await pipe.ApproveAsync($"{window.Name} {window.WindowId} ({session.RegionName})", "Change " + string.Join(", ", changes)).ConfigureAwait(false))
                return;
            var updated = await Services.Windows.UpdateAsync(session, window, settings, task != null && window.Tasks.Count > 0 ? task : null, targets?.Registrations, cancellationToken).ConfigureAwait(false);
            await pipe.WriteObjectAsync(updated).ConfigureAwait(false);
        }

        private List<string> Changes(PatchWindow window, PatchTaskChange? task, WindowTargetInput? targets)
        {
            var changes = new List<string>();
            void Add(string name, object? value, object? current)
            {
                if (value != null && !Equals(value, current)) changes.Add($"{name} {current ?? "(none)"} → {value}");
            }
            Add("Schedule", Schedule, window.Schedule);
            Add("ScheduleTimezone", ScheduleTimezone, window.ScheduleTimezone);
            Add("ScheduleOffset", ScheduleOffset, window.ScheduleOffset);
            Add("Duration", Duration, window.Duration);
            Add("Cutoff", Cutoff, window.Cutoff);
            Add("Description", Description, window.Description);
            Add("StartDate", StartDate?.ToUniversalTime(), window.StartDate);
            Add("EndDate", EndDate?.ToUniversalTime(), window.EndDate);
            Add("Enabled", Enabled, window.Enabled);
            if (targets != null)
                changes.Add($"targets {(window.Targets.Count == 0 ? "(none)" : string.Join(" OR ", window.Targets))} → {targets.Text}");
            if (task != null)
            {
                foreach (var t in window.Tasks)
                {
                    Add("Operation", task.Operation, t.Operation);
                    Add("RebootOption", task.RebootOption, t.RebootOption);
                    Add("MaxConcurrency", task.MaxConcurrency, t.MaxConcurrency);
                    Add("MaxErrors", task.MaxErrors, t.MaxErrors);
                }
            }
            return changes;
        }

        private static string? Iso(DateTime? value) =>
            value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
