using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AwsPatch.Planning
{
    /// <summary>
    /// Everything New-PatchWindow asks for: the window's settings, its target registrations (each a set of key/values
    /// pairs that must all hold) and one AWS-RunPatchBaseline task. <see cref="Validate"/> checks it all before any call.
    /// </summary>
    public sealed class PatchWindowSpec
    {
        public string Name { get; init; } = string.Empty;
        public string? Description { get; init; }
        public string Schedule { get; init; } = string.Empty;
        public string? ScheduleTimezone { get; init; }
        public int? ScheduleOffset { get; init; }
        public int Duration { get; init; }
        public int Cutoff { get; init; }
        public DateTime? StartDate { get; init; }
        public DateTime? EndDate { get; init; }
        public IReadOnlyList<IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>> Targets { get; init; } = Array.Empty<IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>>();
        public string Operation { get; init; } = "Scan";
        public string RebootOption { get; init; } = "RebootIfNeeded";
        public string MaxConcurrency { get; init; } = DefaultMaxConcurrency;
        public string MaxErrors { get; init; } = DefaultMaxErrors;

        public const string DefaultMaxConcurrency = "10%";
        public const string DefaultMaxErrors = "1";

        /// <summary>Throws <see cref="ScheduleException"/> naming the setting at fault; returns the schedule it describes.</summary>
        public WindowSchedule Validate()
        {
            var schedule = WindowSchedule.Create(Schedule, ScheduleTimezone, ScheduleOffset, StartDate, EndDate);
            CheckDurations(Duration, Cutoff);
            return schedule;
        }

        /// <summary>Duration 1-24 hours, cutoff 0-23 and less than the duration (tasks must be able to start).</summary>
        public static void CheckDurations(int duration, int cutoff)
        {
            if (duration < 1 || duration > 24)
                throw new ScheduleException("Duration", $"The duration {duration} is outside 1-24 hours.");
            if (cutoff < 0 || cutoff > 23)
                throw new ScheduleException("Cutoff", $"The cutoff {cutoff} is outside 0-23 hours.");
            if (cutoff >= duration)
                throw new ScheduleException("Cutoff", $"The cutoff ({cutoff} h) must be less than the duration ({duration} h): no task could start.");
        }

        /// <summary>How <paramref name="window"/> differs from this spec, one line per setting; empty when it matches.</summary>
        public IReadOnlyList<string> DifferencesFrom(PatchWindow window)
        {
            var differences = new List<string>();
            void Compare(string setting, string? wanted, string? actual)
            {
                if (!string.Equals(wanted ?? string.Empty, actual ?? string.Empty, StringComparison.Ordinal))
                    differences.Add($"{setting} is '{actual}', not '{wanted}'");
            }
            Compare("Schedule", Schedule.Trim(), window.Schedule);
            Compare("ScheduleTimezone", ScheduleTimezone, window.ScheduleTimezone);
            Compare("ScheduleOffset", Text(ScheduleOffset), Text(window.ScheduleOffset));
            Compare("Duration", Text(Duration), Text(window.Duration));
            Compare("Cutoff", Text(Cutoff), Text(window.Cutoff));
            if (Description != null) Compare("Description", Description, window.Description);
            Compare("StartDate", Text(StartDate), Text(window.StartDate));
            Compare("EndDate", Text(EndDate), Text(window.EndDate));
            Compare("Targets", TargetsText(Targets), TargetsText(window));
            Compare("Tasks", $"{Operation}/{RebootOption}/{MaxConcurrency}/{MaxErrors}",
                string.Join(" | ", window.Tasks.Select(t => $"{t.Operation}/{t.RebootOption}/{t.MaxConcurrency}/{t.MaxErrors}")));
            return differences;
        }

        /// <summary>Target registrations as one text, the same whatever their order: what two sets of targets compare by.</summary>
        public static string TargetsText(IReadOnlyList<IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>> registrations) =>
            string.Join(" | ", registrations.Select(PatchWindowService.Describe).OrderBy(t => t, StringComparer.Ordinal));

        /// <summary>The window's registered targets as <see cref="TargetsText(IReadOnlyList{IReadOnlyList{KeyValuePair{string, IReadOnlyList{string}}}})"/> gives them.</summary>
        public static string TargetsText(PatchWindow window) =>
            string.Join(" | ", window.Targets.Select(t => t.ToString()).OrderBy(t => t, StringComparer.Ordinal));

        private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

        private static string? Text(DateTime? value) => value?.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture);
    }
}
