namespace AwsPatch.Planning
{
    /// <summary>The three schedule forms a maintenance window accepts.</summary>
    public enum ScheduleKind
    {
        /// <summary><c>cron(minutes hours day-of-month month day-of-week year)</c>.</summary>
        Cron,

        /// <summary><c>rate(N minutes|hours|days)</c>.</summary>
        Rate,

        /// <summary><c>at(yyyy-mm-ddThh:mm:ss)</c>: one run.</summary>
        At,
    }
}
