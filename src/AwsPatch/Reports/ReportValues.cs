using System;
using System.Collections.Generic;
using System.Globalization;

namespace AwsPatch.Reports
{
    /// <summary>How report cells show values: invariant culture, UTC ISO 8601 times, lists joined with "; ".</summary>
    internal static class ReportValues
    {
        public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

        public static string? Number(double? value) => value.HasValue ? Number(value.Value) : null;

        public static string Percent(int part, int whole) =>
            whole == 0 ? "n/a" : (100.0 * part / whole).ToString("0.#", CultureInfo.InvariantCulture) + " %";

        public static string Flag(bool value) => value ? "true" : "false";

        public static string? Flag(bool? value) => value.HasValue ? Flag(value.Value) : null;

        public static string? Time(DateTime? value)
        {
            if (!value.HasValue)
                return null;
            var utc = value.Value.Kind == DateTimeKind.Local ? value.Value.ToUniversalTime() : value.Value;
            return utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        public static string List(IEnumerable<string>? values) => values == null ? string.Empty : string.Join("; ", values);

        public static string Tags(IReadOnlyDictionary<string, string>? tags)
        {
            if (tags == null)
                return string.Empty;
            var pairs = new List<string>();
            foreach (var tag in tags)
                pairs.Add(tag.Key + "=" + tag.Value);
            pairs.Sort(StringComparer.Ordinal);
            return string.Join("; ", pairs);
        }

        public static string? Tag(IReadOnlyDictionary<string, string>? tags, string key) =>
            tags != null && tags.TryGetValue(key, out var value) ? value : null;
    }
}
