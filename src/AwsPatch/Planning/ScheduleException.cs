using System;

namespace AwsPatch.Planning
{
    /// <summary>
    /// A maintenance-window schedule that AWS would reject: the expression, timezone, offset or date range, with the
    /// offending field named (<see cref="Field"/>: <c>minutes</c>, <c>day-of-week</c>, <c>ScheduleTimezone</c> …).
    /// </summary>
    public sealed class ScheduleException : ArgumentException
    {
        public ScheduleException(string field, string message)
            : base(message)
        {
            Field = field;
        }

        /// <summary>The cron field (minutes, hours, day-of-month, month, day-of-week, year) or the window setting at fault.</summary>
        public string Field { get; }
    }
}
