using System;

namespace AwsPatch.Planning
{
    /// <summary>
    /// When an instance's patches are due, from its risk rollup: <b>Urgent</b> (an exploitable finding on an instance
    /// with a Critical finding that is internet-facing and in production: Environment prod/production/prd) within
    /// <see cref="Urgent"/>, 24 hours by default; <b>CriticalHigh</b> (any Critical or High finding) within
    /// <see cref="CriticalHigh"/>, 7 days; <b>Routine</b> (the rest) within <see cref="Routine"/>, 30 days. Measured
    /// from AWS's time when the plan is made. The rollup counts exploitable findings per instance, not per severity, so
    /// Urgent may include an instance whose exploitable finding is High: it errs on the side of sooner.
    /// <b>CisaKev</b>: when one of the instance's findings is in CISA's Known Exploited Vulnerabilities catalogue and
    /// the catalogue's due date (Inspector's <c>cisaData.dateDue</c>) comes before the tier's, the KEV due date wins
    /// (it may already have passed: the instance is overdue). A KEV date never makes a due date later.
    /// </summary>
    public sealed class DueDatePolicy
    {
        public TimeSpan Urgent { get; init; } = TimeSpan.FromHours(24);
        public TimeSpan CriticalHigh { get; init; } = TimeSpan.FromDays(7);
        public TimeSpan Routine { get; init; } = TimeSpan.FromDays(30);

        public const string UrgentTier = "Urgent";
        public const string CriticalHighTier = "CriticalHigh";
        public const string RoutineTier = "Routine";
        public const string KevTier = "CisaKev";

        /// <summary>The tier of <paramref name="priority"/> given its earliest KEV due date (null: none of its findings is listed).</summary>
        public string TierOf(PatchPriority priority, DateTime nowUtc, DateTime? kevDue) =>
            kevDue.HasValue && kevDue.Value < TierDueDate(priority, nowUtc) ? KevTier : TierOf(priority);

        /// <summary>The due date of <paramref name="priority"/> for a plan made at <paramref name="nowUtc"/>: the tier's, or the KEV due date when earlier.</summary>
        public DateTime DueDate(PatchPriority priority, DateTime nowUtc, DateTime? kevDue = null)
        {
            var due = TierDueDate(priority, nowUtc);
            return kevDue.HasValue && kevDue.Value < due ? kevDue.Value : due;
        }

        /// <summary>The tier of <paramref name="priority"/> from its risk rollup alone (no KEV).</summary>
        public string TierOf(PatchPriority priority)
        {
            if (priority.CriticalCount > 0 && priority.ExploitAvailableCount > 0 && priority.InternetFacing && IsProduction(priority.Environment))
                return UrgentTier;
            return priority.CriticalCount + priority.HighCount > 0 ? CriticalHighTier : RoutineTier;
        }

        private DateTime TierDueDate(PatchPriority priority, DateTime nowUtc) => TierOf(priority) switch
        {
            UrgentTier => nowUtc + Urgent,
            CriticalHighTier => nowUtc + CriticalHigh,
            _ => nowUtc + Routine,
        };

        public void Validate()
        {
            if (Urgent <= TimeSpan.Zero || CriticalHigh <= TimeSpan.Zero || Routine <= TimeSpan.Zero)
                throw new ArgumentException("Every due period (-UrgentWithin, -CriticalHighWithin, -RoutineWithin) must be positive.");
        }

        // Production as the risk score reads it (PriorityCalculator's environment weight), so the two never disagree.
        private static bool IsProduction(string? environment) => Findings.PriorityCalculator.EnvironmentWeight(environment) > 1.0;
    }
}
