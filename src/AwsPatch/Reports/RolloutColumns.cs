using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static AwsPatch.Reports.ReportValues;

namespace AwsPatch.Reports
{
    /// <summary>One wave of a rollout as a report row: the wave and the rollout it belongs to (for its start time).</summary>
    internal sealed class RolloutWaveRow
    {
        public RolloutWaveRow(PatchRollout rollout, PatchRolloutWave wave)
        {
            Rollout = rollout;
            Wave = wave;
        }

        public PatchRollout Rollout { get; }

        public PatchRolloutWave Wave { get; }
    }

    /// <summary>
    /// The rollout part of a report: each rollout (Get-PatchRollout) with its pinned tested patch set, its waves in
    /// order on a timeline (start and end, as offsets from the rollout's start too) with their gate outcomes, the
    /// per-instance results (Invoke-PatchRollout, Resume-PatchRollout) and the rollbacks among them.
    /// </summary>
    internal static class RolloutColumns
    {
        /// <summary>The HTML table shows this many tested patches and then how many more; the CSV file has them all.</summary>
        internal const int PatchesShown = 5;

        public static readonly IReadOnlyList<ReportColumn<PatchRollout>> Rollouts = new[]
        {
            new ReportColumn<PatchRollout>("RolloutId", r => r.RolloutId),
            new ReportColumn<PatchRollout>("State", r => r.State),
            new ReportColumn<PatchRollout>("StartedAt", r => Time(r.StartedAt)),
            new ReportColumn<PatchRollout>("Waves", r => Number(r.Waves.Count), numeric: true),
            new ReportColumn<PatchRollout>("WavesSucceeded", r => Number(r.WavesSucceeded), numeric: true),
            new ReportColumn<PatchRollout>("FailedWave", r => r.FailedWave),
            new ReportColumn<PatchRollout>("InstanceCount", r => Number(r.InstanceCount), numeric: true),
            new ReportColumn<PatchRollout>("RolledBackCount", r => Number(r.Waves.Sum(w => w.RolledBackCount)), numeric: true),
            new ReportColumn<PatchRollout>("PatchSnapshotId", r => r.PatchSnapshotId),
            new ReportColumn<PatchRollout>("TestedPatchCount", r => Number(r.TestedPatches.Count), numeric: true),
            new ReportColumn<PatchRollout>("TestedPatches", r => Shortened(r.TestedPatches), inCsv: false),
            new ReportColumn<PatchRollout>("TestedPatches", r => List(r.TestedPatches), inHtml: false),
            new ReportColumn<PatchRollout>("TestedPlatforms", r => List(r.TestedPlatforms)),
            new ReportColumn<PatchRollout>("Operation", r => r.Operation, inHtml: false),
            new ReportColumn<PatchRollout>("RebootOption", r => r.RebootOption, inHtml: false),
            new ReportColumn<PatchRollout>("RollbackOnFailure", r => Flag(r.RollbackOnFailure)),
            new ReportColumn<PatchRollout>("SkipSnapshot", r => Flag(r.SkipSnapshot), inHtml: false),
            new ReportColumn<PatchRollout>("Soak", r => r.Soak.ToString("c", CultureInfo.InvariantCulture), inHtml: false),
            new ReportColumn<PatchRollout>("AlarmName", r => r.AlarmName, inHtml: false),
            new ReportColumn<PatchRollout>("HealthCheckDocument", r => r.HealthCheckDocument, inHtml: false),
            new ReportColumn<PatchRollout>("RemediationTimeout", r => r.RemediationTimeout?.ToString("c", CultureInfo.InvariantCulture), inHtml: false),
            new ReportColumn<PatchRollout>("Region", r => r.Region),
        };

        public static readonly IReadOnlyList<ReportColumn<RolloutWaveRow>> Waves = new[]
        {
            new ReportColumn<RolloutWaveRow>("RolloutId", r => r.Rollout.RolloutId),
            new ReportColumn<RolloutWaveRow>("Wave", r => Number(r.Wave.Wave), numeric: true),
            new ReportColumn<RolloutWaveRow>("Name", r => r.Wave.Name),
            new ReportColumn<RolloutWaveRow>("State", r => r.Wave.State),
            new ReportColumn<RolloutWaveRow>("StartedAt", r => Time(r.Wave.StartedAt)),
            new ReportColumn<RolloutWaveRow>("CompletedAt", r => Time(r.Wave.CompletedAt)),
            new ReportColumn<RolloutWaveRow>("Timeline", r => Timeline(r.Rollout, r.Wave)),
            new ReportColumn<RolloutWaveRow>("InstanceCount", r => Number(r.Wave.InstanceCount), numeric: true),
            new ReportColumn<RolloutWaveRow>("GateOutcomes", r => List(r.Wave.GateOutcomes)),
            new ReportColumn<RolloutWaveRow>("RolledBackCount", r => Number(r.Wave.RolledBackCount), numeric: true),
            new ReportColumn<RolloutWaveRow>("MaxConcurrency", r => r.Wave.MaxConcurrency, inHtml: false),
            new ReportColumn<RolloutWaveRow>("MaxErrors", r => r.Wave.MaxErrors, inHtml: false),
            new ReportColumn<RolloutWaveRow>("RunId", r => r.Wave.RunId, inHtml: false),
            new ReportColumn<RolloutWaveRow>("InstanceIds", r => List(r.Wave.InstanceIds), inHtml: false),
        };

