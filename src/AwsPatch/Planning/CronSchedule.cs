using System;
using System.Collections.Generic;
using System.Globalization;

namespace AwsPatch.Planning
{
    /// <summary>
    /// A Systems Manager maintenance-window cron expression: six fields, <c>minutes hours day-of-month month day-of-week
    /// year</c>, with AWS's rules: exactly one of day-of-month and day-of-week is <c>?</c>; day-of-month takes
    /// <c>L</c> (last day), <c>LW</c> (last weekday) and <c>nW</c> (the weekday nearest day n, within the month);
    /// day-of-week takes 1-7 or SUN-SAT (1 = Sunday), <c>L</c> (Saturday, the week's last day), <c>nL</c> (the month's
    /// last weekday n) and <c>n#k</c> (the k-th weekday n of the month; alone in its field). Matches local wall-clock times.
    /// </summary>
    public sealed class CronSchedule
    {
        internal static readonly string[] MonthNames = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };
        internal static readonly string[] DayNames = { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" };
        private const string MinuteRules = "Minutes are 0-59 with , - * /.";
        private const string HourRules = "Hours are 0-23 with , - * /.";
        private const string DayOfMonthRules = "Day-of-month is 1-31 with , - * ? / L W (L = last day, 15W = weekday nearest the 15th, LW = last weekday).";
        private const string MonthRules = "Month is 1-12 or JAN-DEC with , - * /.";
        private const string DayOfWeekRules = "Day-of-week is 1-7 or SUN-SAT (1 = SUN) with , - * ? L # (6L = last Friday, 3#2 = second Tuesday).";
        private const string YearRules = "Year is 1970-2199 with , - * /.";

        private readonly CronField _minutes;
        private readonly CronField _hours;
        private readonly CronField _months;
        private readonly CronField _years;
        private readonly DayOfMonth? _dayOfMonth;
        private readonly DayOfWeek? _dayOfWeek;

        private CronSchedule(CronField minutes, CronField hours, DayOfMonth? dayOfMonth, CronField months, DayOfWeek? dayOfWeek, CronField years)
        {
            _minutes = minutes;
            _hours = hours;
            _dayOfMonth = dayOfMonth;
            _months = months;
            _dayOfWeek = dayOfWeek;
            _years = years;
        }

        public const int FirstYear = 1970;
        public const int LastYear = 2199;

        /// <summary>Parses the inside of <c>cron(…)</c>; throws <see cref="ScheduleException"/> naming the field at fault.</summary>
        public static CronSchedule Parse(string fields)
        {
            var parts = fields.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 6)
                throw new ScheduleException("cron", $"A maintenance-window cron expression has six fields (minutes hours day-of-month month day-of-week year), not {parts.Length}: cron({fields}). Example: cron(0 3 ? * SUN *).");
            foreach (var (text, name) in new[] { (parts[0], "minutes"), (parts[1], "hours"), (parts[3], "month"), (parts[5], "year") })
                if (text == "?")
                    throw new ScheduleException(name, $"The {name} field cannot be '?': only day-of-month or day-of-week takes '?'.");
            var minutes = CronField.Parse(parts[0], "minutes", 0, 59, null, MinuteRules);
            var hours = CronField.Parse(parts[1], "hours", 0, 23, null, HourRules);
            var months = CronField.Parse(parts[3], "month", 1, 12, MonthNames, MonthRules);
            var years = CronField.Parse(parts[5], "year", FirstYear, LastYear, null, YearRules);
            var domAny = parts[2] == "?";
            var dowAny = parts[4] == "?";
            if (domAny == dowAny)
                throw new ScheduleException(domAny ? "day-of-month" : "day-of-week",
                    $"Exactly one of day-of-month ('{parts[2]}') and day-of-week ('{parts[4]}') must be '?': put '?' in the one you do not use, as in cron(0 3 ? * SUN *) or cron(0 3 1 * ? *).");
            return new CronSchedule(minutes, hours, domAny ? null : DayOfMonth.Parse(parts[2]), months, dowAny ? null : DayOfWeek.Parse(parts[4]), years);
        }

        /// <summary>Whether the local calendar day matches the day-of-month, month, day-of-week and year fields.</summary>
        public bool MatchesDay(DateTime date)
        {
            if (!_years.Allows(date.Year) || !_months.Allows(date.Month))
                return false;
            return _dayOfMonth?.Matches(date) ?? _dayOfWeek!.Matches(date);
        }

        /// <summary>Whether any day of the month can match (month and year fields).</summary>
        internal bool MatchesMonth(int year, int month) => _years.Allows(year) && _months.Allows(month);

        /// <summary>The wall-clock times of a matching day, ascending.</summary>
        public IEnumerable<TimeSpan> TimesOfDay()
        {
            foreach (var h in _hours.Values)
                foreach (var m in _minutes.Values)
                    yield return new TimeSpan(h, m, 0);
        }

