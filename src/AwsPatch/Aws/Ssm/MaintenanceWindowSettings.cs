namespace AwsPatch.Aws
{
    /// <summary>What CreateMaintenanceWindow and UpdateMaintenanceWindow set; null leaves a setting alone on update.</summary>
    public sealed class MaintenanceWindowSettings
    {
        public string? Name { get; init; }
        public string? Description { get; init; }
        public string? Schedule { get; init; }
        public string? ScheduleTimezone { get; init; }
        public int? ScheduleOffset { get; init; }
        public string? StartDate { get; init; }
        public string? EndDate { get; init; }
        public int? Duration { get; init; }
        public int? Cutoff { get; init; }
        public bool? Enabled { get; init; }
        public bool? AllowUnassociatedTargets { get; init; }
    }
}
