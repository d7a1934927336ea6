using AwsPatch.Aws;

namespace AwsPatch.Rollouts
{
    /// <summary>
    /// An account-region a rollout patches in besides its home (where its record lives): the role it is reached through
    /// (none: the caller's own credentials) and the region. Recorded with the rollout, never with credentials, so
    /// Resume-PatchRollout assumes the role again.
    /// </summary>
    public sealed class RolloutTarget
    {
        /// <summary>The role assumed for this target; null: the credentials the rollout was started with.</summary>
        public string? RoleArn { get; init; }

        public string Region { get; init; } = string.Empty;

        /// <summary>The account of <see cref="RoleArn"/>; null without one.</summary>
        public string? AccountId => RoleArn is null ? null : RoleArns.AccountOf(RoleArn);

        /// <summary>The target of <paramref name="session"/>: its role and region.</summary>
        public static RolloutTarget Of(AwsSession session) => new RolloutTarget { RoleArn = session.RoleArn, Region = session.RegionName };

        /// <summary>Whether <paramref name="session"/> calls this account-region (same role, same region).</summary>
        public bool Is(AwsSession session) => RoleArn == session.RoleArn && Region == session.RegionName;

        /// <summary>One <c>RoleArn&lt;TAB&gt;Region</c> line of the record (an empty RoleArn: none).</summary>
        internal string Format() => (RoleArn ?? string.Empty) + "\t" + Region;

        internal static RolloutTarget? Parse(string line)
        {
            var parts = line.Split('\t');
            return parts.Length == 2 && parts[1].Length > 0 ? new RolloutTarget { RoleArn = parts[0].Length > 0 ? parts[0] : null, Region = parts[1] } : null;
        }

        public override string ToString() => AccountId is { } account ? $"account {account} {Region}" : $"the credentials' own account {Region}";
    }
}