        /// <summary>The local times the expression matches from <paramref name="fromLocal"/> (inclusive), ascending, up to year 2199.</summary>
        public IEnumerable<DateTime> LocalMatchesFrom(DateTime fromLocal)
        {
            var day = fromLocal.Date;
            while (day.Year <= LastYear)
            {
                if (!MatchesMonth(day.Year, day.Month))
                {
                    day = new DateTime(day.Year, day.Month, 1).AddMonths(1);
                    continue;
                }
                if (MatchesDay(day))
                {
                    foreach (var time in TimesOfDay())
                    {
                        var at = day + time;
                        if (at >= fromLocal) yield return at;
                    }
                }
                if (day.Year == LastYear && day.Month == 12 && day.Day == 31) yield break;
                day = day.AddDays(1);
            }
        }

        private sealed class DayOfMonth
        {
            private readonly bool[] _days = new bool[32];
            private readonly List<int> _nearestWeekday = new List<int>();
            private bool _last;
            private bool _lastWeekday;

            public static DayOfMonth Parse(string text)
            {
                var field = new DayOfMonth();
                foreach (var item in text.Split(','))
                {
                    var upper = item.ToUpperInvariant();
                    if (upper == "L")
                        field._last = true;
                    else if (upper == "LW")
                        field._lastWeekday = true;
                    else if (upper.EndsWith("W", StringComparison.Ordinal) && upper.Length > 1)
                        field._nearestWeekday.Add(CronField.Value(upper.Substring(0, upper.Length - 1), item, text, "day-of-month", 1, 31, null, DayOfMonthRules));
                    else if (upper.IndexOfAny(new[] { 'L', 'W', '#', '?' }) >= 0)
                        throw CronField.Invalid("day-of-month", text, $"'{item}' is not a day: L, LW and nW stand alone and '?' is the whole field", DayOfMonthRules);
                    else
                        CronField.AddItem(field._days, item, text, "day-of-month", 1, 31, null, DayOfMonthRules);
                }
                return field;
            }

            public bool Matches(DateTime date)
            {
                var lastDay = DateTime.DaysInMonth(date.Year, date.Month);
                if (_days[date.Day] || (_last && date.Day == lastDay))
                    return true;
                if (_lastWeekday && date.Day == NearestWeekday(date.Year, date.Month, lastDay))
                    return true;
                foreach (var n in _nearestWeekday)
                    if (n <= lastDay && date.Day == NearestWeekday(date.Year, date.Month, n))
                        return true;
                return false;
            }

            /// <summary>The weekday nearest day <paramref name="n"/>, never leaving the month (Saturday the 1st → Monday the 3rd).</summary>
            private static int NearestWeekday(int year, int month, int n)
            {
                var lastDay = DateTime.DaysInMonth(year, month);
                switch (new DateTime(year, month, n).DayOfWeek)
                {
                    case System.DayOfWeek.Saturday: return n == 1 ? 3 : n - 1;
                    case System.DayOfWeek.Sunday: return n == lastDay ? n - 2 : n + 1;
                    default: return n;
                }
            }
        }

        private sealed class DayOfWeek
        {
            private readonly bool[] _days = new bool[8];
            private readonly List<int> _lastOfMonth = new List<int>();
            private int _nthDay;
            private int _nth;

            public static DayOfWeek Parse(string text)
            {
                var field = new DayOfWeek();
                var items = text.Split(',');
                foreach (var item in items)
                {
                    var upper = item.ToUpperInvariant();
                    var hash = upper.IndexOf('#');
                    if (hash >= 0)
                    {
                        if (items.Length > 1)
                            throw CronField.Invalid("day-of-week", text, "with '#' the field holds one expression only ('3#1,6#3' is two)", DayOfWeekRules);
                        field._nthDay = CronField.Value(upper.Substring(0, hash), item, text, "day-of-week", 1, 7, DayNames, DayOfWeekRules);
                        if (!int.TryParse(upper.Substring(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out field._nth) || field._nth < 1 || field._nth > 5)
                            throw CronField.Invalid("day-of-week", text, $"the week number after '#' in '{item}' must be 1-5", DayOfWeekRules);
                    }
                    else if (upper == "L")
                        field._days[7] = true;
                    else if (upper.EndsWith("L", StringComparison.Ordinal) && upper.Length > 1)
                        field._lastOfMonth.Add(CronField.Value(upper.Substring(0, upper.Length - 1), item, text, "day-of-week", 1, 7, DayNames, DayOfWeekRules));
                    else if (upper.IndexOfAny(new[] { 'W', '?' }) >= 0 && !IsName(upper))
                        throw CronField.Invalid("day-of-week", text, $"'{item}' is not a day of the week", DayOfWeekRules);
                    else
                        CronField.AddItem(field._days, item, text, "day-of-week", 1, 7, DayNames, DayOfWeekRules);
                }
                return field;
            }

            public bool Matches(DateTime date)
            {
                var day = (int)date.DayOfWeek + 1;
                if (_days[day])
                    return true;
                if (_nth > 0 && day == _nthDay && (date.Day - 1) / 7 + 1 == _nth)
                    return true;
                return _lastOfMonth.Contains(day) && date.Day + 7 > DateTime.DaysInMonth(date.Year, date.Month);
            }

            private static bool IsName(string upper)
            {
                foreach (var part in upper.Split('-', '/'))
                    if (Array.IndexOf(DayNames, part) < 0 && !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                        return false;
                return true;
            }
        }
    }
}
