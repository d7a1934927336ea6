using System;

namespace AwsPatch.Planning
{
    /// <summary>
    /// IANA timezone ids (Europe/Berlin) as <see cref="TimeZoneInfo"/>, and the wall-clock rule every schedule uses:
    /// a local time that does not exist (the hour skipped when clocks go forward) runs as many minutes after the gap
    /// as it lay inside it (02:30 on a 02:00→03:00 day runs at 03:30); a local time that exists twice (clocks go
    /// back) runs once, at its first occurrence (daylight time).
    /// </summary>
    public static class ScheduleTimeZone
    {
        /// <summary>
        /// The timezone for an IANA id; null or empty is UTC. Unknown ids throw <see cref="ScheduleException"/>
        /// (field <c>ScheduleTimezone</c>). IANA ids resolve on Linux and macOS and on Windows with .NET 6+ (ICU);
        /// Windows PowerShell 5.1 (.NET Framework) knows Windows ids only.
        /// </summary>
        public static TimeZoneInfo Find(string? id)
        {
            if (string.IsNullOrEmpty(id) || string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase) || string.Equals(id, "Etc/UTC", StringComparison.OrdinalIgnoreCase))
                return TimeZoneInfo.Utc;
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException || ex is InvalidTimeZoneException)
            {
                throw new ScheduleException("ScheduleTimezone",
                    $"'{id}' is not a timezone this machine knows: give an IANA id such as Europe/Berlin, America/New_York or Etc/UTC (on Windows PowerShell 5.1 only Windows timezone ids resolve; use PowerShell 7).");
            }
        }

        /// <summary>The UTC instant of a wall-clock time in <paramref name="zone"/>, with the gap and overlap rule above.</summary>
        public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
        {
            local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            TimeSpan offset;
            if (zone.IsInvalidTime(local))
                offset = zone.GetUtcOffset(local.AddHours(-6)); // the offset in force before the gap
            else if (zone.IsAmbiguousTime(local))
            {
                offset = TimeSpan.MinValue;
                foreach (var candidate in zone.GetAmbiguousTimeOffsets(local))
                    if (candidate > offset) offset = candidate;
            }
            else
                offset = zone.GetUtcOffset(local);
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }

        /// <summary>The wall-clock time of a UTC instant in <paramref name="zone"/>.</summary>
        public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
            DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone), DateTimeKind.Unspecified);
    }
}
