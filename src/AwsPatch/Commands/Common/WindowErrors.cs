using System.Management.Automation;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Planning;

namespace AwsPatch.Commands.Common
{
    /// <summary>The error records of the maintenance-window cmdlets: a bad schedule setting, a missing window.</summary>
    internal static class WindowErrors
    {
        /// <summary>A bad schedule, timezone, offset, duration or cutoff, before any call: <c>InvalidSchedule</c>, target the window name.</summary>
        public static ItemFailureException InvalidSchedule(string window, ScheduleException ex) =>
            new ItemFailureException(new ItemFailure(window, "InvalidSchedule", AwsErrorKind.InvalidInput,
                $"Maintenance window {window}: {ex.Message}",
                $"Fix -{Parameter(ex.Field)}; nothing was sent to AWS. The rules: https://docs.aws.amazon.com/systems-manager/latest/userguide/reference-cron-and-rate-expressions.html", ex));

        public static ErrorRecord NotFound(string nameOrId, string region) =>
            ErrorRecordFactory.FromFailure(new ItemFailure(nameOrId, "WindowNotFound", AwsErrorKind.NotFound,
                $"No maintenance window named or with id '{nameOrId}' exists in {region}.",
                "List the region's windows with Get-PatchWindow; create one with New-PatchWindow."));

        private static string Parameter(string field) => field switch
        {
            "ScheduleTimezone" => "ScheduleTimezone",
            "ScheduleOffset" => "ScheduleOffset",
            "Duration" => "Duration",
            "Cutoff" => "Cutoff",
            "StartDate" => "StartDate",
            "EndDate" => "EndDate",
            _ => $"Schedule (its {field} part)",
        };
    }
}
