using AwsPatch.Planning;

namespace AwsPatch.Tests.Unit.Planning;

/// <summary>
/// Next executions of maintenance-window schedules. Every expected time was worked out by hand from the calendar and
/// the zone's DST rules (EU: last Sunday of March 02:00 CET → 03:00 CEST, last Sunday of October 03:00 CEST → 02:00 CET;
/// US: second Sunday of March 02:00 EST → 03:00 EDT, first Sunday of November 02:00 EDT → 01:00 EST) and
/// cross-checked with Python's zoneinfo.
/// </summary>
public sealed class WindowScheduleTests
{
    private static DateTime Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    private static IReadOnlyList<DateTime> Next(string schedule, DateTime after, int count, string? zone = null, int? offset = null, DateTime? start = null, DateTime? end = null, DateTime? created = null) =>
        WindowSchedule.Create(schedule, zone, offset, start, end, created).NextAfter(after, count);

    [Fact]
    public void Sunday_03_00_Berlin_moves_one_hour_earlier_in_UTC_when_summer_time_starts()
    {
        // 2026-03-29 is the last Sunday of March: 03:00 CET on the 22nd is 02:00Z, 03:00 CEST on the 29th is 01:00Z.
        Assert.Equal(new[] { Utc(2026, 3, 22, 2), Utc(2026, 3, 29, 1), Utc(2026, 4, 5, 1) },
            Next("cron(0 3 ? * SUN *)", Utc(2026, 3, 21), 3, "Europe/Berlin"));
    }

    [Fact]
    public void A_time_inside_the_spring_gap_runs_as_far_after_the_gap_as_it_lay_inside_it()
    {
        // 02:30 does not exist in Berlin on 2026-03-29: it runs at 03:30 CEST = 01:30Z; a week before, 02:30 CET = 01:30Z too.
        Assert.Equal(new[] { Utc(2026, 3, 22, 1, 30), Utc(2026, 3, 29, 1, 30), Utc(2026, 4, 5, 0, 30) },
            Next("cron(30 2 ? * SUN *)", Utc(2026, 3, 21), 3, "Europe/Berlin"));
    }

    [Fact]
    public void Two_wall_clock_times_in_one_gap_run_once()
    {
        // On 2026-03-29 02:00 and 02:30 fall in the gap (→ 03:00 and 03:30 CEST = 01:00Z, 01:30Z); 03:00 and 03:30 CEST
        // are those same instants: four wall-clock times, two runs.
        Assert.Equal(new[] { Utc(2026, 3, 29, 1), Utc(2026, 3, 29, 1, 30) },
            Next("cron(0,30 2-3 29 3 ? 2026)", Utc(2026, 3, 28), 5, "Europe/Berlin"));
    }

    [Fact]
    public void A_time_that_happens_twice_when_clocks_go_back_runs_once_at_its_first_occurrence()
    {
        // 2026-10-25 Berlin: 02:30 CEST (00:30Z) and 02:30 CET (01:30Z); the window runs at the first only.
        Assert.Equal(new[] { Utc(2026, 10, 25, 0, 30), Utc(2026, 11, 1, 1, 30) },
            Next("cron(30 2 ? * SUN *)", Utc(2026, 10, 24), 2, "Europe/Berlin"));
    }

    [Fact]
    public void New_York_spring_gap_and_autumn_overlap()
    {
        // 2026-03-08: 02:00 EST does not exist → 03:00 EDT = 07:00Z; the week before, 02:00 EST = 07:00Z too.
        Assert.Equal(new[] { Utc(2026, 3, 1, 7), Utc(2026, 3, 8, 7), Utc(2026, 3, 15, 6) },
            Next("cron(0 2 ? * SUN *)", Utc(2026, 2, 28), 3, "America/New_York"));
        // 2026-11-01: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST): first only; a week later 01:30 EST = 06:30Z.
        Assert.Equal(new[] { Utc(2026, 11, 1, 5, 30), Utc(2026, 11, 8, 6, 30) },
            Next("cron(30 1 ? * SUN *)", Utc(2026, 10, 31), 2, "America/New_York"));
    }

