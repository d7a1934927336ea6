using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// Completes <c>-ScheduleTimezone</c> with the IANA timezone ids (Europe/Berlin) AWS takes, from this machine's
    /// timezone list: local data, no network call. Where the machine lists Windows ids (Windows with .NET 6+), each is
    /// mapped to its IANA id; Windows ids without one are left out, since AWS rejects them. A word matches the start of
    /// the id or of its city (<c>Berl</c> → Europe/Berlin).
    /// </summary>
    public sealed class TimeZoneCompleter : IArgumentCompleter
    {
        private static readonly Lazy<IReadOnlyList<KeyValuePair<string, TimeZoneInfo>>> Zones =
            new Lazy<IReadOnlyList<KeyValuePair<string, TimeZoneInfo>>>(ListZones);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return Zones.Value
                .Where(z => Matches(z.Key, prefix))
                .Select(z => new CompletionResult(z.Key, z.Key, CompletionResultType.ParameterValue, $"{z.Key} ({Offset(z.Value)})"));
        }

        private static bool Matches(string id, string prefix) =>
            id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || id.Split('/').Skip(1).Any(part => part.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

        private static string Offset(TimeZoneInfo zone)
        {
            var offset = zone.GetUtcOffset(DateTime.UtcNow);
            return "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture) + " now";
        }

        private static IReadOnlyList<KeyValuePair<string, TimeZoneInfo>> ListZones()
        {
            // TimeZoneInfo.TryConvertWindowsIdToIanaId exists from .NET 6; this binary also runs on .NET Framework.
            var toIana = typeof(TimeZoneInfo).GetMethod("TryConvertWindowsIdToIanaId", BindingFlags.Public | BindingFlags.Static, null,
                new[] { typeof(string), typeof(string).MakeByRefType() }, null);
            var zones = new SortedDictionary<string, TimeZoneInfo>(StringComparer.Ordinal) { ["UTC"] = TimeZoneInfo.Utc };
            foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
            {
                var id = zone.Id;
                if (id.IndexOf('/') < 0 && toIana != null)
                {
                    var arguments = new object?[] { id, null };
                    id = toIana.Invoke(null, arguments) is true ? (string)arguments[1]! : id;
                }
                if (id.IndexOf('/') > 0 && id.IndexOf(' ') < 0 && !zones.ContainsKey(id))
                    zones[id] = zone;
            }
            return zones.ToList();
        }
    }
}
