using AwsPatch.Planning;

namespace AwsPatch.Tests.Unit.Planning;

/// <summary>Bad schedules fail before any call, naming the offending field and the rule (AWS's cron and rate reference).</summary>
public sealed class ScheduleValidationTests
{
    [Theory]
    [InlineData("cron(0 3 * * SUN *)", "day-of-week", "Exactly one of day-of-month")]
    [InlineData("cron(0 3 ? * ? *)", "day-of-month", "Exactly one of day-of-month")]
    [InlineData("cron(0 3 ? * SUN)", "cron", "six fields")]
    [InlineData("cron(0 0 3 ? * SUN *)", "cron", "six fields")]
    [InlineData("cron(60 3 ? * SUN *)", "minutes", "60 is outside 0-59")]
    [InlineData("cron(0 24 ? * SUN *)", "hours", "24 is outside 0-23")]
    [InlineData("cron(0 3 32 * ? *)", "day-of-month", "32 is outside 1-31")]
    [InlineData("cron(0 3 ? 13 SUN *)", "month", "13 is outside 1-12")]
    [InlineData("cron(0 3 ? FOO SUN *)", "month", "'FOO' is not a value")]
    [InlineData("cron(0 3 ? * FUN *)", "day-of-week", "'FUN' is not a value")]
    [InlineData("cron(0 3 ? * 0 *)", "day-of-week", "0 is outside 1-7")]
    [InlineData("cron(0 3 ? * 3#1,6#3 *)", "day-of-week", "one expression only")]
    [InlineData("cron(0 3 ? * 3#6 *)", "day-of-week", "must be 1-5")]
    [InlineData("cron(0 3 ? * SUN 1969)", "year", "outside 1970-2199")]
    [InlineData("cron(0 3 ? * SUN 2200)", "year", "outside 1970-2199")]
    [InlineData("cron(0 ? ? * SUN *)", "hours", "only day-of-month or day-of-week")]
    [InlineData("cron(0 3 L# * ? *)", "day-of-month", "not a day")]
    [InlineData("cron(*/0 3 ? * SUN *)", "minutes", "step")]
    [InlineData("cron(0 5-3 ? * SUN *)", "hours", "runs backwards")]
    [InlineData("rate(5 weeks)", "rate", "'weeks' is not minutes, hours or days")]
    [InlineData("rate(0 days)", "rate", "at least 1")]
    [InlineData("rate(days)", "rate", "a whole number and a unit")]
    [InlineData("at(2026-12-24 22:00)", "at", "yyyy-mm-ddThh:mm:ss")]
    [InlineData("every sunday", "Schedule", "not a schedule expression")]
    [InlineData("", "Schedule", "empty")]
    public void Names_the_field(string schedule, string field, string message)
    {
        var error = Assert.Throws<ScheduleException>(() => WindowSchedule.Create(schedule));
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_field_message_shows_the_text_and_the_rules()
    {
        var error = Assert.Throws<ScheduleException>(() => WindowSchedule.Create("cron(0 3 ? * FUN *)"));
        Assert.Equal("The day-of-week field 'FUN' is not valid: 'FUN' is not a value of this field. Day-of-week is 1-7 or SUN-SAT (1 = SUN) with , - * ? L # (6L = last Friday, 3#2 = second Tuesday).", error.Message);
    }

    [Fact]
    public void Unknown_timezone_offsets_and_dates()
    {
        Assert.Equal("ScheduleTimezone", Assert.Throws<ScheduleException>(() => WindowSchedule.Create("cron(0 3 ? * SUN *)", "Europe/Atlantis")).Field);
        Assert.Equal("ScheduleOffset", Assert.Throws<ScheduleException>(() => WindowSchedule.Create("rate(7 days)", offset: 2)).Field);
        Assert.Equal("ScheduleOffset", Assert.Throws<ScheduleException>(() => WindowSchedule.Create("cron(0 3 ? * SUN *)", offset: 7)).Field);
        Assert.Equal("EndDate", Assert.Throws<ScheduleException>(() => WindowSchedule.Create("cron(0 3 ? * SUN *)", startDate: new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), endDate: new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc))).Field);
        Assert.Equal("StartDate", Assert.Throws<ScheduleException>(() => WindowSchedule.ParseDate("next tuesday", "StartDate")).Field);
    }

    [Theory]
    [InlineData("cron(0 3 ? * SUN *)")]
    [InlineData("cron(0 3 ? * sun-sat *)")]
    [InlineData("CRON(0 3 1,15 * ? *)")]
    [InlineData("cron(0 0/6 L * ? 2026-2030)")]
    [InlineData("cron(15 10 ? * 6L 2026)")]
    [InlineData("rate(1 day)")]
    [InlineData("rate(12 hours)")]
    [InlineData("at(2026-12-24T22:00:00)")]
    public void Accepts_what_AWS_accepts(string schedule) => Assert.NotNull(WindowSchedule.Create(schedule));
}
