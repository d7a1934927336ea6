namespace AwsPatch.Sandbox;

/// <summary>
/// A replace-root-volume task: <c>pending</c> for <see cref="SandboxState.ReplaceRootPendingTime"/>, then
/// <c>in-progress</c> until <see cref="SandboxState.ReplaceRootTime"/> after its start, then <c>succeeded</c> (the
/// instance's root volume is replaced by a new volume made from the snapshot) or <c>failed</c> (fault injection, or the
/// instance is gone).
/// </summary>
public sealed class SandboxReplaceRootTask
{
    public required string TaskId { get; set; }
    public required string InstanceId { get; set; }
    public required string Region { get; set; }
    public required string SnapshotId { get; set; }
    public bool DeleteReplacedRootVolume { get; set; }

    /// <summary>pending, in-progress, succeeded, failing, failed.</summary>
    public string State { get; set; } = "pending";
    public DateTime StartTime { get; set; }
    public DateTime? CompleteTime { get; set; }

    /// <summary>The root volume the task replaced (set when it succeeded): part of the instance's root lineage.</summary>
    public string? ReplacedVolumeId { get; set; }
    public bool Fails { get; set; }
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The ClientToken the task was created with, and what it asked for: a repeat with the same token returns this task.</summary>
    public string? ClientToken { get; set; }
    public string? RequestFingerprint { get; set; }

    public bool IsActive => State is "pending" or "in-progress" or "failing";

    public override string ToString() => $"{TaskId} ({InstanceId}, {State})";
}
