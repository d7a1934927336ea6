using System;
using System.Collections.Generic;
using System.Linq;
using static AwsPatch.Reports.ReportValues;

namespace AwsPatch.Reports
{
    /// <summary>
    /// The schedule part of a report: the patch plan (New-PatchPlan), instances at risk of missing their due date
    /// first, and the maintenance windows (Get-PatchWindow), soonest first. Headers are the objects' property names.
    /// </summary>
    internal static class ScheduleColumns
    {
        public static readonly IReadOnlyList<ReportColumn<PatchPlan>> Plan = new[]
        {
            new ReportColumn<PatchPlan>("PatchNow", p => Flag(p.PatchNow)),
            new ReportColumn<PatchPlan>("InstanceId", p => p.InstanceId),
            new ReportColumn<PatchPlan>("Tier", p => p.Tier),
            new ReportColumn<PatchPlan>("DueDate", p => Time(p.DueDate)),
            new ReportColumn<PatchPlan>("KevDueDate", p => Time(p.KevDueDate), inHtml: false),
            new ReportColumn<PatchPlan>("WindowStart", p => Time(p.WindowStart)),
            new ReportColumn<PatchPlan>("WindowName", p => p.WindowName),
            new ReportColumn<PatchPlan>("WindowId", p => p.WindowId, inHtml: false),
            new ReportColumn<PatchPlan>("MeetsDueDate", p => Flag(p.MeetsDueDate), inHtml: false),
            new ReportColumn<PatchPlan>("Reason", p => p.Reason),
            new ReportColumn<PatchPlan>("Rank", p => Number(p.Rank), inHtml: false, numeric: true),
            new ReportColumn<PatchPlan>("RiskScore", p => Number(p.RiskScore), numeric: true),
            new ReportColumn<PatchPlan>("Environment", p => p.Environment),
            new ReportColumn<PatchPlan>("PatchGroup", p => p.PatchGroup),
            new ReportColumn<PatchPlan>("InternetFacing", p => Flag(p.InternetFacing), inHtml: false),
            new ReportColumn<PatchPlan>("Region", p => p.Region),
        };

        public static readonly IReadOnlyList<ReportColumn<PatchWindow>> Windows = new[]
        {
            new ReportColumn<PatchWindow>("Name", w => w.Name),
            new ReportColumn<PatchWindow>("WindowId", w => w.WindowId),
            new ReportColumn<PatchWindow>("Enabled", w => Flag(w.Enabled)),
            new ReportColumn<PatchWindow>("NextExecutionTime", w => Time(w.NextExecutionTime)),
            new ReportColumn<PatchWindow>("Schedule", w => w.Schedule),
            new ReportColumn<PatchWindow>("ScheduleTimezone", w => w.ScheduleTimezone),
            new ReportColumn<PatchWindow>("ScheduleOffset", w => w.ScheduleOffset.HasValue ? Number(w.ScheduleOffset.Value) : null, inHtml: false, numeric: true),
            new ReportColumn<PatchWindow>("Duration", w => Number(w.Duration), numeric: true),
            new ReportColumn<PatchWindow>("Cutoff", w => Number(w.Cutoff), numeric: true),
            new ReportColumn<PatchWindow>("Operation", w => w.Operation),
            new ReportColumn<PatchWindow>("Targets", w => List(w.Targets.SelectMany(t => t.Targets))),
            new ReportColumn<PatchWindow>("NextExecutions", w => List(w.NextExecutions.Select(t => Time(t) ?? string.Empty)), inHtml: false),
            new ReportColumn<PatchWindow>("InstanceIds", w => List(w.InstanceIds), inHtml: false),
            new ReportColumn<PatchWindow>("StartDate", w => Time(w.StartDate), inHtml: false),
            new ReportColumn<PatchWindow>("EndDate", w => Time(w.EndDate), inHtml: false),
            new ReportColumn<PatchWindow>("Description", w => w.Description, inHtml: false),
            new ReportColumn<PatchWindow>("Region", w => w.Region),
        };

        /// <summary>At risk (PatchNow) first, then by due date.</summary>
        public static int AtRiskFirst(PatchPlan a, PatchPlan b)
        {
            var risk = b.PatchNow.CompareTo(a.PatchNow);
            return risk != 0 ? risk : a.DueDate.CompareTo(b.DueDate);
        }

        /// <summary>Soonest next execution first; windows with none (disabled, ended) last.</summary>
        public static int SoonestFirst(PatchWindow a, PatchWindow b) =>
            (a.NextExecutionTime ?? DateTime.MaxValue).CompareTo(b.NextExecutionTime ?? DateTime.MaxValue);
    }
}
