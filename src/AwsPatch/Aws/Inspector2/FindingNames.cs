using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AwsPatch.Aws
{
    /// <summary>Translations between the names users see and Inspector's API enum values.</summary>
    public static class FindingNames
    {
        private static readonly Dictionary<string, string> ResourceTypeToApi = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Ec2Instance"] = "AWS_EC2_INSTANCE",
            ["EcrImage"] = "AWS_ECR_CONTAINER_IMAGE",
            ["EcrRepository"] = "AWS_ECR_REPOSITORY",
            ["Lambda"] = "AWS_LAMBDA_FUNCTION",
        };

        private static IReadOnlyList<string> ResourceTypes { get; } = ResourceTypeToApi.Keys.ToList();

        public static string ResourceTypeToApiName(string name) =>
            ResourceTypeToApi.TryGetValue(name, out var api) ? api : throw new ArgumentException($"Unknown resource type '{name}'. Use one of: {string.Join(", ", ResourceTypes)}.", nameof(name));

        public static string ResourceTypeFromApi(string? api) =>
            ResourceTypeToApi.FirstOrDefault(p => string.Equals(p.Value, api, StringComparison.Ordinal)).Key ?? api ?? string.Empty;

        /// <summary>CRITICAL → Critical, PACKAGE_VULNERABILITY → PackageVulnerability.</summary>
        public static string FromApiEnum(string? value)
        {
            if (string.IsNullOrEmpty(value))
                return string.Empty;
            var words = value!.Split(new[] { '_' }, StringSplitOptions.RemoveEmptyEntries);
            return string.Concat(words.Select(w => w.Substring(0, 1).ToUpperInvariant() + w.Substring(1).ToLowerInvariant()));
        }

        /// <summary>Critical → CRITICAL (the names we accept are single words).</summary>
        public static string ToApiEnum(string value) => value.ToUpper(CultureInfo.InvariantCulture);
    }
}
