using System;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace AwsPatch.Rollouts
{
    /// <summary>
    /// Rollout ids (<c>ro-20261202T044100Z-1a2b3c</c>) and the run ids derived from them: wave N is run
    /// <c>&lt;RolloutId&gt;-w&lt;N&gt;</c> (its snapshots and command carry it), its gate scan <c>&lt;RolloutId&gt;-w&lt;N&gt;-scan</c>.
    /// </summary>
    public static class RolloutIds
    {
        /// <summary>A rollout id: a run id (so its waves' ids are too) with room for the wave suffix.</summary>
        public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$";

        public static string New(DateTime utcNow)
        {
            var bytes = new byte[3];
            using (var random = RandomNumberGenerator.Create())
                random.GetBytes(bytes);
            return $"ro-{utcNow.ToUniversalTime():yyyyMMdd'T'HHmmss'Z'}-{bytes[0]:x2}{bytes[1]:x2}{bytes[2]:x2}";
        }

        private static readonly Regex WaveRun = new Regex(@"^(?<rollout>.+)-w\d+$", RegexOptions.CultureInvariant);

        public static string WaveRunId(string rolloutId, int wave) => $"{rolloutId}-w{wave}";

        /// <summary>The rollout a wave's run id (<see cref="WaveRunId"/>) belongs to; null for a run id of no such shape.</summary>
        public static string? RolloutOfWaveRun(string runId) =>
            WaveRun.Match(runId) is { Success: true } wave ? wave.Groups["rollout"].Value : null;

        public static string ScanRunId(string rolloutId, int wave) => $"{rolloutId}-w{wave}-scan";
    }
}
