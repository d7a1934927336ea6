using System.Collections.Immutable;
using System.Globalization;

namespace AwsPatch.Sandbox;

/// <summary>
/// Run Command over simulated time: commands, their invocations, per-instance faults and patch state.
/// <see cref="AdvanceTo"/> plays events in time order: a pending invocation starts when a MaxConcurrency slot is
/// free, runs for the operation's duration, ends as its fault says; once errors exceed MaxErrors the pending rest
/// end Cancelled and the command Failed. A completed scan or install updates the instance's patch state.
/// An install with RebootOption RebootIfNeeded that leaves patches pending a reboot reboots the instance for
/// <see cref="RebootDuration"/>: the agent is ConnectionLost and the instance status check initializing meanwhile;
/// then the agent resumes the document, which reports the patches Installed, and only then the invocation ends
/// Success (as AWS-RunPatchBaseline does), unless the instance's <see cref="AfterRebootFault"/> says otherwise.
/// A command whose CloudWatch alarm goes to ALARM stops: what has not finished ends Cancelled.
/// Every member is called under the <see cref="SandboxState"/> lock.
/// </summary>
public sealed class RunCommandSimulation
{
    private readonly Func<string, SandboxInstance?> _instance;
    private readonly Dictionary<string, CommandFault> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AfterRebootFault> _afterReboot = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nonCompliant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstancePatchState> _patchStates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableHashSet<int>> _baselineSnapshots = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _alarms = new(StringComparer.Ordinal);
    private readonly List<(string InstanceId, DateTime EndsAt, AfterRebootFault Fault)> _reboots = [];
    private readonly List<ReleasedPatch> _releases = [];
    private readonly Dictionary<string, ImmutableArray<PatchRecord>> _restored = new(StringComparer.Ordinal);

    /// <param name="instance">Finds an instance by id (called under the state lock).</param>
    public RunCommandSimulation(Func<string, SandboxInstance?>? instance = null) => _instance = instance ?? (_ => null);

    public List<SandboxCommand> Commands { get; } = [];