    [Fact]
    public void Offset_runs_days_after_the_third_Tuesday_as_the_AWS_example_says()
    {
        // AWS's example: cron(30 23 ? * TUE#3 *) with offset 2. December 2026 starts on a Tuesday: TUE#3 = 15th → 17th 23:30.
        Assert.Equal(new[] { Utc(2026, 12, 17, 23, 30), Utc(2027, 1, 21, 23, 30) },
            Next("cron(30 23 ? * TUE#3 *)", Utc(2026, 12, 1), 2, offset: 2));
    }

    [Fact]
    public void A_match_already_past_does_not_run_even_when_its_offset_lies_ahead()
    {
        // Match on 2026-12-15 23:30 has passed at 12-16 00:00; 12-17 would be ahead, but AWS skips that period.
        Assert.Equal(Utc(2027, 1, 21, 23, 30), Next("cron(30 23 ? * TUE#3 *)", Utc(2026, 12, 16), 1, offset: 2).Single());
    }

    [Fact]
    public void Offset_keeps_the_local_wall_clock_time_across_a_DST_change()
    {
        // Saturday 2026-03-28 03:00 CET is 02:00Z; offset 1 → Sunday 03:00 CEST = 01:00Z.
        Assert.Equal(Utc(2026, 3, 29, 1), Next("cron(0 3 ? * SAT *)", Utc(2026, 3, 27), 1, "Europe/Berlin", offset: 1).Single());
    }

