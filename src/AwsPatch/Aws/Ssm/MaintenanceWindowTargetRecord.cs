using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>One registered target of a window: key/values pairs that must all hold (InstanceIds, tag:Key, resource-groups:Name).</summary>
    public sealed class MaintenanceWindowTargetRecord
    {
        public string WindowTargetId { get; init; } = string.Empty;
        public string ResourceType { get; init; } = "INSTANCE";
        public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Targets { get; init; } = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        public string? Name { get; init; }
    }
}
