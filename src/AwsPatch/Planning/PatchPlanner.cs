using System;
using System.Collections.Generic;

namespace AwsPatch.Planning
{
    /// <summary>
    /// Turns a risk rollup into a plan entry: the due date from <see cref="DueDatePolicy"/>, the first window with an
    /// AWS-RunPatchBaseline <c>Install</c> task that patches the instance (<see cref="PatchScheduleCalculator"/>), and
    /// whether it starts by the due date.
    /// </summary>
    public static class PatchPlanner
    {
        public const string PatchOperation = "Install";

        /// <param name="instance">The instance as EC2 describes it now (its tags decide window coverage); null when it was not found.</param>
        /// <param name="kevDue">The earliest CISA KEV due date among its findings; null when none is in the catalogue.</param>
        public static PatchPlan Plan(PatchPriority priority, PatchInstance? instance, IReadOnlyList<PatchWindow> windows, DueDatePolicy policy, DateTime nowUtc, DateTime? kevDue = null)
        {
            var due = policy.DueDate(priority, nowUtc, kevDue);
            var tier = policy.TierOf(priority, nowUtc, kevDue);
            var schedule = instance == null ? null : PatchScheduleCalculator.For(instance, windows, PatchOperation);
            var start = schedule?.NextWindowStart;
            var meets = start.HasValue && start.Value <= due;
            string? reason = null;
            if (schedule == null)
                reason = "The instance was not found in the region.";
            else if (due <= nowUtc)
                reason = $"Its CISA KEV due date, {due:yyyy-MM-dd}, has passed: patch it now.";
            else if (!start.HasValue)
                reason = schedule.Reason;
            else if (!meets)
                reason = $"The first Install window, {schedule.WindowName}, starts {start.Value:yyyy-MM-dd HH:mm}Z, after the due date.";
            return new PatchPlan
            {
                InstanceId = priority.InstanceId,
                Rank = priority.Rank,
                RiskScore = priority.RiskScore,
                Tier = tier,
                KevDueDate = kevDue,
                DueDate = due,
                WindowStart = start,
                WindowName = schedule?.WindowName,
                WindowId = schedule?.WindowId,
                MeetsDueDate = meets,
                Reason = reason,
                Environment = priority.Environment,
                PatchGroup = priority.PatchGroup ?? instance?.PatchGroup,
                InternetFacing = priority.InternetFacing,
                Region = string.IsNullOrEmpty(priority.Region) ? instance?.Region ?? string.Empty : priority.Region,
            };
        }
    }
}
