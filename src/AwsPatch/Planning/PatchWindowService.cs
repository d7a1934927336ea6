using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Instances;

namespace AwsPatch.Planning
{
    /// <summary>
    /// Maintenance windows for patching: read them with their targets and AWS-RunPatchBaseline tasks and next starts,
    /// create one (window, targets and task in one go), change, remove. Next starts come from AWS's NextExecutionTime
    /// where it gives one and from <see cref="WindowSchedule"/> otherwise, on AWS's clock.
    /// </summary>
    public sealed class PatchWindowService
    {
        public const string PatchDocument = "AWS-RunPatchBaseline";

        /// <summary>How many next starts a <see cref="PatchWindow"/> lists.</summary>
        public const int NextExecutionCount = 5;

        private readonly Func<AwsSession, IMaintenanceWindowGateway> _gateways;
        private readonly Func<AwsSession, ServiceClock> _clocks;

        public PatchWindowService(Func<AwsSession, IMaintenanceWindowGateway> gateways, Func<AwsSession, ServiceClock> clocks)
        {
            _gateways = gateways;
            _clocks = clocks;
        }

        /// <summary>The region's windows (only those named, when <paramref name="names"/> has any), page by page, each with its targets and patch tasks.</summary>
        public async IAsyncEnumerable<PatchWindow> GetAsync(AwsSession session, IReadOnlyList<string> names, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var gateway = _gateways(session);
            await foreach (var record in Pages.AllAsync(token => gateway.DescribeWindowsAsync(names, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                yield return await DetailAsync(session, gateway, record, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The window with this name or id, or null.</summary>
        public async Task<PatchWindow?> FindAsync(AwsSession session, string nameOrId, CancellationToken cancellationToken)
        {
            var gateway = _gateways(session);
            if (nameOrId.StartsWith("mw-", StringComparison.Ordinal))
            {
                var record = await gateway.GetWindowAsync(nameOrId, cancellationToken).ConfigureAwait(false);
                return record == null ? null : await DetailAsync(session, gateway, record, cancellationToken).ConfigureAwait(false);
            }
            await foreach (var window in GetAsync(session, new[] { nameOrId }, cancellationToken).ConfigureAwait(false))
                return window;
            return null;
        }

        /// <summary>Creates the window, registers its targets and its AWS-RunPatchBaseline task; returns it as AWS now has it.</summary>
        public async Task<PatchWindow> CreateAsync(AwsSession session, PatchWindowSpec spec, CancellationToken cancellationToken)
        {
            spec.Validate();
            var gateway = _gateways(session);
            var windowId = await gateway.CreateWindowAsync(new MaintenanceWindowSettings
            {
                Name = spec.Name,
                Description = spec.Description,
                Schedule = spec.Schedule.Trim(),
                ScheduleTimezone = spec.ScheduleTimezone,
                ScheduleOffset = spec.ScheduleOffset,
                StartDate = Iso(spec.StartDate),
                EndDate = Iso(spec.EndDate),
                Duration = spec.Duration,
                Cutoff = spec.Cutoff,
                AllowUnassociatedTargets = false,
            }, cancellationToken).ConfigureAwait(false);
            var targetIds = new List<string>();
            for (var i = 0; i < spec.Targets.Count; i++)
                targetIds.Add(await gateway.RegisterTargetAsync(windowId, $"{spec.Name}-targets-{i + 1}", spec.Targets[i], cancellationToken).ConfigureAwait(false));
            await RegisterPatchTaskAsync(gateway, windowId, spec.Name, targetIds, spec.Operation, spec.RebootOption, spec.MaxConcurrency, spec.MaxErrors, cancellationToken).ConfigureAwait(false);
            return await FindAsync(session, windowId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Maintenance window {windowId} was created but cannot be read back.");
        }

        /// <summary>
        /// Applies <paramref name="settings"/> to the window (UpdateMaintenanceWindow, when any is set); when
        /// <paramref name="targets"/> is given, registers them and deregisters the window's old targets; and when either
        /// <paramref name="task"/> or the targets are given, replaces each AWS-RunPatchBaseline task with one of the new
        /// operation, reboot option and rate control on the (new) targets, so no task points at a removed target.
        /// </summary>
        public async Task<PatchWindow> UpdateAsync(AwsSession session, PatchWindow window, MaintenanceWindowSettings settings, PatchTaskChange? task,
            IReadOnlyList<IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>>? targets, CancellationToken cancellationToken)
        {
            var gateway = _gateways(session);
            await gateway.UpdateWindowAsync(window.WindowId, settings, cancellationToken).ConfigureAwait(false);
            List<string>? targetIds = null;
            if (targets != null)
            {
                targetIds = new List<string>();
                for (var i = 0; i < targets.Count; i++)
                    targetIds.Add(await gateway.RegisterTargetAsync(window.WindowId, $"{window.Name}-targets-{i + 1}", targets[i], cancellationToken).ConfigureAwait(false));
            }
            if (task != null || targetIds != null)
            {
                var change = task ?? new PatchTaskChange();
                foreach (var old in window.Tasks)
                {
                    await RegisterPatchTaskAsync(gateway, window.WindowId, old.Name ?? window.Name, targetIds ?? old.WindowTargetIds,
                        change.Operation ?? old.Operation, change.RebootOption ?? old.RebootOption, change.MaxConcurrency ?? old.MaxConcurrency ?? PatchWindowSpec.DefaultMaxConcurrency,
                        change.MaxErrors ?? old.MaxErrors ?? PatchWindowSpec.DefaultMaxErrors, cancellationToken).ConfigureAwait(false);
                    await gateway.DeregisterTaskAsync(window.WindowId, old.WindowTaskId, cancellationToken).ConfigureAwait(false);
                }
            }
            if (targetIds != null)
            {
                foreach (var old in window.Targets)
                    await gateway.DeregisterTargetAsync(window.WindowId, old.WindowTargetId, cancellationToken).ConfigureAwait(false);
            }
            return await FindAsync(session, window.WindowId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Maintenance window {window.WindowId} no longer exists.");
        }

        /// <summary>AWS's time for the session, as its answers tell it (what due dates are measured from).</summary>
        public DateTime ServiceTime(AwsSession session) => _clocks(session).UtcNow;

        public Task RemoveAsync(AwsSession session, string windowId, CancellationToken cancellationToken) =>
            _gateways(session).DeleteWindowAsync(windowId, cancellationToken);

        /// <summary>A registration as text: <c>tag:Patch Group=web-prod AND InstanceIds=i-1,i-2</c>.</summary>
        public static string Describe(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> pairs) =>
            string.Join(" AND ", pairs.Select(p => p.Key + "=" + string.Join(",", p.Value)));

        /// <summary>The most values one target may carry (the model's TargetValues: 0 to 50).</summary>
        public const int ValuesPerTarget = 50;

        /// <summary>
        /// The registrations for patch groups: one per accepted tag key (<see cref="PatchGroupTags"/>), since pairs in one
        /// registration are ANDed, and per <see cref="ValuesPerTarget"/> groups (registrations are ORed, so more groups
        /// take more registrations, never a target over the limit).
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>> PatchGroupTargets(IReadOnlyList<string> groups) =>
            PatchGroupTags.Keys.SelectMany(key => Registrations("tag:" + key, groups)).ToList();

        /// <summary>One single-target registration of <paramref name="key"/> per <see cref="ValuesPerTarget"/> of <paramref name="values"/>.</summary>
        public static IReadOnlyList<IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>> Registrations(string key, IReadOnlyList<string> values) =>
            Enumerable.Range(0, (values.Count + ValuesPerTarget - 1) / ValuesPerTarget)
                .Select(i => (IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>)new[]
                {
                    new KeyValuePair<string, IReadOnlyList<string>>(key, values.Skip(i * ValuesPerTarget).Take(ValuesPerTarget).ToList()),
                }).ToList();

        private static Task<string> RegisterPatchTaskAsync(IMaintenanceWindowGateway gateway, string windowId, string name, IReadOnlyList<string> targetIds,
            string operation, string rebootOption, string maxConcurrency, string maxErrors, CancellationToken cancellationToken) =>
            gateway.RegisterRunCommandTaskAsync(windowId, new MaintenanceWindowTaskRecord
            {
                TaskArn = PatchDocument,
                TaskType = "RUN_COMMAND",
                Name = name + "-" + operation.ToLowerInvariant(),
                Priority = 1,
                MaxConcurrency = maxConcurrency,
                MaxErrors = maxErrors,
                Targets = new[] { new KeyValuePair<string, IReadOnlyList<string>>("WindowTargetIds", targetIds) },
                Parameters = new Dictionary<string, IReadOnlyList<string>>
                {
                    ["Operation"] = new[] { operation },
                    ["RebootOption"] = new[] { rebootOption },
                },
            }, cancellationToken);

        private async Task<PatchWindow> DetailAsync(AwsSession session, IMaintenanceWindowGateway gateway, MaintenanceWindowRecord record, CancellationToken cancellationToken)
        {
            var targets = new List<PatchWindowTarget>();
            await foreach (var t in Pages.AllAsync(token => gateway.DescribeTargetsAsync(record.WindowId, token, cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                targets.Add(new PatchWindowTarget
                {
                    WindowId = record.WindowId,
                    WindowTargetId = t.WindowTargetId,
                    Name = t.Name,
                    ResourceType = t.ResourceType,
                    Targets = t.Targets.Select(p => p.Key + "=" + string.Join(",", p.Value)).ToList(),
                    Pairs = t.Targets,
                    PatchGroup = t.Targets.Count == 1 && PatchGroupTags.Keys.Any(k => t.Targets[0].Key == "tag:" + k) ? string.Join(",", t.Targets[0].Value) : null,
                });
            }

            var tasks = new List<PatchWindowTask>();
            await foreach (var listed in Pages.AllAsync(token => gateway.DescribeTasksAsync(record.WindowId, token, cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                if (listed.TaskArn == PatchDocument || listed.TaskArn.EndsWith(":document/" + PatchDocument, StringComparison.Ordinal))
                {
                    var task = await gateway.GetTaskAsync(record.WindowId, listed.WindowTaskId, cancellationToken).ConfigureAwait(false);
                    tasks.Add(new PatchWindowTask
                    {
                        WindowId = record.WindowId,
                        WindowTaskId = task.WindowTaskId,
                        Name = task.Name,
                        Operation = First(task.Parameters, "Operation") ?? "Scan",
                        RebootOption = First(task.Parameters, "RebootOption") ?? "RebootIfNeeded",
                        MaxConcurrency = task.MaxConcurrency,
                        MaxErrors = task.MaxErrors,
                        Priority = task.Priority,
                        WindowTargetIds = task.Targets.Where(p => p.Key == "WindowTargetIds" || p.Key == "InstanceIds").SelectMany(p => p.Value).ToList(),
                    });
                }
            }

            var next = NextStarts(session, record);
            return new PatchWindow
            {
                WindowId = record.WindowId,
                Name = record.Name,
                Description = record.Description,
                Schedule = record.Schedule,
                ScheduleTimezone = record.ScheduleTimezone,
                ScheduleOffset = record.ScheduleOffset,
                Duration = record.Duration,
                Cutoff = record.Cutoff,
                Enabled = record.Enabled,
                StartDate = SafeDate(record.StartDate, "StartDate"),
                EndDate = SafeDate(record.EndDate, "EndDate"),
                NextExecutionTime = next.Count > 0 ? next[0] : (DateTime?)null,
                NextExecutions = next,
                Targets = targets,
                Tasks = tasks,
                Region = session.RegionName,
            };
        }

        /// <summary>AWS's NextExecutionTime first, then the schedule's next starts after it; none for a disabled window.</summary>
        private IReadOnlyList<DateTime> NextStarts(AwsSession session, MaintenanceWindowRecord record)
        {
            if (!record.Enabled)
                return Array.Empty<DateTime>();
            var fromAws = SafeDate(record.NextExecutionTime, "NextExecutionTime");
            try
            {
                var schedule = WindowSchedule.Create(record.Schedule, record.ScheduleTimezone, record.ScheduleOffset,
                    WindowSchedule.ParseDate(record.StartDate, "StartDate"), WindowSchedule.ParseDate(record.EndDate, "EndDate"), record.CreatedDate);
                if (fromAws.HasValue)
                {
                    var list = new List<DateTime> { fromAws.Value };
                    list.AddRange(schedule.NextAfter(fromAws.Value, NextExecutionCount - 1));
                    return list;
                }
                return schedule.Kind == ScheduleKind.Rate && record.CreatedDate == null && record.StartDate == null
                    ? Array.Empty<DateTime>()
                    : schedule.NextAfter(_clocks(session).UtcNow, NextExecutionCount);
            }
            catch (ScheduleException)
            {
                // A schedule AWS accepted that this module cannot read: AWS's own next start is all there is.
                return fromAws.HasValue ? new[] { fromAws.Value } : Array.Empty<DateTime>();
            }
        }

        private static DateTime? SafeDate(string? text, string field)
        {
            try
            {
                return WindowSchedule.ParseDate(text, field);
            }
            catch (ScheduleException)
            {
                return null;
            }
        }

        private static string? First(IReadOnlyDictionary<string, IReadOnlyList<string>> parameters, string name) =>
            parameters.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

        private static string? Iso(DateTime? value) =>
            value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