    [Theory]
    [InlineData("cron(0 9 L * ? *)", 2028, 2, 29)] // leap February
    [InlineData("cron(0 9 L * ? *)", 2026, 2, 28)]
    [InlineData("cron(0 9 ? * 6L *)", 2026, 3, 27)] // last Friday of March 2026
    [InlineData("cron(0 9 ? * FRIL *)", 2026, 7, 31)] // last Friday of July 2026, by name
    [InlineData("cron(0 9 LW * ? *)", 2026, 5, 29)] // May 31 2026 is a Sunday → Friday 29th
    [InlineData("cron(0 9 15W * ? *)", 2026, 8, 14)] // Aug 15 2026 is a Saturday → Friday 14th
    [InlineData("cron(0 9 1W * ? *)", 2026, 8, 3)] // Aug 1 2026 is a Saturday → Monday 3rd (never the month before)
    [InlineData("cron(0 9 15W * ? *)", 2026, 2, 16)] // Feb 15 2026 is a Sunday → Monday 16th
    [InlineData("cron(0 9 ? * 3#2 *)", 2026, 3, 10)] // second Tuesday of March 2026
    [InlineData("cron(0 9 ? * MON#5 *)", 2026, 3, 30)] // the fifth Monday: only months that have one
    [InlineData("cron(0 9 ? * L *)", 2026, 2, 7)] // L alone in day-of-week: Saturday
    public void Special_day_characters(string schedule, int year, int month, int day)
    {
        var after = schedule.Contains("MON#5", StringComparison.Ordinal)
            ? Utc(2026, 1, 1) // January and February 2026 have four Mondays each: the next fifth Monday is March 30
            : new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(year, month, day, 9, 0, 0, DateTimeKind.Utc), Next(schedule, after, 1).Single());
    }

    [Fact]
    public void Ranges_lists_steps_and_names()
    {
        Assert.Equal(new[] { Utc(2026, 12, 2, 0, 10), Utc(2026, 12, 2, 0, 25), Utc(2026, 12, 2, 0, 40), Utc(2026, 12, 2, 0, 55), Utc(2026, 12, 2, 1, 10) },
            Next("cron(10/15 * * * ? *)", Utc(2026, 12, 2), 5));
        // Weekdays 22:00, December 2026: the 4th is a Friday, so Sat 5 and Sun 6 are skipped.
        Assert.Equal(new[] { Utc(2026, 12, 4, 22), Utc(2026, 12, 7, 22) }, Next("cron(0 22 ? * MON-FRI *)", Utc(2026, 12, 4), 2));
        Assert.Equal(new[] { Utc(2027, 1, 1, 6), Utc(2027, 4, 1, 6), Utc(2027, 7, 1, 6) }, Next("cron(0 6 1 JAN,APR,JUL ? 2027)", Utc(2026, 12, 2), 5));
        Assert.Equal(new[] { Utc(2026, 12, 2, 3), Utc(2026, 12, 2, 5), Utc(2026, 12, 2, 7) }, Next("cron(0 3-7/2 * * ? *)", Utc(2026, 12, 2), 3));
    }

    [Fact]
    public void Start_and_end_dates_bound_the_runs_as_the_AWS_Los_Angeles_example_says()
    {
        // AWS: start 2021-01-01T00:00:00-08:00, America/Los_Angeles, cron(0 09 ? * WED *): first run Wednesday 2021-01-06 09:00 PST = 17:00Z.
        var start = WindowSchedule.ParseDate("2021-01-01T00:00:00-08:00", "StartDate");
        var end = WindowSchedule.ParseDate("2021-01-20T00:00:00-08:00", "EndDate");
        Assert.Equal(new[] { Utc(2021, 1, 6, 17), Utc(2021, 1, 13, 17) },
            Next("cron(0 09 ? * WED *)", Utc(2020, 12, 1), 5, "America/Los_Angeles", start: start, end: end));
        Assert.Empty(Next("cron(0 09 ? * WED *)", Utc(2021, 1, 20), 5, "America/Los_Angeles", start: start, end: end));
    }

    [Fact]
    public void Rate_counts_from_the_start_date_else_from_creation()
    {
        Assert.Equal(new[] { Utc(2026, 12, 8, 10), Utc(2026, 12, 15, 10) }, Next("rate(7 days)", Utc(2026, 12, 2), 2, created: Utc(2026, 12, 1, 10)));
        Assert.Equal(new[] { Utc(2026, 12, 2, 12), Utc(2026, 12, 2, 18) }, Next("rate(6 hours)", Utc(2026, 12, 2, 7), 2, start: Utc(2026, 12, 2), created: Utc(2026, 1, 1)));
        Assert.Equal(Utc(2026, 12, 2, 0, 30), Next("rate(30 minutes)", Utc(2026, 12, 2), 1, created: Utc(2026, 12, 1)).Single());
    }

    [Fact]
    public void At_runs_once_at_its_wall_clock_time_in_the_window_timezone()
    {
        Assert.Equal(Utc(2026, 12, 24, 21), Next("at(2026-12-24T22:00:00)", Utc(2026, 12, 2), 3, "Europe/Berlin").Single());
        Assert.Empty(Next("at(2026-12-24T22:00:00)", Utc(2026, 12, 25), 3, "Europe/Berlin"));
        Assert.Equal(Utc(2026, 12, 24, 22), Next("at(2026-12-24T22:00:00)", Utc(2026, 12, 2), 3).Single());
    }

    [Fact]
    public void A_schedule_that_never_matches_has_no_next_run()
    {
        Assert.Null(WindowSchedule.Create("cron(0 0 30 2 ? *)").NextAfter(Utc(2026, 12, 2)));
        Assert.Null(WindowSchedule.Create("cron(0 0 1 1 ? 2020)").NextAfter(Utc(2026, 12, 2)));
    }

    [Fact]
    public void London_spring_forward_moves_a_gap_time_past_the_gap_and_the_runs_after_it_an_hour_earlier_in_UTC()
    {
        // 2026-03-29 is the last Sunday of March: 01:00 GMT → 02:00 BST. 01:30 does not exist that day: 02:30 BST = 01:30Z.
        Assert.Equal(new[] { Utc(2026, 3, 22, 1, 30), Utc(2026, 3, 29, 1, 30), Utc(2026, 4, 5, 0, 30) },
            Next("cron(30 1 ? * SUN *)", Utc(2026, 3, 21), 3, "Europe/London"));
        // Daily 01:00, the first minute of the gap: 02:00 BST = 01:00Z on the 29th, then 01:00 BST = 00:00Z.
        Assert.Equal(new[] { Utc(2026, 3, 28, 1), Utc(2026, 3, 29, 1), Utc(2026, 3, 30, 0) },
            Next("cron(0 1 * * ? *)", Utc(2026, 3, 28), 3, "Europe/London"));
    }

    [Fact]
    public void London_fall_back_runs_a_twice_happening_time_once_at_its_first_occurrence()
    {
        // 2026-10-25: 02:00 BST → 01:00 GMT, so 01:30 happens at 00:30Z (BST) and 01:30Z (GMT); the window runs at the first.
        Assert.Equal(new[] { Utc(2026, 10, 18, 0, 30), Utc(2026, 10, 25, 0, 30), Utc(2026, 11, 1, 1, 30) },
            Next("cron(30 1 ? * SUN *)", Utc(2026, 10, 17), 3, "Europe/London"));
    }

    [Fact]
    public void New_York_daily_times_at_the_edges_of_the_DST_changes()
    {
        // 2026-03-08 02:00 EST → 03:00 EDT: 03:00 exists (the first minute after the gap), EST 08:00Z → EDT 07:00Z.
        Assert.Equal(new[] { Utc(2026, 3, 7, 8), Utc(2026, 3, 8, 7), Utc(2026, 3, 9, 7) },
            Next("cron(0 3 * * ? *)", Utc(2026, 3, 7), 3, "America/New_York"));
        // 2026-11-01 02:00 EDT → 01:00 EST: 02:00 then happens once, in EST: EDT 06:00Z → EST 07:00Z.
        Assert.Equal(new[] { Utc(2026, 10, 31, 6), Utc(2026, 11, 1, 7), Utc(2026, 11, 2, 7) },
            Next("cron(0 2 * * ? *)", Utc(2026, 10, 31), 3, "America/New_York"));
    }

    [Fact]
    public void Patch_Tuesday_plus_an_offset()
    {
        // Second Tuesdays: 2026-12-08, 2027-01-12, 2027-02-09; two days later at 03:00 UTC.
        Assert.Equal(new[] { Utc(2026, 12, 10, 3), Utc(2027, 1, 14, 3), Utc(2027, 2, 11, 3) },
            Next("cron(0 3 ? * TUE#2 *)", Utc(2026, 12, 3), 3, offset: 2));
        // On 2026-12-09 the December match has passed: the 10th does not run, January's does.
        Assert.Equal(Utc(2027, 1, 14, 3), Next("cron(0 3 ? * TUE#2 *)", Utc(2026, 12, 9), 1, offset: 2).Single());
        // New York, the Sunday after Patch Tuesday at 22:00: 2027-03-14 is also the day DST starts (EST → EDT).
        Assert.Equal(new[] { Utc(2027, 2, 15, 3), Utc(2027, 3, 15, 2), Utc(2027, 4, 19, 2) },
            Next("cron(0 22 ? * TUE#2 *)", Utc(2027, 2, 1), 3, "America/New_York", offset: 5));
    }

    [Fact]
    public void Last_day_of_the_month_plus_an_offset_runs_in_the_next_month()
    {
        // Nov 30 + 3 = Dec 3; Dec 31 + 3 = Jan 3; Jan 31 + 3 = Feb 3; Feb 28 2027 + 3 = Mar 3. Oct 31's match has passed on Nov 1.
        Assert.Equal(new[] { Utc(2026, 12, 3, 3), Utc(2027, 1, 3, 3), Utc(2027, 2, 3, 3), Utc(2027, 3, 3, 3) },
            Next("cron(0 3 L * ? *)", Utc(2026, 11, 1), 4, offset: 3));
    }

    [Fact]
    public void Next_is_strictly_after_and_a_rate_stops_at_the_end_date()
    {
        Assert.Equal(Utc(2026, 12, 4, 3), Next("cron(0 3 * * ? *)", Utc(2026, 12, 3, 3), 1).Single());
        Assert.Equal(Utc(2026, 12, 3, 10), Next("rate(1 day)", Utc(2026, 12, 2, 10), 1, created: Utc(2026, 12, 1, 10)).Single());
        Assert.Equal(new[] { Utc(2026, 12, 1, 2), Utc(2026, 12, 1, 4) },
            Next("rate(2 hours)", Utc(2026, 12, 1), 5, created: Utc(2026, 12, 1), end: Utc(2026, 12, 1, 5)));
    }
}
