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
    /// CISA KEV due dates are not used yet.
    /// </summary>
    public sealed class DueDatePolicy
    {
        public TimeSpan Urgent { get; init; } = TimeSpan.FromHours(24);
        public TimeSpan CriticalHigh { get; init; } = TimeSpan.FromDays(7);
        public TimeSpan Routine { get; init; } = TimeSpan.FromDays(30);

        public const string UrgentTier = "Urgent";
        public const string CriticalHighTier = "CriticalHigh";
        public const string RoutineTier = "Routine";

        /// <summary>The tier of <paramref name="priority"/>.</summary>
        public string TierOf(PatchPriority priority)
        {
            if (priority.CriticalCount > 0 && priority.ExploitAvailableCount > 0 && priority.InternetFacing && IsProduction(priority.Environment))
                return UrgentTier;
            return priority.CriticalCount + priority.HighCount > 0 ? CriticalHighTier : RoutineTier;
        }

        /// <summary>The due date of <paramref name="priority"/> for a plan made at <paramref name="nowUtc"/>.</summary>
        public DateTime DueDate(PatchPriority priority, DateTime nowUtc) => TierOf(priority) switch
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
