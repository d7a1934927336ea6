namespace AwsPatch.Sandbox;

/// <summary>A Systems Manager maintenance window as CreateMaintenanceWindow/UpdateMaintenanceWindow left it.</summary>
public sealed class SandboxWindow : IClientTokenCreate
{
    public required string WindowId { get; init; }
    public required string Region { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required string Schedule { get; set; }
    public string? ScheduleTimezone { get; set; }
    public int? ScheduleOffset { get; set; }
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    public int Duration { get; set; }
    public int Cutoff { get; set; }
    public bool AllowUnassociatedTargets { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedDate { get; init; }
    public DateTime ModifiedDate { get; set; }

    /// <summary>The create request's ClientToken and its parameters (for IdempotentParameterMismatch).</summary>
    public string? ClientToken { get; init; }
    public string? RequestFingerprint { get; init; }

    public List<SandboxWindowTarget> Targets { get; } = [];
    public List<SandboxWindowTask> Tasks { get; } = [];
}
