using System;
using System.Collections.Generic;
using System.Linq;

namespace AwsPatch.Planning
{
    /// <summary>
    /// Which instances a window's targets reach, the way Systems Manager resolves them: a registration's pairs are
    /// ANDed (<c>InstanceIds</c> lists the instance, <c>tag:Key</c> has one of the values); a task runs on the
    /// registrations it names (<c>WindowTargetIds</c>) or on instances it lists. Resource groups cannot be resolved here.
    /// </summary>
    public static class WindowCoverage
    {
        public const string ResourceGroupPrefix = "resource-groups:";

        public static bool Covers(PatchWindowTarget target, PatchInstance instance) =>
            target.Pairs.Count > 0 && target.Pairs.All(pair => Holds(pair, instance));

        /// <summary>Whether <paramref name="task"/> of <paramref name="window"/> runs on <paramref name="instance"/>.</summary>
        public static bool Covers(PatchWindow window, PatchWindowTask task, PatchInstance instance) =>
            task.WindowTargetIds.Contains(instance.InstanceId, StringComparer.Ordinal)
            || window.Targets.Any(t => task.WindowTargetIds.Contains(t.WindowTargetId, StringComparer.Ordinal) && Covers(t, instance));

        /// <summary>Whether any registration of the window reaches the instance (whether or not a task uses it).</summary>
        public static bool Covers(PatchWindow window, PatchInstance instance) =>
            window.Targets.Any(t => Covers(t, instance)) || window.Tasks.Any(t => t.WindowTargetIds.Contains(instance.InstanceId, StringComparer.Ordinal));

        /// <summary>Whether a registration uses a resource group (which AwsPatch cannot resolve to instances).</summary>
        public static bool UsesResourceGroup(PatchWindowTarget target) =>
            target.Pairs.Any(p => p.Key.StartsWith(ResourceGroupPrefix, StringComparison.Ordinal));

        private static bool Holds(KeyValuePair<string, IReadOnlyList<string>> pair, PatchInstance instance)
        {
            if (pair.Key == "InstanceIds")
                return pair.Value.Contains(instance.InstanceId, StringComparer.Ordinal);
            if (pair.Key.StartsWith("tag:", StringComparison.Ordinal))
                return instance.Tags.TryGetValue(pair.Key.Substring(4), out var value) && pair.Value.Contains(value, StringComparer.Ordinal);
            return false;
        }
    }
}
