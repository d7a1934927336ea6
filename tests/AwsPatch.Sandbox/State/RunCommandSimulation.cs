using System.Globalization;

namespace AwsPatch.Sandbox;

/// <summary>
/// Run Command over simulated time: commands, their invocations, per-instance faults and patch state.
/// <see cref="AdvanceTo"/> plays events in time order: a pending invocation starts when a MaxConcurrency slot is
/// free, runs for the operation's duration, ends as its fault says; once errors exceed MaxErrors the pending rest
/// end Cancelled and the command Failed. A completed scan or install updates the instance's patch state.
/// Every member is called under the <see cref="SandboxState"/> lock.
/// </summary>
public sealed class RunCommandSimulation
{
    private readonly Dictionary<string, CommandFault> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstancePatchState> _patchStates = new(StringComparer.Ordinal);

    public List<SandboxCommand> Commands { get; } = [];

    /// <summary>How long a scan runs on one instance.</summary>
    public TimeSpan ScanDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an install runs on one instance.</summary>
    public TimeSpan InstallDuration { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>From send to the agent starting the document.</summary>
    public TimeSpan DeliveryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public CommandFault FaultOf(string instanceId) => _faults.TryGetValue(instanceId, out var f) ? f : CommandFault.None;

    public void SetFault(string instanceId, CommandFault fault)
    {
        if (fault == CommandFault.None) _faults.Remove(instanceId);
        else _faults[instanceId] = fault;
    }

    public InstancePatchState PatchStateOf(string instanceId) =>
        _patchStates.TryGetValue(instanceId, out var state) ? state : InstancePatchState.Initial(instanceId);

    public void SetPatchState(string instanceId, InstancePatchState state) => _patchStates[instanceId] = state;

    public SandboxCommand? Find(string commandId) => Commands.FirstOrDefault(c => c.CommandId == commandId);

    /// <summary>Plays every command forward to <paramref name="now"/>.</summary>
    public void AdvanceTo(DateTime now)
    {
        foreach (var command in Commands.Where(c => !c.IsTerminal)) Advance(command, now);
    }

    /// <summary>Cancels the invocations that have not finished (all, or those of <paramref name="instanceIds"/>).</summary>
    public void Cancel(SandboxCommand command, IReadOnlyCollection<string> instanceIds, DateTime now)
    {
        Advance(command, now);
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
                if (command.Stopped || command.CancelRequested) break;
                if (pending.Outcome == CommandFault.Undeliverable)
                {
                    End(pending, "Failed", "Undeliverable", cursor, -1, "");
                    continue;
                }

                if (command.Invocations.Count(i => i.Status == "InProgress") >= limit) break;
                pending.Status = "InProgress";
                pending.StatusDetails = "InProgress";
                pending.StartedAt = cursor;
                var duration = command.Operation == "Install" ? InstallDuration : ScanDuration;
                pending.FinishesAt = cursor + (pending.Outcome == CommandFault.Timeout ? duration + duration : duration);
            }

            var next = command.Invocations.Where(i => i.Status == "InProgress" && i.FinishesAt <= now)
                .OrderBy(i => i.FinishesAt).ThenBy(i => i.InstanceId, StringComparer.Ordinal).FirstOrDefault();
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

    private void Finish(SandboxCommand command, SandboxInvocation invocation, DateTime at)
    {
        var before = PatchStateOf(invocation.InstanceId);
        switch (invocation.Outcome)
        {
            case CommandFault.Fail:
                End(invocation, "Failed", "Failed", at, 1, Output(command, invocation, before, failed: true));
                SetPatchState(invocation.InstanceId, before with
                {
                    LastOperation = command.Operation, LastOperationTime = at, LastCommandId = command.CommandId, LastOutcome = "Failed",
                    LastOperationStartTime = invocation.StartedAt, LastRebootOption = command.RebootOption,
                    FailedCount = command.Operation == "Install" ? Math.Max(1, before.MissingCount) : before.FailedCount,
                });
                return;
            case CommandFault.Timeout:
                End(invocation, "TimedOut", "Execution Timed Out", at, -1, Output(command, invocation, before, failed: true));
                return;
        }

        var after = before with
        {
            LastOperation = command.Operation, LastOperationTime = at, LastCommandId = command.CommandId, LastOutcome = "Success",
            LastOperationStartTime = invocation.StartedAt, LastRebootOption = command.RebootOption,
        };
        if (command.Operation == "Install")
        {
            var installed = before.MissingCount;
            after = after with
            {
                InstalledCount = before.InstalledCount + installed,
                MissingCount = 0,
                FailedCount = 0,
                InstalledPendingRebootCount = command.RebootOption == "NoReboot" ? before.InstalledPendingRebootCount + installed : 0,
            };
        }

        SetPatchState(invocation.InstanceId, after);
        End(invocation, "Success", "Success", at, 0, Output(command, invocation, after, failed: false));
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
            command.Status = command.StatusDetails = "Success";
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

    private static string Output(SandboxCommand command, SandboxInvocation invocation, InstancePatchState state, bool failed)
    {
        var lines = new List<string>
        {
            $"Patch Baseline operation: {command.Operation}",
            $"RebootOption: {command.RebootOption}",
            invocation.PlatformType == "Windows" ? "Invoking patch baseline for Windows." : "Invoking patch baseline for Linux (dnf/yum/apt).",
        };
        if (failed)
        {
            lines.Add(invocation.Outcome == CommandFault.Timeout
                ? "ERROR: the operation did not finish before the execution timeout."
                : "ERROR: failed to install 1 or more packages; see the package manager log.");
        }
        else
        {
            lines.Add($"Installed: {state.InstalledCount}; Missing: {state.MissingCount}; Failed: {state.FailedCount}; InstalledPendingReboot: {state.InstalledPendingRebootCount}");
            lines.Add(command.Operation == "Install" ? "Install completed successfully." : "Scan completed successfully.");
        }

        return string.Join('\n', lines);
    }
}
