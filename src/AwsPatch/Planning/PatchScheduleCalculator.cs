using System;
using System.Collections.Generic;
using System.Linq;

namespace AwsPatch.Planning
{
    /// <summary>
    /// An instance's next patch window: among the enabled windows with an AWS-RunPatchBaseline task that runs on it,
    /// the one that starts first. When none does, the reason names what is missing (no window targets it, only
    /// disabled windows, no patch task on its targets, a schedule that never runs again, resource-group targets).
    /// </summary>
    public static class PatchScheduleCalculator
    {
        /// <param name="operation">Only tasks of this operation (Install) count; null: any AWS-RunPatchBaseline task.</param>
        public static PatchSchedule For(PatchInstance instance, IReadOnlyList<PatchWindow> windows, string? operation = null)
        {
            var candidates = new List<(PatchWindow Window, PatchWindowTask Task, DateTime Start)>();
            var reached = windows.Where(w => WindowCoverage.Covers(w, instance)).ToList();
            foreach (var window in reached.Where(w => w.Enabled && w.NextExecutionTime.HasValue))
                foreach (var task in window.Tasks.Where(t => (operation == null || t.Operation == operation) && WindowCoverage.Covers(window, t, instance)))
                    candidates.Add((window, task, window.NextExecutionTime!.Value));

            var first = candidates.OrderBy(c => c.Start).ThenBy(c => c.Task.Operation == "Install" ? 0 : 1).Select(c => ((PatchWindow, PatchWindowTask, DateTime)?)c).FirstOrDefault();
            if (first is (PatchWindow window0, PatchWindowTask task0, DateTime start))
            {
                return new PatchSchedule
                {
                    InstanceId = instance.InstanceId,
                    Name = instance.Name,
                    PatchGroup = instance.PatchGroup,
                    NextWindowStart = start,
                    NextWindowCutoff = start.AddHours(window0.Duration - window0.Cutoff),
                    WindowId = window0.WindowId,
                    WindowName = window0.Name,
                    Operation = task0.Operation,
                    Region = instance.Region,
                };
            }
            return new PatchSchedule
            {
                InstanceId = instance.InstanceId,
                Name = instance.Name,
                PatchGroup = instance.PatchGroup,
                Reason = ReasonNone(instance, windows, reached, operation),
                Region = instance.Region,
            };
        }

        private static string ReasonNone(PatchInstance instance, IReadOnlyList<PatchWindow> windows, IReadOnlyList<PatchWindow> reached, string? operation)
        {
            if (reached.Count == 0)
            {
                var groups = windows.Where(w => w.Targets.Any(WindowCoverage.UsesResourceGroup)).Select(w => w.Name).ToList();
                return groups.Count > 0
                    ? $"No maintenance window targets it by instance id or tag; {string.Join(", ", groups)} target resource groups, which AwsPatch does not resolve."
                    : "No maintenance window targets it.";
            }
            var enabled = reached.Where(w => w.Enabled).ToList();
            if (enabled.Count == 0)
                return $"Only disabled windows target it: {Names(reached)}.";
            var withTask = enabled.Where(w => w.Tasks.Any(t => (operation == null || t.Operation == operation) && WindowCoverage.Covers(w, t, instance))).ToList();
            if (withTask.Count == 0)
                return $"{Names(enabled)} target it but run no {PatchWindowService.PatchDocument} {operation ?? string.Empty}{(operation == null ? "" : " ")}task on it.";
            return $"{Names(withTask)} never run again (the schedule or its end date is past).";
        }

        private static string Names(IEnumerable<PatchWindow> windows) => string.Join(", ", windows.Select(w => $"{w.Name} ({w.WindowId})"));
    }
}
