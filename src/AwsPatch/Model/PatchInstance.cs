using System;
using System.Collections.Generic;

namespace AwsPatch
{
    /// <summary>
    /// One EC2 instance as the patch cmdlets see it: EC2 facts merged with what Systems Manager knows of its agent.
    /// Carries <see cref="InstanceId"/> and <see cref="Region"/> so it pipes into AwsPatch and AWS.Tools cmdlets.
    /// </summary>
    public sealed class PatchInstance
    {
        public string InstanceId { get; init; } = string.Empty;

        /// <summary>The <c>Name</c> tag, if any.</summary>
        public string? Name { get; init; }

        /// <summary><c>Windows</c> or <c>Linux</c> (from EC2, refined by SSM's platform type when known).</summary>
        public string Platform { get; init; } = string.Empty;

        /// <summary>EC2 state name: pending, running, stopping, stopped, shutting-down, terminated.</summary>
        public string State { get; init; } = string.Empty;

        /// <summary>The <c>Environment</c> tag (staging, production …), if any.</summary>
        public string? Environment { get; init; }

        /// <summary>The <c>Patch Group</c> (or <c>PatchGroup</c>) tag SSM Patch Manager uses to pick a baseline.</summary>
        public string? PatchGroup { get; init; }

        /// <summary>
        /// Whether Systems Manager manages the instance (it has an SSM agent record); null when Systems Manager could not
        /// be asked, or the instance is stopped or terminated (Systems Manager does not list those), so it is not known
        /// (see <see cref="AgentState"/>).
        /// </summary>
        public bool? IsManaged { get; init; }

        /// <summary>Managed, NotManaged, or Unknown when Systems Manager could not be asked or does not list the instance (stopped, terminated).</summary>
        public SsmAgentState AgentState => IsManaged switch
        {
            true => SsmAgentState.Managed,
            false => SsmAgentState.NotManaged,
            _ => SsmAgentState.Unknown,
        };

        /// <summary>SSM agent ping status: Online, ConnectionLost, Inactive; empty when not managed or unknown.</summary>
        public string? SsmPingStatus { get; init; }

        public DateTime? LastPingTime { get; init; }

        public string? AgentVersion { get; init; }

        /// <summary>Operating system name as SSM reports it (Amazon Linux, Ubuntu, Microsoft Windows Server 2022 Datacenter …).</summary>
        public string? PlatformName { get; init; }

        public string? PlatformVersion { get; init; }

        public string InstanceType { get; init; } = string.Empty;

        public DateTime? LaunchTime { get; init; }

        public string? PrivateIpAddress { get; init; }

        /// <summary>The public IPv4 address; set means the instance is reachable from the internet.</summary>
        public string? PublicIpAddress { get; init; }

        /// <summary>The EBS volume attached as the root device, if the root device is EBS.</summary>
        public string? RootDeviceVolumeId { get; init; }

        /// <summary>Every attached EBS volume, root first.</summary>
        public IReadOnlyList<string> VolumeIds { get; init; } = Array.Empty<string>();

        /// <summary>All the instance's tags.</summary>
        public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

        public string Region { get; init; } = string.Empty;

        /// <summary>The owning account, from the EC2 reservation.</summary>
        public string? AccountId { get; init; }

        /// <summary>
        /// The role the instance was listed through (<c>-RoleArn</c>, or <c>-AccountId</c> with <c>-RoleName</c>); null when
        /// listed with the session's own credentials. Piped on, it binds <c>-RoleArn</c>, so the next cmdlet acts on the
        /// instance in its own account (and, through <see cref="Region"/>, its own region).
        /// </summary>
        public string? RoleArn { get; init; }

        public override string ToString() => InstanceId;
    }
}
