namespace AwsPatch.Sandbox;

/// <summary>
/// An EBS snapshot. It starts <c>pending</c> and its progress grows with simulated time
/// (<see cref="SandboxState.SnapshotTimeBase"/> plus <see cref="SandboxState.SnapshotTimePerGiB"/> per GiB) until it is
/// <c>completed</c>, or it stops half way in <c>error</c> when <see cref="FailsPartWay"/> (fault injection).
/// </summary>
/// <remarks>Mutate only inside <see cref="SandboxState.Update"/>.</remarks>
public sealed class SandboxSnapshot
{
    public required string SnapshotId { get; set; }
    public required string VolumeId { get; set; }
    public required string Region { get; set; }

    /// <summary>The instance the volume was attached to when the snapshot was taken (null for seeded snapshots).</summary>
    public string? InstanceId { get; set; }
    public string OwnerId { get; set; } = SandboxFleet.DefaultAccountId;
    public string Description { get; set; } = "";
    public int VolumeSizeGiB { get; set; } = 8;
    public bool Encrypted { get; set; }
    public DateTime StartTime { get; set; }

    /// <summary>When the snapshot completed (EC2's completionTime); seeded completed snapshots finish their duration after the start.</summary>
    public DateTime? CompletionTime { get; set; }

    /// <summary>pending, completed or error.</summary>
    public string State { get; set; } = "completed";

    /// <summary>0..100.</summary>
    public int Progress { get; set; } = 100;
    public string? StateMessage { get; set; }

    /// <summary>How long the snapshot takes from <see cref="StartTime"/> in simulated time.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Ends in <c>error</c> at half its duration instead of completing.</summary>
    public bool FailsPartWay { get; set; }
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>For the root volume of a managed instance: its patches when the snapshot started, which a root-volume replacement from it brings back.</summary>
    public System.Collections.Immutable.ImmutableArray<PatchRecord>? Patches { get; set; }

    /// <summary>Moves progress and state to what they are at <paramref name="now"/>.</summary>
    internal void Advance(DateTime now)
    {
        if (State != "pending") return;
        var elapsed = now - StartTime;
        if (FailsPartWay && elapsed >= Duration / 2)
        {
            State = "error";
            StateMessage = "The snapshot failed: an internal error occurred while copying the volume's blocks (sandbox fault injection).";
            return;
        }

        if (elapsed >= Duration)
        {
            State = "completed";
            Progress = 100;
            CompletionTime = StartTime + Duration;
            return;
        }

        Progress = Duration <= TimeSpan.Zero ? 100 : Math.Clamp((int)(elapsed.Ticks * 100 / Duration.Ticks), 0, 99);
    }

    public override string ToString() => $"{SnapshotId} ({VolumeId}, {State})";
}
