using System.Collections.Generic;

namespace AwsPatch.Instances
{
    /// <summary>
    /// What "in patch group X" means, for every cmdlet: Patch Manager accepts the tag key <c>Patch Group</c> and, where
    /// tags in instance metadata are on (which disallows spaces), <c>PatchGroup</c>. An instance is in a group when
    /// either key carries the value; when both are set, <c>Patch Group</c> names the group.
    /// </summary>
    public static class PatchGroupTags
    {
        /// <summary>The accepted tag keys, in precedence order.</summary>
        public static IReadOnlyList<string> Keys { get; } = new[] { "Patch Group", "PatchGroup" };

        /// <summary>How messages name the keys: <c>Patch Group/PatchGroup</c>.</summary>
        public static string Display => string.Join("/", Keys);

        /// <summary>The instance's patch group from its tags, or null when neither key has a value.</summary>
        public static string? Of(IReadOnlyDictionary<string, string> tags)
        {
            foreach (var key in Keys)
            {
                if (tags.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value))
                    return value;
            }
            return null;
        }
    }
}
