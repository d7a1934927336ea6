using System;
using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>A maintenance window as DescribeMaintenanceWindows/GetMaintenanceWindow return it, SDK-free; dates as AWS's strings.</summary>
    public sealed class MaintenanceWindowRecord
    {
        public string WindowId { get; init; } = string.Empty;
        public string Name { get; init; } = string.Empty;
        public string? Description { get; init; }
        public string Schedule { get; init; } = string.Empty;
        public string? ScheduleTimezone { get; init; }
        public int? ScheduleOffset { get; init; }
        public string? StartDate { get; init; }
        public string? EndDate { get; init; }
        public string? NextExecutionTime { get; init; }
        public int Duration { get; init; }
        public int Cutoff { get; init; }
        public bool Enabled { get; init; }
        public bool AllowUnassociatedTargets { get; init; }
        public DateTime? CreatedDate { get; init; }
    }
}
