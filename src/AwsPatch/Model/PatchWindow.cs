using System;
using System.Collections.Generic;

namespace AwsPatch
{
    /// <summary>
    /// A Systems Manager maintenance window with what AwsPatch needs to plan by: its schedule (cron/rate/at, IANA
    /// timezone, offset), duration and cutoff in hours, enabled state, its next starts (UTC), target registrations
    /// and AWS-RunPatchBaseline tasks.
    /// </summary>
    public sealed class PatchWindow
    {
        public string WindowId { get; init; } = string.Empty;
        public string Name { get; init; } = string.Empty;
        public string? Description { get; init; }
        public string Schedule { get; init; } = string.Empty;
        public string? ScheduleTimezone { get; init; }
        public int? ScheduleOffset { get; init; }
        public int Duration { get; init; }
        public int Cutoff { get; init; }
        public bool Enabled { get; init; }
        public DateTime? StartDate { get; init; }
        public DateTime? EndDate { get; init; }

        /// <summary>The next start (UTC): AWS's NextExecutionTime, else computed from the schedule.</summary>
        public DateTime? NextExecutionTime { get; init; }

        /// <summary>The next starts (UTC), computed from the schedule; the first is <see cref="NextExecutionTime"/>.</summary>
        public IReadOnlyList<DateTime> NextExecutions { get; init; } = Array.Empty<DateTime>();

        public IReadOnlyList<PatchWindowTarget> Targets { get; init; } = Array.Empty<PatchWindowTarget>();

        /// <summary>The window's AWS-RunPatchBaseline tasks (other tasks are not listed).</summary>
        public IReadOnlyList<PatchWindowTask> Tasks { get; init; } = Array.Empty<PatchWindowTask>();

        /// <summary>The operations of the patch tasks (Install, Scan), for the table view.</summary>
        public string Operation => string.Join(",", OperationsOf(Tasks));

        /// <summary>Instance ids the targets resolve to (Get-PatchWindow -ResolveTargets; empty otherwise).</summary>
        public IReadOnlyList<string> InstanceIds { get; internal set; } = Array.Empty<string>();

        public string Region { get; init; } = string.Empty;

        public override string ToString() => WindowId;

        private static IEnumerable<string> OperationsOf(IReadOnlyList<PatchWindowTask> tasks)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var task in tasks)
                if (seen.Add(task.Operation)) yield return task.Operation;
        }
    }
}
