using System.Globalization;
using System.Text.RegularExpressions;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>
/// The sandbox's own reading of a maintenance-window schedule (written apart from the module's Planning library, so
/// the two check each other): each cron field becomes a predicate, every local minute of a matching day is tested,
/// and the wall-clock time becomes UTC by trying the zone's offsets around it (none fits: a DST gap, the offset
/// before it is used; two fit: the earlier instant). Offsets move a match 1-6 days on; a match at or before "now" does
/// not run. Rates count from StartDate, else from creation.
/// </summary>
internal sealed partial class MaintenanceWindowCalendar
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private Func<int, bool> _minute = _ => false, _hour = _ => false, _month = _ => false, _year = _ => false;
    private Func<DateTime, bool> _day = _ => false;
    private TimeSpan? _rate;
    private DateTime? _at;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private int _offset;
    private DateTime? _start, _end, _anchor;

    /// <summary>Validates the window's schedule settings as CreateMaintenanceWindow does; throws ValidationException.</summary>
    public static MaintenanceWindowCalendar Of(SandboxWindow window) =>
        Parse(window.Schedule, window.ScheduleTimezone, window.ScheduleOffset, window.StartDate, window.EndDate, window.CreatedDate);

    public static MaintenanceWindowCalendar Parse(string schedule, string? timezone, int? offset, string? startDate, string? endDate, DateTime created)
    {
        var calendar = new MaintenanceWindowCalendar();
        var text = schedule.Trim();
        Match m;
        if ((m = CronForm().Match(text)).Success)
            calendar.ReadCron(text, m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        else if ((m = RateForm().Match(text)).Success)
        {
            var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (n < 1) throw Invalid($"Invalid schedule expression: {text}");
            calendar._rate = m.Groups[2].Value.ToLowerInvariant() switch
            {
                "minute" or "minutes" => TimeSpan.FromMinutes(n),
                "hour" or "hours" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
        }
        else if ((m = AtForm().Match(text)).Success && DateTime.TryParseExact(m.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            calendar._at = at;
        else
            throw Invalid($"Invalid schedule expression: {text}");

        if (!string.IsNullOrEmpty(timezone))
        {
            try { calendar._zone = TimeZoneInfo.FindSystemTimeZoneById(timezone); }
            catch (TimeZoneNotFoundException) { throw Invalid($"Invalid time zone ID: {timezone}"); }
        }
        if (offset is not null && !CronForm().IsMatch(text))
            throw Invalid("Schedule offset is only supported for cron expressions.");
        calendar._offset = offset ?? 0;
        calendar._start = Date(startDate, "StartDate");
        calendar._end = Date(endDate, "EndDate");
        if (calendar._start is { } s && calendar._end is { } e && e <= s)
            throw Invalid("The end date of the maintenance window must be after the start date.");
        calendar._anchor = calendar._start ?? created;
        return calendar;
    }

    /// <summary>The next start after <paramref name="nowUtc"/> in AWS's string form, or null when the window never runs again.</summary>
    public static string? NextExecutionTime(SandboxWindow window, DateTime nowUtc) =>
        window.Enabled && Of(window).After(nowUtc).FirstOrDefault() is { } next && next != default ? Format(next) : null;

    public static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    /// <summary>UTC starts after <paramref name="nowUtc"/>, ascending.</summary>
    public IEnumerable<DateTime> After(DateTime nowUtc)
    {
        IEnumerable<DateTime> runs = _rate is { } rate ? RateRuns(rate, nowUtc) : _at is { } at ? [ToUtc(at)] : CronRuns(nowUtc);
        var last = DateTime.MinValue;
        foreach (var run in runs)
        {
            if (run <= nowUtc || run <= last || (_start is { } s && run < s)) continue;
            if (_end is { } e && run > e) yield break;
            last = run;
            yield return run;
        }
    }

    private IEnumerable<DateTime> RateRuns(TimeSpan rate, DateTime nowUtc)
    {
        var anchor = _anchor!.Value;
        var skip = nowUtc > anchor ? (long)((nowUtc - anchor) / rate) : 0;
        for (var k = skip + 1; anchor.Ticks + k * rate.Ticks < DateTime.MaxValue.Ticks / 2; k++)
            yield return new DateTime(anchor.Ticks + k * rate.Ticks, DateTimeKind.Utc);
    }

    private IEnumerable<DateTime> CronRuns(DateTime nowUtc)
    {
        var begin = _start is { } s && s > nowUtc ? s : nowUtc;
        var day = TimeZoneInfo.ConvertTimeFromUtc(begin, _zone).Date.AddDays(-1 - _offset);
        for (; day.Year <= 2199; day = day.AddDays(1))
        {
            if (!_year(day.Year) || !_month(day.Month) || !_day(day)) continue;
            for (var h = 0; h < 24; h++)
            {
                if (!_hour(h)) continue;
                for (var min = 0; min < 60; min++)
                {
                    if (!_minute(min)) continue;
                    var match = day.AddHours(h).AddMinutes(min);
                    if (ToUtc(match) > nowUtc) yield return ToUtc(match.AddDays(_offset));
                }
            }
        }
    }

    private DateTime ToUtc(DateTime local)
    {
        var offsets = new[] { _zone.GetUtcOffset(local.AddDays(-1)), _zone.GetUtcOffset(local.AddDays(1)) }.Distinct();
        var fits = offsets.Select(o => DateTime.SpecifyKind(local - o, DateTimeKind.Utc))
            .Where(u => TimeZoneInfo.ConvertTimeFromUtc(u, _zone) == local).Order().ToList();
        return fits.Count > 0 ? fits[0] : DateTime.SpecifyKind(local - _zone.GetUtcOffset(local.AddDays(-1)), DateTimeKind.Utc);
    }

    private void ReadCron(string text, string[] f)
    {
        if (f.Length != 6 || (f[2] == "?") == (f[4] == "?")) throw Invalid($"Invalid cron expression: {text}");
        _minute = Numbers(f[0], 0, 59, null, text);
        _hour = Numbers(f[1], 0, 23, null, text);
        _month = Numbers(f[3], 1, 12, Months, text);
        _year = Numbers(f[5], 1970, 2199, null, text);
        _day = f[2] == "?" ? Weekdays(f[4], text) : MonthDays(f[2], text);
    }

    private static Func<DateTime, bool> MonthDays(string field, string text)
    {
        var tests = field.Split(',').Select(item =>
        {
            var up = item.ToUpperInvariant();
            if (up == "L") return d => d.Day == DateTime.DaysInMonth(d.Year, d.Month);
            if (up == "LW") return d => d.Day == Weekday(d, DateTime.DaysInMonth(d.Year, d.Month));
            if (up.EndsWith('W') && int.TryParse(up[..^1], out var n) && n is >= 1 and <= 31)
                return (Func<DateTime, bool>)(d => n <= DateTime.DaysInMonth(d.Year, d.Month) && d.Day == Weekday(d, n));
            var numbers = Numbers(item, 1, 31, null, text);
            return d => numbers(d.Day);
        }).ToList();
        return d => tests.Any(t => t(d));
    }

    /// <summary>The weekday nearest day <paramref name="n"/> of <paramref name="d"/>'s month, never crossing into another month.</summary>
    private static int Weekday(DateTime d, int n)
    {
        var target = new DateTime(d.Year, d.Month, n);
        var candidate = target.DayOfWeek switch
        {
            DayOfWeek.Saturday => target.AddDays(-1),
            DayOfWeek.Sunday => target.AddDays(1),
            _ => target,
        };
        if (candidate.Month != d.Month) candidate = target.DayOfWeek == DayOfWeek.Saturday ? target.AddDays(2) : target.AddDays(-2);
        return candidate.Day;
    }

    private static Func<DateTime, bool> Weekdays(string field, string text)
    {
        var items = field.Split(',');
        if (field.Contains('#') && items.Length > 1) throw Invalid($"Invalid cron expression: {text}");
        var tests = items.Select(item =>
        {
            var up = item.ToUpperInvariant();
            var hash = up.Split('#');
            if (hash.Length == 2)
            {
                var day = DayNumber(hash[0], text);
                if (!int.TryParse(hash[1], out var nth) || nth is < 1 or > 5) throw Invalid($"Invalid cron expression: {text}");
                return d => (int)d.DayOfWeek + 1 == day && (d.Day + 6) / 7 == nth;
            }
            if (up == "L") return d => d.DayOfWeek == DayOfWeek.Saturday;
            if (up.Length > 1 && up.EndsWith('L'))
            {
                var day = DayNumber(up[..^1], text);
                return (Func<DateTime, bool>)(d => (int)d.DayOfWeek + 1 == day && d.AddDays(7).Month != d.Month);
            }
            var numbers = Numbers(item, 1, 7, Days, text);
            return d => numbers((int)d.DayOfWeek + 1);
        }).ToList();
        return d => tests.Any(t => t(d));
    }

    private static int DayNumber(string token, string text)
    {
        var index = Array.IndexOf(Days, token);
        if (index >= 0) return index + 1;
        return int.TryParse(token, out var n) && n is >= 1 and <= 7 ? n : throw Invalid($"Invalid cron expression: {text}");
    }

    private static Func<int, bool> Numbers(string field, int min, int max, string[]? names, string text)
    {
        var ranges = new List<(int From, int To, int Step)>();
        foreach (var item in field.Split(','))
        {
            var m = RangeForm().Match(item.ToUpperInvariant());
            if (!m.Success) throw Invalid($"Invalid cron expression: {text}");
            int Read(string token) => names is not null && Array.IndexOf(names, token) is var i and >= 0 ? i + min
                : int.TryParse(token, out var n) && n >= min && n <= max ? n : throw Invalid($"Invalid cron expression: {text}");
            var step = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : 1;
            if (step < 1) throw Invalid($"Invalid cron expression: {text}");
            var from = m.Groups[1].Value == "*" ? min : Read(m.Groups[1].Value);
            var to = m.Groups[2].Success ? Read(m.Groups[2].Value) : m.Groups[1].Value == "*" || m.Groups[3].Success ? max : from;
            if (to < from) throw Invalid($"Invalid cron expression: {text}");
            ranges.Add((from, to, step));
        }
        return v => ranges.Any(r => v >= r.From && v <= r.To && (v - r.From) % r.Step == 0);
    }

    private static DateTime? Date(string? text, string member)
    {
        if (string.IsNullOrEmpty(text)) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
            ? d.UtcDateTime
            : throw Invalid($"Invalid {member}: {text}. Use the ISO-8601 extended format.");
    }

    private static AwsApiException Invalid(string message) => new("ValidationException", message);

    [GeneratedRegex(@"^cron\(([^)]*)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex CronForm();

    [GeneratedRegex(@"^rate\((\d+) (minutes?|hours?|days?)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex RateForm();

    [GeneratedRegex(@"^at\(([^)]*)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex AtForm();

    [GeneratedRegex(@"^(\*|\d+|[A-Z]{3})(?:-(\d+|[A-Z]{3}))?(?:/(\d+))?$")]
    private static partial Regex RangeForm();
}