    /// <summary>How long a scan runs on one instance.</summary>
    public TimeSpan ScanDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an install runs on one instance (before any reboot).</summary>
    public TimeSpan InstallDuration { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a script document (AWS-RunShellScript, AWS-RunPowerShellScript) runs on one instance.</summary>
    public TimeSpan ScriptDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the reboot after an install takes, from the install's end until the agent resumes the document.</summary>
    public TimeSpan RebootDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>From send to the agent starting the document.</summary>
    public TimeSpan DeliveryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Patches released so far (<see cref="Release"/>), oldest first.</summary>
    public IReadOnlyList<ReleasedPatch> Releases => _releases;

    /// <summary>The released patches by key, for <see cref="InstancePatchView"/>.</summary>
    public IReadOnlyDictionary<int, ReleasedPatch> ReleasesByKey => _releases.ToDictionary(r => r.Key);

    public CommandFault FaultOf(string instanceId) => _faults.TryGetValue(instanceId, out var f) ? f : CommandFault.None;

    public void SetFault(string instanceId, CommandFault fault)
    {
        if (fault == CommandFault.None) _faults.Remove(instanceId);
        else _faults[instanceId] = fault;
    }

    public AfterRebootFault AfterRebootFaultOf(string instanceId) => _afterReboot.TryGetValue(instanceId, out var f) ? f : AfterRebootFault.None;

    public void SetAfterRebootFault(string instanceId, AfterRebootFault fault)
    {
        if (fault == AfterRebootFault.None) _afterReboot.Remove(instanceId);
        else _afterReboot[instanceId] = fault;
    }

    /// <summary>Whether the instance's scans and installs leave at least one approved patch Missing (<c>compliance: NonCompliant</c>).</summary>
    public bool IsNonCompliant(string instanceId) => _nonCompliant.Contains(instanceId);

    public void SetNonCompliant(string instanceId, bool nonCompliant)
    {
        if (nonCompliant) _nonCompliant.Add(instanceId);
        else _nonCompliant.Remove(instanceId);
    }

    public InstancePatchState PatchStateOf(string instanceId) =>
        _patchStates.TryGetValue(instanceId, out var state) ? state : InstancePatchState.Initial(instanceId);

    public void SetPatchState(string instanceId, InstancePatchState state) => _patchStates[instanceId] = state;

    /// <summary>
    /// The instance's root volume was replaced from a snapshot with these patches: they are what the next scan or
    /// install finds. What Patch Manager reports does not change until then (compliance data is only reported by runs).
    /// </summary>
    public void RestorePatches(string instanceId, ImmutableArray<PatchRecord> patches) => _restored[instanceId] = patches;

    /// <summary>The released patches a baseline snapshot approves; null when no command used that SnapshotId yet.</summary>
    public IReadOnlySet<int>? BaselineSnapshot(string snapshotId) => _baselineSnapshots.GetValueOrDefault(snapshotId);

    /// <summary>Releases a patch at <paramref name="at"/>: scans and installs from then on see it (<see cref="ReleasedPatch"/>).</summary>
    public ReleasedPatch Release(ReleasedPatch patch, DateTime at)
    {
        AdvanceTo(at);
        var key = ReleasedPatch.FirstKey + _releases.Count;
        var released = patch with { Key = key, ReleasedAt = at, PatchId = patch.PatchId.Length > 0 ? patch.PatchId : "sandbox-patch-" + (key - ReleasedPatch.FirstKey + 1).ToString(CultureInfo.InvariantCulture) };
        _releases.Add(released);
        return released;
    }

    /// <summary>A CloudWatch alarm's state as the sandbox has it: OK (also for alarms never set), ALARM or INSUFFICIENT_DATA.</summary>
    public string AlarmStateOf(string name) => _alarms.GetValueOrDefault(name, "OK");

    public IReadOnlyDictionary<string, string> Alarms => _alarms;

    /// <summary>Sets an alarm's state at <paramref name="now"/>; ALARM stops every running command that names the alarm.</summary>
    public void SetAlarmState(string name, string state, DateTime now)
    {
        AdvanceTo(now);
        _alarms[name] = state;
        if (state != "ALARM") return;
        foreach (var command in Commands.Where(c => !c.IsTerminal && c.AlarmNames.Contains(name, StringComparer.Ordinal)))
            TriggerAlarm(command, name, now);
    }

    /// <summary>Called once a command is created: a command whose alarm is already in ALARM never starts.</summary>
    public void CheckAlarms(SandboxCommand command, DateTime now)
    {
        if (command.AlarmNames.FirstOrDefault(a => AlarmStateOf(a) == "ALARM") is { } name) TriggerAlarm(command, name, now);
    }

    private void TriggerAlarm(SandboxCommand command, string name, DateTime at)
    {
        command.TriggeredAlarm = name;
        command.CancelRequested = true;
        foreach (var invocation in command.Invocations.Where(i => !i.IsTerminal))
            End(invocation, "Cancelled", "Cancelled", at, -1, invocation.Output);
        Settle(command);
    }

    public SandboxCommand? Find(string commandId) => Commands.FirstOrDefault(c => c.CommandId == commandId);

    /// <summary>Plays every command forward to <paramref name="now"/>, then ends the reboots due by then.</summary>
    public void AdvanceTo(DateTime now)
    {
        foreach (var command in Commands.Where(c => !c.IsTerminal)) Advance(command, now);
        foreach (var reboot in _reboots.Where(r => r.EndsAt <= now).ToList()) EndReboot(reboot.InstanceId, reboot.EndsAt);
    }

    /// <summary>
    /// Cancels the invocations that have not finished (all, or those of <paramref name="instanceIds"/>). A command that
    /// has already finished keeps its status, as in SSM: CancelCommand only "attempts to cancel" what still runs.
    /// </summary>
    public void Cancel(SandboxCommand command, IReadOnlyCollection<string> instanceIds, DateTime now)
    {
        Advance(command, now);
        if (command.IsTerminal) return;
        foreach (var invocation in command.Invocations.Where(i => !i.IsTerminal && (instanceIds.Count == 0 || instanceIds.Contains(i.InstanceId))))
            End(invocation, "Cancelled", "Cancelled", now, -1, "");
        if (instanceIds.Count == 0) command.CancelRequested = true;
        Settle(command);
    }

    private void Advance(SandboxCommand command, DateTime now)
    {
        var limit = Limit(command.MaxConcurrency, command.TargetCount, minimum: 1);
        var maxErrors = Limit(command.MaxErrors, command.TargetCount, minimum: 0);
        var cursor = command.RequestedDateTime + DeliveryDelay;
        if (cursor > now)
        {
            Settle(command);
            return;
        }

        while (true)
        {
            // Fill free slots at the cursor; an undeliverable invocation ends at once and takes no slot.
            foreach (var pending in command.Invocations.Where(i => i.Status == "Pending").ToList())
            {
                if (command.Stopped || command.CancelRequested || cursor >= command.ExpiresAfter) break;
                if (pending.Outcome == CommandFault.Undeliverable)
                {
                    End(pending, "Failed", "Undeliverable", cursor, -1, "");
                    continue;
                }

                if (command.Invocations.Count(i => i.Status == "InProgress") >= limit) break;
                pending.Status = "InProgress";
                pending.StatusDetails = "InProgress";
                pending.StartedAt = cursor;
                var duration = command.IsScript ? ScriptDuration : command.Operation == "Install" ? InstallDuration : ScanDuration;
                pending.FinishesAt = cursor + (pending.Outcome == CommandFault.Timeout ? duration + duration : duration);
                // The document fetches its baseline snapshot as it starts: the first use of a SnapshotId fixes it.
                if (command.SnapshotId is { } snapshotId && !_baselineSnapshots.ContainsKey(snapshotId))
                    _baselineSnapshots[snapshotId] = ApprovedAt(cursor);
            }

            var next = command.Invocations.Where(i => i.Status == "InProgress" && i.FinishesAt <= now)
                .OrderBy(i => i.FinishesAt).ThenBy(i => i.InstanceId, StringComparer.Ordinal).FirstOrDefault();
            if (command.ExpiresAfter <= now && (next is null || next.FinishesAt > command.ExpiresAfter))
            {
                // Expired: whatever has not reported (an agent that never came back, work queued behind it) times out.
                foreach (var open in command.Invocations.Where(i => !i.IsTerminal))
                    End(open, "TimedOut", "Delivery Timed Out", command.ExpiresAfter, -1, open.Output);
                break;
            }

            if (next is null) break;
            cursor = next.FinishesAt!.Value;
            Finish(command, next, cursor);
            if (command.ErrorCount > maxErrors && !command.Stopped)
            {
                command.Stopped = true;
                foreach (var pending in command.Invocations.Where(i => i.Status == "Pending"))
                    End(pending, "Cancelled", "Cancelled", cursor, -1, "");
            }
        }

        Settle(command);
    }

    private ImmutableHashSet<int> ApprovedAt(DateTime at) => _releases.Where(r => r.ReleasedAt <= at).Select(r => r.Key).ToImmutableHashSet();

    private void Finish(SandboxCommand command, SandboxInvocation invocation, DateTime at)
    {
        if (invocation.RebootEndsAt is not null)
        {
            ResumeAfterReboot(command, invocation, at);
            return;
        }

        if (command.IsScript)
        {
            FinishScript(command, invocation, at);
            return;
        }

        var before = PatchStateOf(invocation.InstanceId);
        if (_restored.Remove(invocation.InstanceId, out var restored)) before = before with { Patches = restored };
        var instance = _instance(invocation.InstanceId);
        var approved = command.SnapshotId is { } snapshotId ? _baselineSnapshots[snapshotId] : ApprovedAt(invocation.StartedAt ?? at);
        var reported = before with
        {
            LastOperation = command.Operation, LastOperationTime = at, LastCommandId = command.CommandId,
            LastOperationStartTime = invocation.StartedAt, LastRebootOption = command.RebootOption, SnapshotId = command.SnapshotId,
        };
        switch (invocation.Outcome)
        {
            case CommandFault.Fail:
                var failed = instance is null ? before.Patches
                    : PatchOperation.Run(instance, before, command.Operation, command.RebootOption, _releases, approved, at, IsNonCompliant(invocation.InstanceId), failInstall: true).Patches;
                reported = reported with { LastOutcome = "Failed", Patches = command.Operation == "Install" ? failed : before.Patches };
                SetPatchState(invocation.InstanceId, reported);
                End(invocation, "Failed", "Failed", at, 1, Output(command, invocation, reported, failed: true));
                return;
            case CommandFault.Timeout:
                End(invocation, "TimedOut", "Execution Timed Out", at, -1, Output(command, invocation, before, failed: true));
                return;
        }

        var needsReboot = false;
        if (instance is not null)
        {
            var result = PatchOperation.Run(instance, before, command.Operation, command.RebootOption, _releases, approved, at, IsNonCompliant(invocation.InstanceId), failInstall: false);
            reported = reported with { Patches = result.Patches };
            needsReboot = result.NeedsReboot;
        }

        reported = reported with { LastOutcome = "Success", LastInstallTime = command.Operation == "Install" ? at : before.LastInstallTime };
        if (needsReboot && instance?.Ssm is not null)
        {
            // AWS-RunPatchBaseline reboots here; the agent resumes the document after the reboot and reports then.
            StartReboot(instance, at);
            invocation.RebootEndsAt = at + RebootDuration;
            invocation.FinishesAt = invocation.RebootEndsAt;
            invocation.ReportAfterReboot = reported;
            invocation.Output = Output(command, invocation, reported, failed: false, rebooting: true);
            return;
        }

        SetPatchState(invocation.InstanceId, reported);
        End(invocation, "Success", "Success", at, 0, Output(command, invocation, reported, failed: false));
    }

    /// <summary>A script document's invocation ends as the instance's command fault says; it changes no patch state.</summary>
    private static void FinishScript(SandboxCommand command, SandboxInvocation invocation, DateTime at)
    {
        if (!Ssm.ScriptDocuments.Supports(command.DocumentName, invocation.PlatformType))
            End(invocation, "Failed", "Failed", at, 1, $"The document {command.DocumentName} does not support the platform type {invocation.PlatformType} of this instance.");
        else if (invocation.Outcome == CommandFault.Fail)
            End(invocation, "Failed", "Failed", at, 1, "failed to run commands: exit status 1");
        else if (invocation.Outcome == CommandFault.Timeout)
            End(invocation, "TimedOut", "Execution Timed Out", at, -1, "");
        else
            End(invocation, "Success", "Success", at, 0, "");
    }

    private void ResumeAfterReboot(SandboxCommand command, SandboxInvocation invocation, DateTime at)
    {
        var fault = EndReboot(invocation.InstanceId, at);
        if (fault == AfterRebootFault.AgentOffline)
        {
            // The agent never reconnects: nothing reports, and the invocation stays In Progress until the command expires.
            invocation.FinishesAt = null;
            return;
        }

        var reported = invocation.ReportAfterReboot! with { LastOperationTime = at, LastInstallTime = at };
        reported = reported with { Patches = PatchOperation.AfterReboot(reported.Patches) };
        SetPatchState(invocation.InstanceId, reported);
        End(invocation, "Success", "Success", at, 0, Output(command, invocation, reported, failed: false));
    }

    private void StartReboot(SandboxInstance instance, DateTime at)
    {
        _reboots.RemoveAll(r => r.InstanceId == instance.InstanceId);
        _reboots.Add((instance.InstanceId, at + RebootDuration, AfterRebootFaultOf(instance.InstanceId)));
        instance.Ssm!.PingStatus = "ConnectionLost";
        instance.Ssm.LastPingDateTime = at;
        instance.InstanceStatus = "initializing";
        instance.InstanceStatusSince = at;
    }

    /// <summary>Ends the instance's reboot (once): agent and status checks as its after-reboot fault says.</summary>
    private AfterRebootFault EndReboot(string instanceId, DateTime at)
    {
        var index = _reboots.FindIndex(r => r.InstanceId == instanceId);
        if (index < 0) return AfterRebootFault.None;
        var (_, endsAt, fault) = _reboots[index];
        _reboots.RemoveAt(index);
        if (_instance(instanceId) is not { Ssm: { } ssm } instance) return fault;
        if (fault != AfterRebootFault.AgentOffline)
        {
            ssm.PingStatus = "Online";
            ssm.LastPingDateTime = endsAt;
        }

        instance.InstanceStatus = fault == AfterRebootFault.StatusImpaired ? "impaired" : "ok";
        instance.InstanceStatusSince = endsAt;
        instance.BrokenByPatchReboot = fault != AfterRebootFault.None;
        return fault;
    }

    private static void End(SandboxInvocation invocation, string status, string details, DateTime at, int responseCode, string output)
    {
        invocation.Status = status;
        invocation.StatusDetails = details;
        invocation.EndedAt = at;
        invocation.FinishesAt = null;
        invocation.ResponseCode = responseCode;
        invocation.Output = output;
    }

    private static void Settle(SandboxCommand command)
    {
        if (command.Invocations.Count == 0)
        {
            command.Status = command.StatusDetails = command.CancelRequested ? "Cancelled" : "Success";
            return;
        }

        if (command.Invocations.Any(i => !i.IsTerminal))
        {
            if (command.Invocations.Any(i => i.Status != "Pending")) command.Status = command.StatusDetails = "InProgress";
            return;
        }

        var maxErrors = Limit(command.MaxErrors, command.TargetCount, minimum: 0);
        (command.Status, command.StatusDetails) = command.CancelRequested ? ("Cancelled", "Cancelled")
            : command.Stopped || command.ErrorCount > maxErrors ? ("Failed", "Failed")
            : command.Invocations.All(i => i.Status == "Success") ? ("Success", "Success")
            : command.Invocations.Any(i => i.StatusDetails == "Delivery Timed Out") ? ("Failed", "Incomplete")
            : command.ErrorCount == 0 && command.Invocations.Any(i => i.StatusDetails == "Undeliverable") ? ("Success", "Completed with undeliverable targets")
            : ("Success", "Success");
    }

    /// <summary>A count ("10") or a percent of the targets ("10%").</summary>
    public static int Limit(string value, int targets, int minimum)
    {
        if (value.EndsWith('%'))
        {
            var percent = int.Parse(value[..^1], CultureInfo.InvariantCulture);
            return Math.Max(minimum, (int)Math.Ceiling(targets * percent / 100d));
        }

        return Math.Max(minimum, int.Parse(value, CultureInfo.InvariantCulture));
    }

    private static string Output(SandboxCommand command, SandboxInvocation invocation, InstancePatchState state, bool failed, bool rebooting = false)
    {
        var lines = new List<string>
        {
            $"Patch Baseline operation: {command.Operation}",
            $"RebootOption: {command.RebootOption}",
            invocation.PlatformType == "Windows" ? "Invoking patch baseline for Windows." : "Invoking patch baseline for Linux (dnf/yum/apt).",
        };
        if (command.SnapshotId is { } snapshotId) lines.Add($"Using baseline snapshot {snapshotId}.");
        if (failed)
        {
            lines.Add(invocation.Outcome == CommandFault.Timeout
                ? "ERROR: the operation did not finish before the execution timeout."
                : "ERROR: failed to install 1 or more packages; see the package manager log.");
        }
        else if (rebooting)
        {
            lines.Add($"Installed {state.InstalledPendingRebootCount} patches; rebooting the instance to finish the installation.");
        }
        else
        {
            lines.Add($"Installed: {state.InstalledCount}; Missing: {state.MissingCount}; Failed: {state.FailedCount}; InstalledPendingReboot: {state.InstalledPendingRebootCount}");
            lines.Add(command.Operation == "Install" ? "Install completed successfully." : "Scan completed successfully.");
        }

        return string.Join('\n', lines);
    }
}
