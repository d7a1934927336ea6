using System;
using System.Security.Cryptography;

namespace AwsPatch.Common
{
    /// <summary>
    /// Run ids group one patch run's snapshots and commands (tag <see cref="TagKey"/>, command comment), so a run
    /// can be found, resumed and audited from any later session. Shape: <c>run-20261122T213000Z-1a2b3c</c>.
    /// </summary>
    public static class RunIds
    {
        public const string TagKey = "AwsPatch:RunId";
        public const string InstanceTagKey = "AwsPatch:InstanceId";
        public const string CreatedByTagKey = "AwsPatch:CreatedBy";
        /// <summary>What a run id may be: ours (<see cref="New"/>) or a caller's own, as long as it is a valid tag value and comment word.</summary>
        public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,59}$";

        /// <summary>The shape of the ids <see cref="New"/> makes.</summary>
        public const string GeneratedPattern = "^run-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$";

        public static string New(DateTime utcNow)
        {
            var bytes = new byte[3];
            using (var random = RandomNumberGenerator.Create())
                random.GetBytes(bytes);
            return $"run-{utcNow.ToUniversalTime():yyyyMMdd'T'HHmmss'Z'}-{bytes[0]:x2}{bytes[1]:x2}{bytes[2]:x2}";
        }

        /// <summary>Whether <paramref name="runId"/> is one <see cref="New"/> made at most <paramref name="within"/> before <paramref name="utcNow"/> (and not after it).</summary>
        public static bool StartedWithin(string runId, DateTime utcNow, TimeSpan within)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(runId, GeneratedPattern)
                || !DateTime.TryParseExact(runId.Substring(4, 16), "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var started))
                return false;
            var age = utcNow.ToUniversalTime() - started;
            return age >= TimeSpan.FromMinutes(-1) && age <= within;
        }

        public static bool IsValid(string? runId) => runId != null && System.Text.RegularExpressions.Regex.IsMatch(runId, Pattern);
    }
}
