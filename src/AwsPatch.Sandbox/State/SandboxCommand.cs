namespace AwsPatch.Sandbox;

/// <summary>One Run Command command (SendCommand) and its invocations. Mutate only under the state lock.</summary>
public sealed class SandboxCommand
{
    public required string CommandId { get; init; }
    public required string Region { get; init; }
    public required string DocumentName { get; init; }
    public string? Comment { get; init; }
    public Dictionary<string, List<string>> Parameters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The ids as sent in <c>InstanceIds</c> (empty when <see cref="Targets"/> was used).</summary>
    public List<string> InstanceIds { get; init; } = [];
    public List<(string Key, List<string> Values)> Targets { get; init; } = [];
    public DateTime RequestedDateTime { get; init; }
    public string MaxConcurrency { get; init; } = "50";
    public string MaxErrors { get; init; } = "0";
    public int? TimeoutSeconds { get; init; }
    public string? OutputS3BucketName { get; init; }
    public string? OutputS3KeyPrefix { get; init; }
    public bool CloudWatchOutputEnabled { get; init; }
    public string? CloudWatchLogGroupName { get; init; }

    /// <summary>AlarmConfiguration's alarm names (the model allows one); empty when the command has none.</summary>
    public List<string> AlarmNames { get; init; } = [];
    public bool IgnorePollAlarmFailure { get; init; }
    public bool HasAlarmConfiguration => AlarmNames.Count > 0;

    /// <summary>The alarm that went to ALARM and stopped the command (TriggeredAlarms); null while none did.</summary>
    public string? TriggeredAlarm { get; set; }

    /// <summary>Pending, InProgress, Success, Failed, Cancelled, TimedOut (CommandStatus).</summary>
    public string Status { get; set; } = "Pending";
    public string StatusDetails { get; set; } = "Pending";

    /// <summary>Set when MaxErrors was exceeded: no further invocation starts.</summary>
    public bool Stopped { get; set; }
    public bool CancelRequested { get; set; }
    public List<SandboxInvocation> Invocations { get; } = [];

    /// <summary>A script document (AWS-RunShellScript, AWS-RunPowerShellScript): it changes no patch state.</summary>
    public bool IsScript => DocumentName != Ssm.SsmRunCommandHandler.PatchDocument;

    public string Operation => Parameters.TryGetValue("Operation", out var v) && v.Count > 0 ? v[0] : "Scan";
    /// <summary>AWS-RunPatchBaseline's SnapshotId: the baseline snapshot every invocation uses; null when not given.</summary>
    public string? SnapshotId => Parameters.TryGetValue("SnapshotId", out var v) && v.Count > 0 && v[0].Length > 0 ? v[0] : null;

    /// <summary>When the command expires: every invocation not finished by then ends Delivery Timed Out.</summary>
    public DateTime ExpiresAfter => RequestedDateTime.AddSeconds((TimeoutSeconds ?? 3600) + 3600);

    public string RebootOption => Parameters.TryGetValue("RebootOption", out var v) && v.Count > 0 ? v[0] : "RebootIfNeeded";

    public int TargetCount => Invocations.Count;
    public int CompletedCount => Invocations.Count(i => i.IsTerminal);

    /// <summary>Failed and execution-timed-out invocations; undeliverable and delivery-timed-out ones do not count (as in Systems Manager).</summary>
    public int ErrorCount => Invocations.Count(i => (i.Status is "Failed" && i.StatusDetails != "Undeliverable") || (i.Status == "TimedOut" && i.StatusDetails != "Delivery Timed Out"));
    public int DeliveryTimedOutCount => Invocations.Count(i => i.StatusDetails == "Delivery Timed Out");
    public bool IsTerminal => Status is "Success" or "Failed" or "Cancelled" or "TimedOut";
}
