using System;

namespace AwsPatch
{
    /// <summary>
    /// When an instance is next patched: the first enabled maintenance window with an AWS-RunPatchBaseline task that
    /// targets it. <see cref="NextWindowStart"/> is null when no window will, and <see cref="Reason"/> says why.
    /// </summary>
    public sealed class PatchSchedule
    {
        public string InstanceId { get; init; } = string.Empty;
        public string? Name { get; init; }
        public string? PatchGroup { get; init; }

        /// <summary>The window's next start (UTC), or null.</summary>
        public DateTime? NextWindowStart { get; init; }

        /// <summary>When tasks stop being started in that run (start + duration - cutoff, UTC).</summary>
        public DateTime? NextWindowCutoff { get; init; }
        public string? WindowId { get; init; }
        public string? WindowName { get; init; }

        /// <summary>Scan or Install.</summary>
        public string? Operation { get; init; }

        /// <summary>Why no window patches the instance (null when one does).</summary>
        public string? Reason { get; init; }
        public string Region { get; init; } = string.Empty;

        public override string ToString() => InstanceId;
    }
}
