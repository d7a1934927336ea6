using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AwsPatch.Planning
{
    /// <summary>
    /// A parsed maintenance-window <c>Schedule</c>: <c>cron(…)</c> (<see cref="CronSchedule"/>), <c>rate(N unit)</c>
    /// with unit minute(s), hour(s) or day(s), or <c>at(yyyy-mm-ddThh:mm:ss)</c>, read in the window's timezone.
    /// </summary>
    public sealed class ScheduleExpression
    {
        private static readonly Regex Form = new Regex(@"^\s*(cron|rate|at)\((.*)\)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex RateBody = new Regex(@"^\s*(\d+)\s+([A-Za-z]+)\s*$", RegexOptions.CultureInvariant);

        private ScheduleExpression(string text, ScheduleKind kind)
        {
            Text = text;
            Kind = kind;
        }

        public string Text { get; }

        public ScheduleKind Kind { get; }

        /// <summary>The cron fields (Kind Cron).</summary>
        public CronSchedule? Cron { get; private set; }

        /// <summary>The interval (Kind Rate).</summary>
        public TimeSpan Rate { get; private set; }

        /// <summary>The one run's wall-clock time in the window's timezone (Kind At).</summary>
        public DateTime At { get; private set; }

        /// <summary>Parses and validates; throws <see cref="ScheduleException"/> naming the offending part.</summary>
        public static ScheduleExpression Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
                throw new ScheduleException("Schedule", "The schedule is empty: give cron(minutes hours day-of-month month day-of-week year), rate(N minutes|hours|days) or at(yyyy-mm-ddThh:mm:ss).");
            var match = Form.Match(text);
            if (!match.Success)
                throw new ScheduleException("Schedule", $"'{text}' is not a schedule expression: use cron(0 3 ? * SUN *), rate(7 days) or at(2026-12-24T22:00:00).");
            var body = match.Groups[2].Value;
            switch (match.Groups[1].Value.ToLowerInvariant())
            {
                case "cron":
                    return new ScheduleExpression(text!.Trim(), ScheduleKind.Cron) { Cron = CronSchedule.Parse(body) };
                case "rate":
                    return new ScheduleExpression(text!.Trim(), ScheduleKind.Rate) { Rate = ParseRate(body) };
                default:
                    return new ScheduleExpression(text!.Trim(), ScheduleKind.At) { At = ParseAt(body) };
            }
        }

        public override string ToString() => Text;

        private static TimeSpan ParseRate(string body)
        {
            var match = RateBody.Match(body);
            if (!match.Success)
                throw new ScheduleException("rate", $"rate({body}) is not valid: a rate is a whole number and a unit, as rate(7 days) or rate(12 hours).");
            if (!int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
                throw new ScheduleException("rate", $"rate({body}) is not valid: the value must be a whole number of at least 1.");
            switch (match.Groups[2].Value.ToLowerInvariant())
            {
                case "minute":
                case "minutes":
                    return TimeSpan.FromMinutes(value);
                case "hour":
                case "hours":
                    return TimeSpan.FromHours(value);
                case "day":
                case "days":
                    return TimeSpan.FromDays(value);
                default:
                    throw new ScheduleException("rate", $"rate({body}) is not valid: the unit '{match.Groups[2].Value}' is not minutes, hours or days.");
            }
        }

        private static DateTime ParseAt(string body)
        {
            if (!DateTime.TryParseExact(body.Trim(), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                throw new ScheduleException("at", $"at({body}) is not valid: write the one run's time as at(yyyy-mm-ddThh:mm:ss), for example at(2026-12-24T22:00:00).");
            return DateTime.SpecifyKind(at, DateTimeKind.Unspecified);
        }
    }
}
