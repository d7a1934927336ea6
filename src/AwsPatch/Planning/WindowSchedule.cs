using System;
using System.Collections.Generic;
using System.Globalization;

namespace AwsPatch.Planning
{
    /// <summary>
    /// When a maintenance window runs: its schedule expression read in <c>ScheduleTimezone</c> (UTC when none), moved
    /// <c>ScheduleOffset</c> days later (cron only, 1-6; a cron match already past does not run even when match +
    /// offset is still ahead, as AWS documents), and kept inside <c>StartDate</c>..<c>EndDate</c>. A rate counts from
    /// StartDate, else from the window's creation. Every time it returns is UTC.
    /// </summary>
    public sealed class WindowSchedule
    {
        private WindowSchedule(ScheduleExpression expression, TimeZoneInfo zone, int offset, DateTime? start, DateTime? end, DateTime? rateAnchor)
        {
            Expression = expression;
            Zone = zone;
            Offset = offset;
            StartDate = start;
            EndDate = end;
            RateAnchor = rateAnchor;
        }

        public ScheduleExpression Expression { get; }

        /// <summary>cron, rate or at.</summary>
        public ScheduleKind Kind => Expression.Kind;

        public TimeZoneInfo Zone { get; }

        /// <summary>Days after each cron match (0 = none).</summary>
        public int Offset { get; }

        public DateTime? StartDate { get; }

        public DateTime? EndDate { get; }

        /// <summary>Where a rate counts from: StartDate, else the window's creation.</summary>
        public DateTime? RateAnchor { get; }

        public const int MinOffset = 1;
        public const int MaxOffset = 6;

        /// <summary>
        /// Validates every setting together (throws <see cref="ScheduleException"/> naming the one at fault): the
        /// expression, the timezone, the offset (1-6, cron only), and an EndDate after StartDate.
        /// </summary>
        public static WindowSchedule Create(string? schedule, string? timezone = null, int? offset = null, DateTime? startDate = null, DateTime? endDate = null, DateTime? createdDate = null)
        {
            var expression = ScheduleExpression.Parse(schedule);
            var zone = ScheduleTimeZone.Find(timezone);
            if (offset.HasValue && offset.Value != 0)
            {
                if (expression.Kind != ScheduleKind.Cron)
                    throw new ScheduleException("ScheduleOffset", $"A schedule offset applies to cron expressions only, not to {expression.Text}.");
                if (offset.Value < MinOffset || offset.Value > MaxOffset)
                    throw new ScheduleException("ScheduleOffset", $"The schedule offset {offset.Value} is outside {MinOffset}-{MaxOffset} days.");
            }
            var start = Utc(startDate);
            var end = Utc(endDate);
            if (start.HasValue && end.HasValue && end.Value <= start.Value)
                throw new ScheduleException("EndDate", $"The end date {end.Value.ToString("u", CultureInfo.InvariantCulture)} is not after the start date {start.Value.ToString("u", CultureInfo.InvariantCulture)}.");
            return new WindowSchedule(expression, zone, offset ?? 0, start, end, start ?? Utc(createdDate));
        }

        /// <summary>
        /// AWS's ISO-8601 StartDate/EndDate text (<c>2021-04-07T14:29:00-08:00</c>) as UTC; a time without an offset is
        /// read as UTC. Null or empty is null; text that is no date throws <see cref="ScheduleException"/> for <paramref name="field"/>.
        /// </summary>
        public static DateTime? ParseDate(string? text, string field)
        {
            if (string.IsNullOrEmpty(text))
                return null;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
                return value.UtcDateTime;
            throw new ScheduleException(field, $"The {field} '{text}' is not an ISO-8601 date and time such as 2026-01-01T00:00:00+01:00.");
        }

        /// <summary>The UTC start times after <paramref name="afterUtc"/> (exclusive), ascending; empty when the window never runs again.</summary>
        public IEnumerable<DateTime> ExecutionsAfter(DateTime afterUtc)
        {
            afterUtc = DateTime.SpecifyKind(afterUtc.Kind == DateTimeKind.Local ? afterUtc.ToUniversalTime() : afterUtc, DateTimeKind.Utc);
            switch (Expression.Kind)
            {
                case ScheduleKind.Cron:
                    return CronExecutions(afterUtc);
                case ScheduleKind.Rate:
                    return RateExecutions(afterUtc);
                default:
                    return AtExecution(afterUtc);
            }
        }

        /// <summary>The next start after <paramref name="afterUtc"/>, or null.</summary>
        public DateTime? NextAfter(DateTime afterUtc)
        {
            foreach (var next in ExecutionsAfter(afterUtc))
                return next;
            return null;
        }

        /// <summary>The first <paramref name="count"/> starts after <paramref name="afterUtc"/>.</summary>
        public IReadOnlyList<DateTime> NextAfter(DateTime afterUtc, int count)
        {
            var list = new List<DateTime>();
            if (count <= 0) return list;
            foreach (var next in ExecutionsAfter(afterUtc))
            {
                list.Add(next);
                if (list.Count == count) break;
            }
            return list;
        }

        private IEnumerable<DateTime> CronExecutions(DateTime afterUtc)
        {
            // Start a day early in local time: the UTC check below decides, so no match near midnight or a DST change is lost.
            var fromLocal = ScheduleTimeZone.ToLocal(afterUtc, Zone).AddDays(-1);
            if (StartDate.HasValue && StartDate.Value > afterUtc)
                fromLocal = ScheduleTimeZone.ToLocal(StartDate.Value, Zone).AddDays(-1 - Offset);
            DateTime? previous = null;
            foreach (var match in Expression.Cron!.LocalMatchesFrom(fromLocal))
            {
                if (ScheduleTimeZone.ToUtc(match, Zone) <= afterUtc)
                    continue;
                var run = ScheduleTimeZone.ToUtc(match.AddDays(Offset), Zone);
                if (EndDate.HasValue && run > EndDate.Value)
                    yield break;
                if (StartDate.HasValue && run < StartDate.Value)
                    continue;
                // Two wall-clock times inside one DST gap land on one instant: run once.
                if (previous.HasValue && run <= previous.Value)
                    continue;
                previous = run;
                yield return run;
            }
        }

        private IEnumerable<DateTime> RateExecutions(DateTime afterUtc)
        {
            if (!RateAnchor.HasValue)
                yield break;
            var anchor = RateAnchor.Value;
            var step = Expression.Rate.Ticks;
            var n = afterUtc < anchor ? 1 : (afterUtc - anchor).Ticks / step + 1;
            while (true)
            {
                var run = new DateTime(anchor.Ticks + n * step, DateTimeKind.Utc);
                if ((EndDate.HasValue && run > EndDate.Value) || run.Year > CronSchedule.LastYear)
                    yield break;
                if (run > afterUtc && (!StartDate.HasValue || run >= StartDate.Value))
                    yield return run;
                n++;
            }
        }

        private IEnumerable<DateTime> AtExecution(DateTime afterUtc)
        {
            var run = ScheduleTimeZone.ToUtc(Expression.At, Zone);
            if (run > afterUtc && (!StartDate.HasValue || run >= StartDate.Value) && (!EndDate.HasValue || run <= EndDate.Value))
                yield return run;
        }

        private static DateTime? Utc(DateTime? value)
        {
            if (!value.HasValue) return null;
            var v = value.Value;
            return v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc);
        }
    }
}
