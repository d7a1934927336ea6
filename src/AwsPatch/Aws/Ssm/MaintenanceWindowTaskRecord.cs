using System.Collections.Generic;

namespace AwsPatch.Aws
{
    /// <summary>One registered task of a window; <see cref="Parameters"/> are the Run Command parameters (GetMaintenanceWindowTask only).</summary>
    public sealed class MaintenanceWindowTaskRecord
    {
        public string WindowTaskId { get; init; } = string.Empty;
        public string TaskArn { get; init; } = string.Empty;
        public string TaskType { get; init; } = string.Empty;
        public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Targets { get; init; } = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        public int Priority { get; init; }
        public string? MaxConcurrency { get; init; }
        public string? MaxErrors { get; init; }
        public string? Name { get; init; }
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    }
}