        public static readonly IReadOnlyList<ReportColumn<PatchRolloutResult>> Results = new[]
        {
            new ReportColumn<PatchRolloutResult>("RolloutId", r => r.RolloutId),
            new ReportColumn<PatchRolloutResult>("Wave", r => Number(r.Wave), numeric: true),
            new ReportColumn<PatchRolloutResult>("WaveName", r => r.WaveName),
            new ReportColumn<PatchRolloutResult>("InstanceId", r => r.InstanceId),
            new ReportColumn<PatchRolloutResult>("Status", r => r.Status),
            new ReportColumn<PatchRolloutResult>("Gate", r => r.Gate),
            new ReportColumn<PatchRolloutResult>("GateOutcomes", r => List(r.GateOutcomes)),
            new ReportColumn<PatchRolloutResult>("RolledBack", r => Flag(r.RolledBack)),
            new ReportColumn<PatchRolloutResult>("SnapshotId", r => r.SnapshotId),
            new ReportColumn<PatchRolloutResult>("CommandId", r => r.CommandId, inHtml: false),
            new ReportColumn<PatchRolloutResult>("RunId", r => r.RunId, inHtml: false),
            new ReportColumn<PatchRolloutResult>("Error", r => r.Error),
            new ReportColumn<PatchRolloutResult>("CompletedAt", r => Time(r.CompletedAt), inHtml: false),
            new ReportColumn<PatchRolloutResult>("Region", r => r.Region, inHtml: false),
            new ReportColumn<PatchRolloutResult>("AccountId", r => r.AccountId, inHtml: false),
            new ReportColumn<PatchRolloutResult>("RoleArn", r => r.RoleArn, inHtml: false),
        };

        /// <summary>The instances restored from their pre-patch snapshots: which, in which wave, from which snapshot.</summary>
        public static readonly IReadOnlyList<ReportColumn<PatchRolloutResult>> Rollbacks = new[]
        {
            new ReportColumn<PatchRolloutResult>("RolloutId", r => r.RolloutId),
            new ReportColumn<PatchRolloutResult>("Wave", r => Number(r.Wave), numeric: true),
            new ReportColumn<PatchRolloutResult>("WaveName", r => r.WaveName),
            new ReportColumn<PatchRolloutResult>("InstanceId", r => r.InstanceId),
            new ReportColumn<PatchRolloutResult>("SnapshotId", r => r.SnapshotId),
            new ReportColumn<PatchRolloutResult>("Error", r => r.Error),
            new ReportColumn<PatchRolloutResult>("Region", r => r.Region, inHtml: false),
        };

        /// <summary>By rollout, then by wave (arrival order within a wave).</summary>
        public static int ByWave(PatchRolloutResult a, PatchRolloutResult b)
        {
            var rollout = string.CompareOrdinal(a.RolloutId, b.RolloutId);
            return rollout != 0 ? rollout : a.Wave.CompareTo(b.Wave);
        }

        /// <summary>By rollout, then by wave number: the waves in the order they ran.</summary>
        public static int InOrder(RolloutWaveRow a, RolloutWaveRow b)
        {
            var rollout = string.CompareOrdinal(a.Rollout.RolloutId, b.Rollout.RolloutId);
            return rollout != 0 ? rollout : a.Wave.Wave.CompareTo(b.Wave.Wave);
        }

        /// <summary>The wave's start and end as offsets from the rollout's start, e.g. <c>T+00:12:00 → T+00:31:30</c> (a leading T, so a spreadsheet never takes it for a formula); a wave not yet ended shows an open end.</summary>
        internal static string? Timeline(PatchRollout rollout, PatchRolloutWave wave)
        {
            if (wave.StartedAt is not DateTime started)
                return null;
            var origin = rollout.StartedAt ?? started;
            return Offset(started - origin) + " \u2192 " + (wave.CompletedAt is DateTime completed ? Offset(completed - origin) : "\u2026");
        }

        /// <summary>The first <see cref="PatchesShown"/> patches, then "and N more".</summary>
        internal static string Shortened(IReadOnlyList<string> patches) =>
            patches.Count <= PatchesShown
                ? List(patches)
                : List(patches.Take(PatchesShown)) + "; \u2026 and " + Number(patches.Count - PatchesShown) + " more";

        private static string Offset(TimeSpan span)
        {
            var d = span.Duration();
            return (span < TimeSpan.Zero ? "T-" : "T+") + ((int)d.TotalHours).ToString("00", CultureInfo.InvariantCulture)
                + ":" + d.Minutes.ToString("00", CultureInfo.InvariantCulture) + ":" + d.Seconds.ToString("00", CultureInfo.InvariantCulture);
        }
    }
}
